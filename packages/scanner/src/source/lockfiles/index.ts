import { posix } from 'node:path'
import type { Ecosystem } from '../advisories/data.js'

// Resolved versions from lockfiles: what is installed, not the ranges a manifest asks for. Each
// reader is written for the file's own format (JSON, YAML, yarn's block format, TOML's [[package]]
// tables, pip's requirement lines), keeps the line of each entry for the report, and skips what it
// does not understand rather than guessing.

export interface Locked {
  ecosystem: Ecosystem
  name: string
  version: string
  /** 1-based line of the entry in the lockfile. */
  line: number
  /** The packages that pulled it in, outermost first, when the lockfile says (npm's nested node_modules). */
  via?: string[]
}

export function readLockfile(path: string, text: string): Locked[] {
  const base = posix.basename(path)
  try {
    if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return npmLock(text)
    if (base === 'pnpm-lock.yaml') return pnpmLock(text)
    if (base === 'yarn.lock') return yarnLock(text)
    if (base === 'poetry.lock' || base === 'uv.lock') return tomlPackages(text, 'pypi')
    if (base === 'Cargo.lock') return tomlPackages(text, 'crates')
    if (base === 'Pipfile.lock') return pipfileLock(text)
    return requirements(text)
  } catch {
    // a lockfile that does not parse is reported as unread by the caller, not guessed at
    throw new Error(`${path}: not a readable ${base}`)
  }
}

/**
 * The first line of each JSON key that opens an object at the start of a line ("name": {), read in one pass:
 * looking each entry up with indexOf and counting lines to it took time in the square of the file's
 * size.
 */
function keyLines(text: string): Map<string, number> {
  const out = new Map<string, number>()
  let line = 0
  let start = 0
  while (start <= text.length) {
    const nl = text.indexOf('\n', start)
    const end = nl < 0 ? text.length : nl
    line++
    const m = /^\s*("(?:[^"\\]|\\.)*")\s*:\s*\{\s*$/.exec(text.slice(start, Math.min(end, start + 4096)))
    if (m && !out.has(m[1]!)) out.set(m[1]!, line)
    if (nl < 0) break
    start = nl + 1
  }
  return out
}

function npmLock(text: string): Locked[] {
  const json = JSON.parse(text) as {
    packages?: Record<string, { version?: string; link?: boolean; name?: string }>
    dependencies?: Record<string, NpmV1>
  }
  const out: Locked[] = []
  const lines = keyLines(text)
  const lineOf = (key: string): number => lines.get(JSON.stringify(key)) ?? 1
  if (json.packages) {
    for (const [key, entry] of Object.entries(json.packages)) {
      if (!key || entry.link || !entry.version) continue
      const parts = key
        .split('node_modules/')
        .slice(1)
        .map((p) => p.replace(/\/$/, ''))
      const name = parts.at(-1)
      if (!name) continue
      const locked: Locked = { ecosystem: 'npm', name, version: entry.version, line: lineOf(key) }
      if (parts.length > 1) locked.via = parts.slice(0, -1)
      out.push(locked)
    }
    return out
  }
  const visit = (deps: Record<string, NpmV1>, via: string[]): void => {
    for (const [name, entry] of Object.entries(deps)) {
      if (!entry.version) continue
      const locked: Locked = { ecosystem: 'npm', name, version: entry.version, line: lineOf(name) }
      if (via.length) locked.via = via
      out.push(locked)
      if (entry.dependencies) visit(entry.dependencies, [...via, name])
    }
  }
  if (json.dependencies) visit(json.dependencies, [])
  return out
}
interface NpmV1 {
  version?: string
  dependencies?: Record<string, NpmV1>
}

