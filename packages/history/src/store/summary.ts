import type { ScanReport, Severity } from '@sessionguard/scanner'
import type { HistoryEntry, ScanMeta, ScanSummary, TargetStatus } from './types.js'
import { SCAN_SOURCES } from './types.js'
import { targetKey } from './target-key.js'
import { graded } from './graded.js'

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']

export function summarize(report: ScanReport, meta: ScanMeta): ScanSummary {
  if (!SCAN_SOURCES.includes(meta.source)) throw new TypeError(`unknown scan source ${JSON.stringify(meta.source)}`)
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of report.findings) bySeverity[f.severity] += 1
  const summary: ScanSummary = {
    kind: 'scan',
    scanId: report.scanId,
    target: targetKey(report.target),
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    source: meta.source,
    score: report.score.value,
    grade: graded(report).score.grade,
    findings: report.findings.length,
    bySeverity,
  }
  if (report.coverage) Object.assign(summary, { coverage: `${report.coverage.ran} of ${report.coverage.total}`, complete: report.complete })
  if (report.tokens) summary.tokenBits = report.tokens.effectiveBits
  return summary
}

export function entryTime(e: HistoryEntry): string {
  return e.kind === 'scan' ? e.startedAt : e.at
}

export function entryId(e: HistoryEntry): string {
  return e.kind === 'scan' ? e.scanId : e.id
}

/** Chronological, ties broken by id, so every store lists the same scans in the same order. */
export function compareEntries(a: HistoryEntry, b: HistoryEntry): number {
  const t = entryTime(a).localeCompare(entryTime(b))
  return t !== 0 ? t : entryId(a).localeCompare(entryId(b))
}

/** Folds a chronological listing into one status per target. */
export function targetStatuses(entries: HistoryEntry[]): TargetStatus[] {
  const byTarget = new Map<string, TargetStatus>()
  for (const e of [...entries].sort(compareEntries)) {
    const cur = byTarget.get(e.target) ?? { target: e.target, scans: 0, status: 'up' as const, lastSeenAt: entryTime(e) }
    cur.lastSeenAt = entryTime(e)
    if (e.kind === 'scan') {
      cur.scans += 1
      cur.latest = e
      cur.status = 'up'
    } else {
      cur.status = 'down'
    }
    byTarget.set(e.target, cur)
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target))
}
