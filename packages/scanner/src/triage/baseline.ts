import type { Finding } from '../model/finding.js'
import type { ScanReport, SuppressedFinding } from '../model/report.js'
import { BaselineError } from '../errors.js'
import { carrierText } from './apply.js'
import { fileErrorName, readBoundedText } from '../config/read-file.js'
import { LineCounter, parseDocument } from 'yaml'
import { jsonErrorOffset } from '../config/json-position.js'
import { positionOf, where } from '../config/position.js'

/** A JSON report with its evidence and pictures stays well under this; past it the file is not a baseline. */
export const MAX_BASELINE_BYTES = 32 * 1024 * 1024

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, col: offset - before.lastIndexOf('\n') }
}

/** What a baseline needs from an earlier JSON report. */
export interface Baseline {
  scanId: string
  target: string
  startedAt: string
  /** check id + carrier of every finding the earlier scan made, suppressed ones included. */
  keys: Set<string>
}

/** A finding's identity across scans: the check and the carrier it concerns (ids and timings change from scan to scan). */
export function findingKey(f: Pick<Finding, 'id' | 'carrier'>): string {
  return `${f.id} ${carrierText(f.carrier) ?? '-'}`
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** What makes a parsed file not a JSON report, and where; undefined when it is one. */
function notAReport(raw: unknown): { path: string[]; why: string } | undefined {
  if (!isObj(raw)) return { path: [], why: 'expected a JSON object with tool and findings' }
  if (!isObj(raw.tool)) return { path: [], why: 'it has no tool: { name: "sessionguard" }' }
  if (raw.tool.name !== 'sessionguard') return { path: ['tool', 'name'], why: 'tool.name is not "sessionguard"' }
  if (!Array.isArray(raw.findings)) return { path: raw.findings === undefined ? [] : ['findings'], why: 'it has no findings list' }
  return undefined
}

/** Reads an earlier `--format json` report; anything else is refused with what was expected. */
export function parseBaseline(text: string, source: string): Baseline {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    const at = jsonErrorOffset(text)
    const pos = at === undefined ? undefined : lineAndColumn(text, at)
    const why = at === undefined || at >= text.length ? 'it ends too early' : `unexpected ${JSON.stringify(text[at])}`
    throw new BaselineError(
      `--baseline ${where(source, pos)}: not JSON (${why}); pass a report written with --format json or -o report.json`,
    )
  }
  const wrong = notAReport(raw)
  if (wrong || !isObj(raw) || !Array.isArray(raw.findings)) {
    // the key that is not what a report has, found in the text (JSON is YAML)
    const lines = new LineCounter()
    // the YAML parser's memory grows fast with size (a 50 MB file took 1.8 GB): a position only for a page-sized file
    const pos =
      wrong?.path.length && text.length <= 1024 * 1024
        ? positionOf(parseDocument(text, { lineCounter: lines }), lines, wrong.path)
        : undefined
    throw new BaselineError(
      `--baseline ${where(source, pos?.exact ? pos : undefined)}: not a sessionguard JSON report (${wrong?.why ?? 'no findings list'}); write one with -o report.json`,
    )
  }
  const keys = new Set<string>()
  const add = (f: unknown): void => {
    if (isObj(f) && typeof f.id === 'string') {
      const c =
        isObj(f.carrier) && typeof f.carrier.kind === 'string' && typeof f.carrier.name === 'string'
          ? { kind: f.carrier.kind, name: f.carrier.name }
          : undefined
      keys.add(findingKey({ id: f.id as Finding['id'], ...(c ? { carrier: c as NonNullable<Finding['carrier']> } : {}) }))
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

/** Reads the baseline report a config or flag names (at most MAX_BASELINE_BYTES); an unreadable file is refused before any request. */
export async function readBaseline(path: string): Promise<Baseline> {
  let text: string | undefined
  try {
    text = await readBoundedText(path, MAX_BASELINE_BYTES)
  } catch (err) {
    throw new BaselineError(
      `--baseline ${path}: cannot read it (${fileErrorName(err)}); write one with -o report.json on the reference scan`,
    )
  }
  if (text === undefined)
    throw new BaselineError(
      `--baseline ${path}: larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB, so not a report this scanner wrote; write one with -o report.json on the reference scan`,
    )
  return parseBaseline(text, path)
}
