import type { CheckStatus, Finding, Grade, ScanReport } from '@sessionguard/scanner'
import { graded } from '../store/graded.js'

/** A finding is "the same" across scans when check, carrier and title match; evidence and wording of the summary may change. */
export function findingKey(f: Pick<Finding, 'id' | 'title' | 'carrier'>): string {
  const carrier = f.carrier ? `${f.carrier.kind}:${f.carrier.name}` : '-'
  return `${f.id}|${carrier}|${f.title}`
}

const GRADE_RANK: Record<Grade, number> = { A: 5, B: 4, C: 3, D: 2, F: 1 }

export interface ScanRef {
  scanId: string
  target: string
  startedAt: string
  score: number
  /** null: no fixation check ran in that scan. */
  grade: Grade | null
}

export interface ScanDiff {
  a: ScanRef
  b: ScanRef
  /** In b, not in a. */
  new: Finding[]
  /** In a, and b re-ran that check and did not find it. */
  fixed: Finding[]
  /** In a, missing from b, but b did not re-run the check (not tested, error): unknown, never "fixed". */
  unverified: Array<{ finding: Finding; status: CheckStatus | 'missing' }>
  unchanged: Array<{ before: Finding; after: Finding }>
  score: { before: number; after: number; delta: number }
  /**
   * dropped: a lower letter, or a letter lost (b's fixation checks did not run: what a grade stood on is
   * gone); improved: a higher letter. From no letter to one is neither: there was nothing to compare.
   */
  grade: { before: Grade | null; after: Grade | null; dropped: boolean; improved: boolean }
  /** b is worse than a: a new finding or a lower grade. */
  regression: boolean
}

function rank(g: Grade | null): number | undefined {
  return g === null ? undefined : GRADE_RANK[g]
}

function ref(r: ScanReport): ScanRef {
  return { scanId: r.scanId, target: r.target, startedAt: r.startedAt, score: r.score.value, grade: r.score.grade }
}

function group(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>()
  for (const f of findings) {
    const k = findingKey(f)
    m.set(k, [...(m.get(k) ?? []), f])
  }
  return m
}

/** What changed from scan a to scan b (a is usually the older one). Duplicate identities are matched one for one. */
export function diffReports(olderReport: ScanReport, newerReport: ScanReport): ScanDiff {
  const a = graded(olderReport)
  const b = graded(newerReport)
  const ra = rank(a.score.grade)
  const rb = rank(b.score.grade)
  const before = group(a.findings)
  const after = group(b.findings)
  const statusInB = new Map(b.checks.map((c) => [c.id, c.status]))
  const out: ScanDiff = {
    a: ref(a),
    b: ref(b),
    new: [],
    fixed: [],
    unverified: [],
    unchanged: [],
    score: { before: a.score.value, after: b.score.value, delta: b.score.value - a.score.value },
    grade: {
      before: a.score.grade,
      after: b.score.grade,
      dropped: ra !== undefined && (rb === undefined || rb < ra),
      improved: ra !== undefined && rb !== undefined && rb > ra,
    },
    regression: false,
  }
  for (const [key, olds] of before) {
    const news = after.get(key) ?? []
    const paired = Math.min(olds.length, news.length)
    for (let i = 0; i < paired; i++) out.unchanged.push({ before: olds[i]!, after: news[i]! })
    for (const gone of olds.slice(paired)) {
      const status = statusInB.get(gone.id) ?? 'missing'
      // a check that ran and passed, or ran and found something else, has proven this one gone
      if (status === 'passed' || status === 'failed') out.fixed.push(gone)
      else out.unverified.push({ finding: gone, status })
    }
  }
  for (const [key, news] of after) {
    const olds = before.get(key) ?? []
    out.new.push(...news.slice(olds.length))
  }
  out.regression = out.new.length > 0 || out.grade.dropped
  return out
}
