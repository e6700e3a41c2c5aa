import { fixationRan, type ScanReport, type Severity } from '@sessionguard/scanner'
import type { HistoryEntry, ScanMeta, ScanSummary, TargetState, TargetStatus, TrendPoint } from './types.js'
import { SCAN_SOURCES, TREND_POINTS } from './types.js'
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
    target: targetKey(meta.target ?? report.target),
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    source: meta.source,
    score: report.score.value,
    grade: graded(report).score.grade,
    findings: report.findings.length,
    bySeverity,
    fixationRan: fixationRan(report.checks),
  }
  if (report.coverage) Object.assign(summary, { coverage: `${report.coverage.ran} of ${report.coverage.total}`, complete: report.complete })
  if (report.tokens) summary.tokenBits = report.tokens.effectiveBits
  return summary
}

/**
 * A summary as a listing may show it: a letter only with the evidence for it. Summaries written before
 * they recorded `fixationRan` still carry the letter an old scanner gave a scan without any fixation check
 * (a login-less "A"); for them the letter stands only when `complete` says every fixation check ran.
 * (An old summary with a letter for a scan where some but not all fixation checks ran shows none until
 * `history --migrate` re-derives it from its stored report.)
 */
export function shownSummary(s: ScanSummary): ScanSummary {
  if (s.grade === null || s.fixationRan !== undefined || s.complete === true) return s
  return { ...s, grade: null }
}

/** An entry as a listing may show it (see shownSummary). */
export function shownEntry(e: HistoryEntry): HistoryEntry {
  return e.kind === 'scan' ? shownSummary(e) : e
}

/** A target's state as the fleet views may show it: its latest scan and trend points without an unproven letter. */
export function shownState(state: TargetState): TargetState {
  if (!state.latest) return state
  const latest = shownSummary(state.latest)
  if (latest === state.latest) return state
  // the latest scan's trend point is the one a state written before fixationRan carries for certain
  return { ...state, latest, recent: state.recent.map((p) => (p.scanId === latest.scanId ? { ...p, grade: latest.grade } : p)) }
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

export function emptyState(target: string): TargetState {
  return { target, status: 'never', recent: [], scans: 0 }
}

function point(s: ScanSummary): TrendPoint {
  return { at: s.startedAt, scanId: s.scanId, score: s.score, grade: shownSummary(s).grade ?? null }
}

/**
 * A target's state after one more entry. Entries may arrive out of order (a late save of an older scan):
 * the newest entry by time decides the status and the latest scan, whatever the order of arrival.
 * `replaced` is true when the entry overwrote a stored one with the same id (saving a scan again).
 */
export function foldState(state: TargetState, entry: HistoryEntry, replaced = false): TargetState {
  const next: TargetState = { ...state, recent: [...state.recent] }
  const time = entryTime(entry)
  const newest = state.lastEntryAt === undefined || compareTimes(time, state.lastEntryAt) >= 0
  if (newest) {
    next.lastEntryAt = time
    next.status = entry.kind === 'scan' ? 'up' : 'down'
  }
  if (entry.kind !== 'scan') return next
  if (!replaced) next.scans += 1
  if (!state.latest || state.latest.scanId === entry.scanId || compareEntries(state.latest, entry) <= 0) next.latest = entry
  next.recent = [...next.recent.filter((p) => p.scanId !== entry.scanId), point(entry)]
    .sort((a, b) => compareTimes(a.at, b.at) || a.scanId.localeCompare(b.scanId))
    .slice(-TREND_POINTS)
  return next
}

function compareTimes(a: string, b: string): number {
  return a.localeCompare(b)
}

/** The state of one target from its whole history (the file store's way; DynamoDB keeps it as an item). */
export function stateFromEntries(target: string, entries: HistoryEntry[]): TargetState {
  return [...entries].sort(compareEntries).reduce((s, e) => foldState(s, e), emptyState(target))
}