/** name@version from pnpm keys: /passport/0.5.3 (v5), /passport@0.5.3 (v6), passport@0.5.3(peer@1) (v9). */
function pnpmKey(key: string): { name: string; version: string } | undefined {
  const k = key.replace(/^\//, '').replace(/\(.*$/, '')
  const at = k.lastIndexOf('@')
  if (at > 0) return { name: k.slice(0, at), version: k.slice(at + 1) }
  const slash = k.lastIndexOf('/')
  if (slash > 0) return { name: k.slice(0, slash), version: k.slice(slash + 1).replace(/_.*$/, '') }
  return undefined
}

/**
 * pnpm-lock.yaml's packages: section, read line by line as pnpm writes it (block style, two-space
 * indent): a YAML parser's memory and time grew past a gigabyte and minutes on a 20 MB lockfile.
 * An entry's own `version:` (v5 peer suffixes, non-registry sources) wins over its key's.
 */
function pnpmLock(text: string): Locked[] {
  const out: Locked[] = []
  let inPackages = false
  let current: { key: string; line: number; version?: string } | undefined
  const flush = (): void => {
    const p = current && pnpmKey(current.key)
    if (p) out.push({ ecosystem: 'npm', name: p.name, version: current!.version ?? p.version, line: current!.line })
    current = undefined
  }
  let line = 0
  let start = 0
  while (start <= text.length) {
    const nl = text.indexOf('\n', start)
    const raw = text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '')
    line++
    if (/^\S/.test(raw)) {
      flush()
      inPackages = /^packages:\s*$/.test(raw)
    } else if (inPackages) {
      const key = /^ {2}(?! )('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s#][^#]*?):\s*$/.exec(raw)
      if (key) {
        flush()
        const k = key[1]!
        const unquoted = k.startsWith("'") ? k.slice(1, -1).replace(/''/g, "'") : k.startsWith('"') ? (JSON.parse(k) as string) : k
        current = { key: unquoted, line }
      } else if (current) {
        const v = /^ {4}version:\s*['"]?([^'"\s#]+)['"]?\s*$/.exec(raw)
        if (v) current.version = v[1]!
      }
    }
    if (nl < 0) break
    start = nl + 1
  }
  flush()
  return out
}

/** yarn.lock, classic (passport@^0.5.0: / version "0.5.3") and berry ("passport@npm:^0.5.0": / version: 0.5.3). */
function yarnLock(text: string): Locked[] {
  const out: Locked[] = []
  const lines = text.split('\n')
  let current: { name: string; line: number } | undefined
  lines.forEach((raw, i) => {
    if (!raw.trim() || raw.trimStart().startsWith('#')) return
    if (!raw.startsWith(' ') && raw.trimEnd().endsWith(':')) {
      const first = raw.trimEnd().slice(0, -1).split(',')[0]!.trim().replace(/^"|"$/g, '')
      const at = first.indexOf('@', first.startsWith('@') ? 1 : 0)
      current = at > 0 ? { name: first.slice(0, at), line: i + 1 } : undefined
      return
    }
    const m = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(raw)
    if (m && current) {
      out.push({ ecosystem: 'npm', name: current.name, version: m[1]!, line: current.line })
      current = undefined
    }
  })
  return out
}

/** [[package]] tables with name = "…" and version = "…" (poetry.lock, uv.lock, Cargo.lock). */
function tomlPackages(text: string, ecosystem: Ecosystem): Locked[] {
  const out: Locked[] = []
  let current: { name?: string; version?: string; line: number } | undefined
  const flush = (): void => {
    if (current?.name && current.version) out.push({ ecosystem, name: current.name, version: current.version, line: current.line })
    current = undefined
  }
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line.startsWith('[')) {
      flush()
      if (line === '[[package]]') current = { line: i + 1 }
      return
    }
    if (!current) return
    const m = /^(name|version)\s*=\s*"([^"]*)"/.exec(line)
    if (m) current[m[1] as 'name' | 'version'] = m[2]!
  })
  flush()
  return out
}

function pipfileLock(text: string): Locked[] {
  const json = JSON.parse(text) as Record<string, Record<string, { version?: string }> | undefined>
  const out: Locked[] = []
  const lines = keyLines(text)
  for (const section of ['default', 'develop'])
    for (const [name, entry] of Object.entries(json[section] ?? {})) {
      const version = entry?.version?.replace(/^===?/, '')
      if (version) out.push({ ecosystem: 'pypi', name, version, line: lines.get(JSON.stringify(name)) ?? 1 })
    }
  return out
}

/** name==version pins of a requirements file (ranges are not resolved versions and are skipped). */
function requirements(text: string): Locked[] {
  const out: Locked[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim()
    if (!line || line.startsWith('#') || line.startsWith('-')) return
    const spec = line.split(';')[0]!.trim()
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*([^\s,]+)$/.exec(spec)
    if (m) out.push({ ecosystem: 'pypi', name: m[1]!, version: m[3]!, line: i + 1 })
  })
  return out
}
