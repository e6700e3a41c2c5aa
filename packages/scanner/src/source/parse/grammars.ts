import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Language as TsLanguage, Parser } from 'web-tree-sitter'
import type { Language } from '../ir.js'
import { SourceCheckError } from '../../errors.js'

// The grammars are WebAssembly builds shipped inside npm packages (@vscode/tree-sitter-wasm, built
// by the VS Code team from the official tree-sitter grammars; the runtime is web-tree-sitter), so
// installing needs no compiler and nothing is downloaded at install or at run time. The Action's
// bundle carries copies of the same files in action/grammars/ (its build copies them).

const FILES: Record<Language, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  rust: 'tree-sitter-rust.wasm',
  ruby: 'tree-sitter-ruby.wasm',
}
export const RUNTIME_WASM = 'web-tree-sitter.wasm'
export const GRAMMAR_FILES: readonly string[] = [RUNTIME_WASM, ...Object.values(FILES)]

/** Where the installed packages keep the runtime and the grammars (undefined inside a bundle, where they are not installed). */
export function installedWasmPaths(): Record<string, string> | undefined {
  try {
    const require = createRequire(import.meta.url)
    const grammars = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm')
    const runtime = join(dirname(require.resolve('web-tree-sitter')), RUNTIME_WASM)
    const out: Record<string, string> = { [RUNTIME_WASM]: runtime }
    for (const f of Object.values(FILES)) out[f] = join(grammars, f)
    return out
  } catch {
    return undefined
  }
}

/** The Action's bundle (action/index.mjs) keeps its copies in action/grammars/, beside itself. */
function besideModule(): string | undefined {
  try {
    const dir = fileURLToPath(new URL('./grammars/', import.meta.url))
    return existsSync(join(dir, RUNTIME_WASM)) ? dir : undefined
  } catch {
    return undefined
  }
}

export class Grammars {
  private ready: Promise<void> | undefined
  private readonly languages = new Map<Language, Promise<TsLanguage>>()
  private readonly paths: Record<string, string>

  /** `dir`: a folder holding every file of GRAMMAR_FILES (the Action's bundle); default: the installed packages. */
  constructor(dir?: string) {
    const folder = dir ?? (installedWasmPaths() ? undefined : besideModule())
    const paths = folder ? Object.fromEntries(GRAMMAR_FILES.map((f) => [f, join(folder, f)])) : installedWasmPaths()
    if (!paths) throw new SourceCheckError('the tree-sitter grammars are not installed (@vscode/tree-sitter-wasm, web-tree-sitter)')
    for (const [name, path] of Object.entries(paths))
      if (!existsSync(path)) throw new SourceCheckError(`the tree-sitter file ${name} is missing (looked for ${path})`)
    this.paths = paths
  }

  private readonly parsers = new Map<Language, Parser>()

  /** One parser per language, reused for every file of a check. */
  async parser(language: Language): Promise<Parser> {
    const cached = this.parsers.get(language)
    if (cached) return cached
    this.ready ??= Parser.init({ locateFile: () => this.paths[RUNTIME_WASM]! })
    await this.ready
    let lang = this.languages.get(language)
    if (!lang) {
      lang = TsLanguage.load(this.paths[FILES[language]]!)
      this.languages.set(language, lang)
    }
    const parser = new Parser()
    parser.setLanguage(await lang)
    this.parsers.set(language, parser)
    return parser
  }

  /** Frees the parsers' WebAssembly memory. */
  close(): void {
    for (const p of this.parsers.values()) p.delete()
    this.parsers.clear()
  }
}
