import { stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { CheckOutcome, Finding } from '../model/finding.js'
import type { SourceSummary } from '../model/report.js'
import type { FrameworkId } from '../model/report.js'
import { SourceDirError } from '../errors.js'
import { ENABLE } from '../checks/needs.js'
import { Grammars } from './parse/grammars.js'
import { LIMITS, listProject, parseFile, readText } from './load.js'
import { Program } from './program.js'
import { findHandlers, type Handler } from './handlers.js'
import { findShapes } from './shapes.js'
import { readLockfile, type Locked } from './lockfiles/index.js'
import { matchAdvisories } from './advisories/match.js'
import { ADVISORIES, type Advisory } from './advisories/data.js'
import { advisoryFinding, excerpt, location, shapeFinding, type FileTexts } from './findings.js'
import type { CodeEvidence } from '../model/finding.js'

// `sessionguard check DIR`: read the project, parse its handlers, look for the two code shapes,
// compare its lockfiles with the advisory data. Everything stays on this machine: no file outside
// DIR is read, nothing is executed, nothing is fetched.

export interface SourceOptions {
  /** Paths under the directory to leave out (tests, fixtures), relative to it. */
  exclude?: readonly string[]
  /** A folder holding the tree-sitter runtime and grammars (the Action's bundle); default: the installed packages. */
  grammarDir?: string
  /** The working directory paths are shown relative to (default process.cwd()). */
  cwd?: string
  /** The advisory list (tests extend it); default: advisories/data.ts. */
  advisories?: readonly Advisory[]
}

/** A handler the check located, for joining a scan's findings by route. */
export interface LocatedHandler {
  name: string
  framework: FrameworkId
  route?: { method: string; path: string }
  location: CodeEvidence['location']
  excerpt: CodeEvidence['excerpt']
  language: string
}

export interface SourceResult {
  summary: SourceSummary
  findings: Finding[]
  outcomes: CheckOutcome[]
  handlers: LocatedHandler[]
  /** The framework most handlers use, for the report's header. */
  framework: FrameworkId
}

export async function checkSource(dir: string, opts: SourceOptions = {}): Promise<SourceResult> {
  const started = Date.now()
  const cwd = opts.cwd ?? process.cwd()
  const root = resolve(cwd, dir)
  const st = await stat(root).catch(() => undefined)
  if (!st) throw new SourceDirError(`${dir}: no such directory`)
  if (!st.isDirectory()) throw new SourceDirError(`${dir}: not a directory (pass the project's folder)`)
  const fromCwd = relative(cwd, root).split(sep).join('/')
  const shownRoot = fromCwd === '' ? '.' : !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : root.split(sep).join('/')
  const prefix = shownRoot === '.' || isAbsolute(shownRoot) ? '' : `${shownRoot}/`

  const listing = await listProject(root, opts.exclude ?? [])
  const texts = new Map<string, string>()
  const secrets = new Map<string, NonNullable<import('./ir.js').ModuleIR['secrets']>>()
  const files: FileTexts = {
    text: (f) => texts.get(f),
    secrets: (f) => secrets.get(f) ?? [],
    display: (f) => `${prefix}${f}`,
  }
  const skipped = [...listing.skipped]
  const program = new Program()
  const languages: Record<string, number> = {}
  let lines = 0
  let bytes = 0
  const grammars = listing.sources.length ? new Grammars(opts.grammarDir) : undefined
  try {
    for (const [i, s] of listing.sources.entries()) {
      if (bytes >= LIMITS.totalSource) {
        skipped.push(`${listing.sources.length - i} source file(s) past the first ${LIMITS.totalSource / 1_000_000} MB of source`)
        break
      }
      const text = await readText(root, s.path, LIMITS.source).catch(() => undefined)
      if (text === undefined) {
        skipped.push(`${prefix}${s.path} (larger than ${LIMITS.source / 1_000_000} MB, not a regular file, or unreadable)`)
        continue
      }
      bytes += text.length
      const parsed = await parseFile(grammars!, s.path, s.language, text)
      if ('left' in parsed) {
        skipped.push(`${prefix}${s.path} (${parsed.left})`)
        continue
      }
      const m = parsed.module
      texts.set(s.path, text)
      if (m.secrets) secrets.set(s.path, m.secrets)
      program.add(m)
      languages[s.language] = (languages[s.language] ?? 0) + 1
      lines += m.lines
    }
  } finally {
    grammars?.close()
  }

  const handlers = findHandlers(program)
  const shapes = findShapes(program, handlers)
  const findings: Finding[] = shapes.map((s) => shapeFinding(s, files))

  const locked: Array<{ file: string; entries: Locked[] }> = []
  for (const lf of listing.lockfiles) {
    const text = await readText(root, lf, LIMITS.lockfile).catch(() => undefined)
    if (text === undefined) {
      skipped.push(`${prefix}${lf} (larger than ${LIMITS.lockfile / 1_000_000} MB or unreadable)`)
      continue
    }
    try {
      locked.push({ file: lf, entries: readLockfile(lf, text) })
      texts.set(lf, text)
    } catch {
      skipped.push(`${prefix}${lf} (not a readable lockfile)`)
    }
  }
  const advisories = opts.advisories ?? ADVISORIES
  for (const l of locked) {
    const seen = new Set<string>()
    for (const hit of matchAdvisories(l.entries, advisories)) {
      const key = `${hit.advisory.source} ${hit.locked.name}@${hit.locked.version}`
      if (seen.has(key)) continue
      seen.add(key)
      findings.push(advisoryFinding(hit, l.file, files))
    }
  }

  const outcomes = outcomesFor(findings, handlers, listing.sources.length, locked, advisories.length)
  const located: LocatedHandler[] = handlers.map((h) => locate(h, files))
  const summary: SourceSummary = {
    root: shownRoot,
    files: listing.sources.length,
    lines,
    languages,
    handlers: handlers.length,
    lockfiles: locked.map((l) => `${prefix}${l.file}`),
    skipped,
    durationMs: Date.now() - started,
  }
  return { summary, findings, outcomes, handlers: located, framework: mainFramework(handlers) }
}

function locate(h: Handler, files: FileTexts): LocatedHandler {
  const out: LocatedHandler = {
    name: h.name,
    framework: h.framework,
    location: location(files, h.module.file, h.fn.pos),
    excerpt: excerpt(files, h.module.file, h.fn.pos.line),
    language: h.module.language,
  }
  if (h.route) out.route = h.route
  return out
}

function mainFramework(handlers: Handler[]): FrameworkId {
  const counts = new Map<FrameworkId, number>()
  for (const h of handlers) counts.set(h.framework, (counts.get(h.framework) ?? 0) + 1)
  let best: FrameworkId = 'generic'
  let n = 0
  for (const [f, c] of counts) if (c > n) [best, n] = [f, c]
  return best
}

function outcomesFor(
  findings: Finding[],
  handlers: Handler[],
  files: number,
  locked: Array<{ entries: Locked[] }>,
  advisories: number,
): CheckOutcome[] {
  const failed = (id: string): boolean => findings.some((f) => f.id === id)
  const out: CheckOutcome[] = []
  for (const id of ['SG-SRC-CLIENT-ID', 'SG-SRC-NO-ROTATE'] as const) {
    if (failed(id)) out.push({ id, status: 'failed', reason: `${handlers.length} handler(s) followed` })
    else if (handlers.length === 0)
      out.push({
        id,
        status: 'not-tested',
        reason: files
          ? `no handler of a supported framework found in ${files} source file(s)`
          : 'no TypeScript/JavaScript, Python, Rust or Ruby source found',
        enableWith: ENABLE.sourceFiles,
      })
    else out.push({ id, status: 'passed', reason: `${handlers.length} handler(s) followed to the end; none has the pattern` })
  }
  const packages = locked.reduce((n, l) => n + l.entries.length, 0)
  if (failed('SG-SRC-ADVISORY'))
    out.push({ id: 'SG-SRC-ADVISORY', status: 'failed', reason: `${packages} locked package(s) compared with ${advisories} advisories` })
  else if (locked.length === 0)
    out.push({ id: 'SG-SRC-ADVISORY', status: 'not-tested', reason: 'no lockfile found', enableWith: ENABLE.sourceFiles })
  else
    out.push({
      id: 'SG-SRC-ADVISORY',
      status: 'passed',
      reason: `${packages} locked package(s) in ${locked.length} lockfile(s) compared with ${advisories} advisories`,
    })
  return out
}
