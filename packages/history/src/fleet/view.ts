import type { Grade, Severity } from '@sessionguard/scanner'
import type { TargetState, TrendPoint } from '../store/types.js'
import { isOverdue } from './rounds.js'

/** One target of the fleet as `history --fleet` and the dashboard show it. */
export interface FleetRow {
  target: string
  /** The name from the targets file, else the target. */
  name: string
  tags: string[]
  /** null before the first scan, or when the latest scan has no grade: shown as "—", sorted as unknown. */
  grade: Grade | null
  score?: number
  findings?: number
  bySeverity?: Record<Severity, number>
  coverage?: string
  complete?: boolean
  latestScanId?: string
  lastEntryAt?: string
  status: 'up' | 'down' | 'never'
  /** A whole round went by without an entry (see isOverdue); only for targets a monitor registered. */
  overdue: boolean
  everyMs?: number
  shard?: string
  scans: number
  /** The recent scores, oldest first, and the change of the newest from the one before. */
  trend: { points: TrendPoint[]; delta?: number }
}

export interface FleetFilter {
  tag?: string
  overdueOnly?: boolean
}

const GRADE_RANK: Record<Grade, number> = { F: 0, D: 1, C: 2, B: 3, A: 4 }

/** F before D … before A, then lower score, then name; targets without a grade after the graded ones, by name. */
export function compareWorstFirst(a: FleetRow, b: FleetRow): number {
  const ra = a.grade ? GRADE_RANK[a.grade] : 5
  const rb = b.grade ? GRADE_RANK[b.grade] : 5
  if (ra !== rb) return ra - rb
  // a score without a grade says nothing a reader should rank by
  if (a.grade === null) return a.name.localeCompare(b.name) || a.target.localeCompare(b.target)
  const sa = a.score ?? Infinity
  const sb = b.score ?? Infinity
  if (sa !== sb) return sa - sb
  return a.name.localeCompare(b.name) || a.target.localeCompare(b.target)
}

function gradeOf(value: unknown): Grade | null {
  return typeof value === 'string' && value in GRADE_RANK ? (value as Grade) : null
}

export function fleetRow(s: TargetState, nowMs: number): FleetRow {
  const reg = s.registration
  const points = s.recent
  const last = points.at(-1)
  const before = points.at(-2)
  const row: FleetRow = {
    target: s.target,
    name: reg?.name || s.target,
    tags: reg?.tags ?? [],
    grade: gradeOf(s.latest?.grade),
    status: s.status,
    overdue: reg ? isOverdue(reg.registeredAt, reg.everyMs, s.lastEntryAt, nowMs) : false,
    scans: s.scans,
    trend: { points, ...(last && before ? { delta: last.score - before.score } : {}) },
  }
  const l = s.latest
  if (l) {
    Object.assign(row, { score: l.score, findings: l.findings, bySeverity: l.bySeverity, latestScanId: l.scanId })
    if (l.coverage) Object.assign(row, { coverage: l.coverage, complete: l.complete })
  }
  if (s.lastEntryAt) row.lastEntryAt = s.lastEntryAt
  if (reg) {
    row.everyMs = reg.everyMs
    if (reg.shard) row.shard = reg.shard
  }
  return row
}

/** The fleet, worst first, optionally only one tag or only the overdue targets. */
export function fleetRows(states: TargetState[], nowMs: number, filter: FleetFilter = {}): FleetRow[] {
  return states
    .map((s) => fleetRow(s, nowMs))
    .filter((r) => (filter.tag === undefined || r.tags.includes(filter.tag)) && (!filter.overdueOnly || r.overdue))
    .sort(compareWorstFirst)
}

/** Every tag used in the fleet, sorted. */
export function fleetTags(states: TargetState[]): string[] {
  return [...new Set(states.flatMap((s) => s.registration?.tags ?? []))].sort()
}
