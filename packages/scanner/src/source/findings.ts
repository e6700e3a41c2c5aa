import type { CodeEvidence, CodeLocation, CodeStep, Finding } from '../model/finding.js'
import type { FrameworkId } from '../model/report.js'
import { makeFinding } from '../checks/make-finding.js'
import { stripControls } from '../text/controls.js'
import type { Pos } from './ir.js'
import type { ShapeFinding } from './shapes.js'
import type { SessionWrite, StoreKeyHit } from './flow/interpret.js'
import type { AdvisoryHit } from './advisories/match.js'
import { maskLine, type SecretRange } from './secrets.js'

// Shapes and advisory hits become Findings of the report model: title, severity, references and the
// framework's fix from the registry (make-finding.ts), plus the code evidence (location, handler,
// flow, excerpt) every renderer shows.

/** The text of the checked files, for excerpts; paths as the findings carry them. */
export interface FileTexts {
  text(file: string): string | undefined
  secrets(file: string): readonly SecretRange[]
  /** The path a report shows for a file of the project (the check root's prefix added). */
  display(file: string): string
}

const EXCERPT_BEFORE = 2
const EXCERPT_AFTER = 2
const LINE_MAX = 200

export function location(files: FileTexts, file: string, pos: Pos): CodeLocation {
  return { file: files.display(file), line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn }
}

export function excerpt(files: FileTexts, file: string, line: number): CodeEvidence['excerpt'] {
  const text = files.text(file)
  if (text === undefined) return { startLine: line, lines: [] }
  const all = text.split('\n')
  const start = Math.max(1, line - EXCERPT_BEFORE)
  const end = Math.min(all.length, line + EXCERPT_AFTER)
  const lines: string[] = []
  for (let n = start; n <= end; n++) {
    const raw = maskLine(all[n - 1] ?? '', n, files.secrets(file)).replace(/\r$/, '')
    const clean = stripControls(raw.replace(/\t/g, '  '))
    lines.push(clean.length > LINE_MAX ? `${clean.slice(0, LINE_MAX - 1)}…` : clean)
  }
  return { startLine: start, lines }
}

function steps(files: FileTexts, flow: ShapeFinding['flow']): CodeStep[] {
  return flow.map((s) => ({ ...location(files, s.file, s.pos), note: s.note }))
}

function languageOf(file: string): string {
  if (/\.py$/.test(file)) return 'python'
  if (/\.rs$/.test(file)) return 'rust'
  if (/\.rb$/.test(file)) return 'ruby'
  if (/\.tsx$/.test(file)) return 'tsx'
  if (/\.[mc]?ts$/.test(file)) return 'typescript'
  return 'javascript'
}

function carrierText(hit: StoreKeyHit): string {
  const t = hit.taint
  if (t.carrier === 'cookie') return t.name ? `the cookie ${t.name}` : 'the Cookie header'
  return `the ${t.carrier === 'header' ? 'header' : t.carrier === 'query' ? 'query parameter' : 'body field'} ${t.name ?? ''}`.trim()
}

export function shapeFinding(s: ShapeFinding, files: FileTexts): Finding {
  const h = s.handler
  const where = `${files.display(s.file)}:${s.pos.line}`
  const handlerText = `${h.name}${h.route ? '' : ' (route not known)'}`
  const code: CodeEvidence = {
    location: location(files, s.file, s.pos),
    language: languageOf(s.file),
    handler: { name: h.name, ...(h.route ? { route: h.route } : {}), location: location(files, h.module.file, h.fn.pos) },
    flow: steps(files, s.flow),
    excerpt: excerpt(files, s.file, s.pos.line),
  }
  if (s.shape === 'client-id') {
    const hit = s.detail as StoreKeyHit
    const carrier =
      hit.taint.carrier === 'cookie' || hit.taint.carrier === 'header' || hit.taint.carrier === 'query'
        ? { kind: hit.taint.carrier, name: hit.taint.name ?? (hit.taint.carrier === 'cookie' ? '*' : '') }
        : undefined
    const summary =
      `The login handler ${handlerText} stores the session item under ${hit.attr} (${hit.api}, ${where}), and that key is ` +
      `${carrierText(hit)} as the client sent it (${hit.taint.steps.length} step${hit.taint.steps.length === 1 ? '' : 's'} from the request to the key). ` +
      "An attacker who plants an id in the victim's browser (a cookie set by a sibling subdomain, a crafted link, a shared computer) " +
      "gets that id back as the victim's logged-in session."
    return {
      ...makeFinding(
        'SG-SRC-CLIENT-ID',
        { summary, evidence: [], confidence: 'firm', titleSuffix: h.name, ...(carrier && carrier.name ? { carrier } : {}) },
        h.framework,
      ),
      code,
    }
  }
  const w = s.detail as SessionWrite
  const summary =
    `The login handler ${handlerText} writes ${w.key} into the session the request arrived with (${where}) and nothing on ` +
    'that path gives the session a new id, so a session id planted before the login (or obtained from the login page) ' +
    'is the authenticated session afterwards.'
  return { ...makeFinding('SG-SRC-NO-ROTATE', { summary, evidence: [], confidence: 'firm', titleSuffix: h.name }, h.framework), code }
}

const ADVISORY_FRAMEWORK: Record<string, FrameworkId> = {
  passport: 'express',
  '@fastify/passport': 'fastify',
  'express-openid-connect': 'express',
  django: 'django',
}

export function advisoryFinding(hit: AdvisoryHit, lockfile: string, files: FileTexts): Finding {
  const { advisory: a, locked: l } = hit
  const via = l.via?.length ? ` (pulled in by ${l.via.join(' › ')})` : ''
  const summary =
    `${files.display(lockfile)} resolves ${l.name} to ${l.version}${via}, inside the affected range of ${a.ids.join(' / ')}: ${a.summary} ` +
    `Fixed in: ${a.fix}. Source: ${a.source}.`
  const pos: Pos = { line: l.line, column: 1, endLine: l.line, endColumn: 2 }
  const code: CodeEvidence = {
    location: location(files, lockfile, pos),
    language: 'lockfile',
    flow: [],
    excerpt: excerpt(files, lockfile, l.line),
    advisory: {
      ecosystem: a.ecosystem,
      package: l.name,
      version: l.version,
      ids: a.ids,
      fixedIn: a.fix,
      source: a.source,
      ...(l.via?.length ? { via: l.via } : {}),
    },
  }
  const framework = ADVISORY_FRAMEWORK[a.package] ?? 'generic'
  return {
    ...makeFinding(
      'SG-SRC-ADVISORY',
      { summary, evidence: [], confidence: 'firm', severity: a.severity, titleSuffix: `${l.name} ${l.version}, ${a.ids[0]}` },
      framework,
    ),
    code,
  }
}
