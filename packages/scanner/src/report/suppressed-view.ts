import type { ScanReport, SuppressedFinding } from '../model/report.js'
import { untrusted } from './text.js'

/** One suppressed finding as every format lists it: what it is, and who set it aside and why. */
export interface SuppressedRow {
  id: string
  severity: string
  title: string
  carrier?: string
  by: SuppressedFinding['by']
  reason: string
  expires?: string
}

export function suppressedRows(report: ScanReport): SuppressedRow[] {
  return (report.suppressed ?? []).map((s) => ({
    id: s.finding.id,
    severity: s.finding.severity,
    title: untrusted(s.finding.title, 300),
    ...(s.finding.carrier ? { carrier: `${s.finding.carrier.kind} ${untrusted(s.finding.carrier.name, 80)}` } : {}),
    by: s.by,
    reason: untrusted(s.reason, 400),
    ...(s.expires ? { expires: s.expires } : {}),
  }))
}

/** "suppressed by the ignore list until 2027-01-31: reason" */
export function suppressedWhy(r: SuppressedRow): string {
  return r.by === 'ignore'
    ? `suppressed by the ignore list${r.expires ? ` until ${r.expires}` : ''}: ${r.reason}`
    : `suppressed by the baseline: ${r.reason}`
}

/** The gate in one line, e.g. "fails on high or worse (default) · passed". */
export function gateLine(report: ScanReport): string | undefined {
  const g = report.gate
  if (!g) return undefined
  const on =
    g.failOn === 'none' ? 'findings never fail it' : `fails on ${g.failOn} or worse${g.failOnSource === 'default' ? ' (default)' : ''}`
  const parts = [on]
  if (g.threshold !== undefined) parts.push(`score under ${g.threshold} fails it`)
  if (g.baseline) parts.push(`only findings new since scan ${untrusted(g.baseline.scanId, 80).slice(0, 8)} count`)
  return `${parts.join(' · ')} → ${g.passed ? 'passed' : `FAILED: ${untrusted(g.reasons.join('; '), 600)}`}`
}
