import { readFile } from 'node:fs/promises'
import type { Finding } from '../model/finding.js'
import type { ScanReport, SuppressedFinding } from '../model/report.js'
import { BaselineError } from '../errors.js'
import { carrierText } from './apply.js'

/** What a baseline needs from an earlier JSON report. */
export interface Baseline {
  scanId: string
  target: string
  startedAt: string
  /** check id + carrier of every finding the earlier scan made, suppressed ones included. */
  keys: Set<string>
}

/**
 * A finding's identity across scans: the check and the carrier it concerns (ids and timings change from
 * scan to scan); a code finding's also its file and its handler (or the locked package), not its line.
 */
export function findingKey(f: Pick<Finding, 'id' | 'carrier' | 'code'>): string {
  const base = `${f.id} ${carrierText(f.carrier) ?? '-'}`
  if (!f.code || !f.id.startsWith('SG-SRC-')) return base
  const anchor = f.code.advisory ? `${f.code.advisory.package}@${f.code.advisory.version}` : (f.code.handler?.name ?? '-')
  return `${base} ${f.code.location.file} ${anchor}`
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The parts of an earlier report's code evidence the key needs, read defensively. */
function codeOf(v: unknown): Finding['code'] | undefined {
  if (!isObj(v) || !isObj(v.location) || typeof v.location.file !== 'string') return undefined
  const str = (x: unknown): string => (typeof x === 'string' ? x : '')
  const code = {
    location: { file: v.location.file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    language: '',
    flow: [],
    excerpt: { startLine: 1, lines: [] },
  } as NonNullable<Finding['code']>
  if (isObj(v.handler)) code.handler = { name: str(v.handler.name), location: code.location }
  if (isObj(v.advisory))
    code.advisory = { ecosystem: '', package: str(v.advisory.package), version: str(v.advisory.version), ids: [], fixedIn: '', source: '' }
  return code
}

/** Reads an earlier `--format json` report; anything else is refused with what was expected. */
export function parseBaseline(text: string, source: string): Baseline {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new BaselineError(
      `--baseline ${source}: not JSON (${(err as Error).message.slice(0, 80)}); pass a report written with --format json or -o report.json`,
    )
  }
  if (!isObj(raw) || !isObj(raw.tool) || raw.tool.name !== 'sessionguard' || !Array.isArray(raw.findings)) {
    throw new BaselineError(
      `--baseline ${source}: not a sessionguard JSON report (expected tool.name "sessionguard" and a findings list); write one with -o report.json`,
    )
  }
  const keys = new Set<string>()
  const add = (f: unknown): void => {
    if (isObj(f) && typeof f.id === 'string') {
      const c =
        isObj(f.carrier) && typeof f.carrier.kind === 'string' && typeof f.carrier.name === 'string'
          ? { kind: f.carrier.kind, name: f.carrier.name }
          : undefined
      keys.add(
        findingKey({
          id: f.id as Finding['id'],
          ...(c ? { carrier: c as NonNullable<Finding['carrier']> } : {}),
          ...(codeOf(f.code) ? { code: codeOf(f.code)! } : {}),
        }),
      )
    }
  }
  for (const f of raw.findings) add(f)
  if (Array.isArray(raw.suppressed)) for (const s of raw.suppressed) if (isObj(s)) add(s.finding)
  const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 200) : '')
  return { scanId: str(raw.scanId), target: str(raw.target), startedAt: str(raw.startedAt), keys }
}

/**
 * Moves findings the baseline already had to `suppressed` (by: baseline): the gate then fails only on
 * what is new. The score is left alone: it describes the target, not the change.
 */
export function applyBaseline(report: ScanReport, baseline: Baseline): ScanReport {
  const active: Finding[] = []
  const suppressed: SuppressedFinding[] = [...(report.suppressed ?? [])]
  const when = baseline.startedAt ? ` of ${baseline.startedAt.slice(0, 10)}` : ''
  for (const f of report.findings) {
    if (baseline.keys.has(findingKey(f)))
      suppressed.push({ by: 'baseline', reason: `already in the baseline scan ${baseline.scanId.slice(0, 8)}${when}`, finding: f })
    else active.push(f)
  }
  const notes = [...report.notes]
  if (baseline.target && baseline.target !== report.target)
    notes.push(`The baseline report is of a different target (${baseline.target}); findings were matched by check and carrier only.`)
  return { ...report, findings: active, notes, ...(suppressed.length ? { suppressed } : {}) }
}

/** Reads the baseline report a config or flag names; an unreadable file is refused before any request. */
export async function readBaseline(path: string): Promise<Baseline> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new BaselineError(
      `--baseline ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); write one with -o report.json on the reference scan`,
    )
  }
  return parseBaseline(text, path)
}
