import { constants } from 'node:fs'
import { open, readdir } from 'node:fs/promises'
import { join, posix, relative, sep } from 'node:path'
import type { Language, ModuleIR } from './ir.js'
import type { Tree } from 'web-tree-sitter'
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
// a tree of millions of other files (or empty folders) is walked no further than this
const MAX_ENTRIES = 1_000_000
// all source text together: about 2.5 million lines, far past a medium repository; the texts and
// their IR stay in memory for the whole check, so this bounds its memory (about 1 GB at the limit)
const MAX_TOTAL_SOURCE_BYTES = 100_000_000

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
  let seen = 0
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
      if (out.sources.length + out.lockfiles.length >= MAX_FILES || ++seen > MAX_ENTRIES) {
        const why = seen > MAX_ENTRIES ? `entries past the first ${MAX_ENTRIES} of the tree` : `files past the first ${MAX_FILES}`
        if (!out.skipped.includes(why)) out.skipped.push(why)
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

/** A regular file's text, up to `max` bytes; a link put in the file's place since the listing is not followed. */
export async function readText(root: string, path: string, max: number): Promise<string | undefined> {
  const full = join(root, ...path.split('/'))
  const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const st = await handle.stat()
    if (!st.isFile() || st.size > max) return undefined
    const buf = Buffer.alloc(Math.min(st.size, max) + 1)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    // a file that grew past the limit while read is left out as a large one
    return bytesRead > max ? undefined : buf.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

export const LIMITS = { source: MAX_SOURCE_BYTES, lockfile: MAX_LOCKFILE_BYTES, totalSource: MAX_TOTAL_SOURCE_BYTES }

/**
 * Deeper than any hand-written code (real handlers nest a few dozen levels): the converters and the
 * interpreter walk the tree recursively, and a file of 100,000 nested brackets would exhaust the
 * stack of the whole check. Measured without recursion.
 */
export const MAX_NESTING = 400

function deeperThan(tree: Tree, max: number): boolean {
  const cursor = tree.walk()
  try {
    let depth = 0
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++depth > max) return true
        continue
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return false
        depth--
      }
    }
  } finally {
    cursor.delete()
  }
}

/** Why a file is left out of the check, when it is. */
export type ParseOutcome = { module: ModuleIR } | { left: string }

/** Parses one file into the IR, or says why it is left out (the parser gave up, nesting too deep). */
export async function parseFile(grammars: Grammars, path: string, language: Language, text: string): Promise<ParseOutcome> {
  const parser = await grammars.parser(language)
  const tree = parser.parse(text)
  if (!tree) return { left: 'the parser gave up' }
  try {
    if (deeperThan(tree, MAX_NESTING)) return { left: `nested deeper than ${MAX_NESTING} levels` }
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
    return { module: m }
  } catch (err) {
    // a stack the depth bound did not foresee: this file is left out, not the whole check
    if (err instanceof RangeError) return { left: 'too deeply nested to follow' }
    throw err
  } finally {
    tree.delete()
  }
}
