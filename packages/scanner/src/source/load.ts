import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, posix, relative, sep } from 'node:path'
import type { Language, ModuleIR } from './ir.js'
import type { Grammars } from './parse/grammars.js'
import { convertJavaScript } from './lang/javascript.js'
import { convertPython } from './lang/python.js'
import { convertRust } from './lang/rust.js'
import { convertRuby } from './lang/ruby.js'
import { secretLiterals } from './secrets.js'

// Reads a project: the source files of the four languages and the lockfiles, skipping what is not
// the project's own code (dependencies, build output, virtual environments), never following a
// symbolic link out of the directory, and leaving out files too large to be hand-written.

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'target',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  '.next',
  '.nuxt',
  'coverage',
  'vendor',
  '.tox',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.turbo',
  '.cache',
  'bower_components',
])
const EXTENSIONS: Record<string, Language> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.rs': 'rust',
  '.rb': 'ruby',
}
export const LOCKFILE_NAMES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'Cargo.lock',
])
const MAX_SOURCE_BYTES = 1_000_000
const MAX_LOCKFILE_BYTES = 50_000_000
const MAX_FILES = 50_000

export interface Listing {
  sources: Array<{ path: string; language: Language }>
  lockfiles: string[]
  skipped: string[]
}

export function isRequirementsFile(name: string): boolean {
  return /^requirements.*\.txt$/i.test(name) || name === 'constraints.txt'
}

/** Paths are relative to `root`, with '/' separators. */
export async function listProject(root: string, exclude: readonly string[] = []): Promise<Listing> {
  const out: Listing = { sources: [], lockfiles: [], skipped: [] }
  const excluded = exclude.map((e) => e.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''))
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      out.skipped.push(`${rel(root, dir)}/ (unreadable)`)
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (out.sources.length + out.lockfiles.length >= MAX_FILES) {
        out.skipped.push(`files past the first ${MAX_FILES}`)
        return
      }
      const full = join(dir, e.name)
      const path = rel(root, full)
      if (excluded.some((x) => path === x || path.startsWith(`${x}/`))) continue
      if (e.isSymbolicLink()) continue
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(full)
        continue
      }
      if (!e.isFile()) continue
      if (LOCKFILE_NAMES.has(e.name) || isRequirementsFile(e.name)) {
        out.lockfiles.push(path)
        continue
      }
      const ext = posix.extname(e.name)
      const language = EXTENSIONS[ext]
      if (!language || e.name.endsWith('.d.ts') || e.name.endsWith('.min.js')) continue
      out.sources.push({ path, language })
    }
  }
  await walk(root)
  return out
}

function rel(root: string, full: string): string {
  return relative(root, full).split(sep).join('/')
}

export async function readText(root: string, path: string, max: number): Promise<string | undefined> {
  const full = join(root, ...path.split('/'))
  const st = await lstat(full)
  if (!st.isFile() || st.size > max) return undefined
  return readFile(full, 'utf8')
}

export const LIMITS = { source: MAX_SOURCE_BYTES, lockfile: MAX_LOCKFILE_BYTES }

/** Parses one file into the IR; undefined when the parser gives up on it. */
export async function parseFile(grammars: Grammars, path: string, language: Language, text: string): Promise<ModuleIR | undefined> {
  const parser = await grammars.parser(language)
  const tree = parser.parse(text)
  if (!tree) return undefined
  try {
    const lines = text.split('\n').length
    const m =
      language === 'python'
        ? convertPython(tree.rootNode, path, lines)
        : language === 'rust'
          ? convertRust(tree.rootNode, path, lines)
          : language === 'ruby'
            ? convertRuby(tree.rootNode, path, lines)
            : convertJavaScript(tree.rootNode, path, language, lines)
    m.secrets = secretLiterals(tree.rootNode)
    return m
  } finally {
    tree.delete()
  }
}
