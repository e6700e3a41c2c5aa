import { diffReports } from '../diff/diff.js'
import { fleetRows, fleetTags } from '../fleet/view.js'
import { compareEntries } from '../store/summary.js'
import { graded } from '../store/graded.js'
import { targetKey } from '../store/target-key.js'
import type { HistoryEntry, HistoryStore, TargetStatus } from '../store/types.js'

export interface ApiResult {
  status: number
  body: unknown
}

/** One target as the dashboard's overview draws it: current grade plus the points of its chart. */
export interface TargetView {
  target: string
  status: 'up' | 'down'
  scans: number
  /** null: the latest scan earned no letter (no fixation check ran). */
  grade?: string | null
  /** "13 of 18" checks ran in the latest scan, and whether the fixation checks all ran. */
  coverage?: string
  complete?: boolean
  score?: number
  latestScanId?: string
  lastSeenAt: string
  series: Array<{ scanId: string; startedAt: string; score: number; grade: string | null; bySeverity: Record<string, number> }>
  outages: Array<{ at: string; error: string }>
}

/** Every target with its whole series (a full listing: for small histories), or one target's (`only`). */
async function targets(store: HistoryStore, only?: string): Promise<TargetView[]> {
  const [statuses, entries] = only === undefined ? await Promise.all([store.targets(), store.list()]) : await oneTarget(store, only)
  const byTarget = new Map<string, HistoryEntry[]>()
  for (const e of entries.sort(compareEntries)) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e])
  return statuses.map((s) => {
    const es = byTarget.get(s.target) ?? []
    const view: TargetView = {
      target: s.target,
      status: s.status,
      scans: s.scans,
      lastSeenAt: s.lastSeenAt,
      series: es.flatMap((e) =>
        e.kind === 'scan'
          ? [{ scanId: e.scanId, startedAt: e.startedAt, score: e.score, grade: e.grade, bySeverity: { ...e.bySeverity } }]
          : [],
      ),
      outages: es.flatMap((e) => (e.kind === 'down' ? [{ at: e.at, error: e.error }] : [])),
    }
    if (s.latest)
      Object.assign(view, {
        grade: s.latest.grade,
        score: s.latest.score,
        latestScanId: s.latest.scanId,
        ...(s.latest.coverage ? { coverage: s.latest.coverage, complete: s.latest.complete } : {}),
      })
    return view
  })
}

async function oneTarget(store: HistoryStore, target: string): Promise<[TargetStatus[], HistoryEntry[]]> {
  const [state, entries] = await Promise.all([store.state(target), store.list(target)])
  if (!state?.lastEntryAt || state.status === 'never') return [[], []]
  const status: TargetStatus = { target: state.target, scans: state.scans, status: state.status, lastSeenAt: state.lastEntryAt }
  if (state.latest) status.latest = state.latest
  return [[status], entries]
}

/** The JSON API behind the page. Read-only: the dashboard never changes the history. */
export async function handleApi(
  store: HistoryStore,
  path: string,
  query: URLSearchParams,
  now: () => number = Date.now,
): Promise<ApiResult> {
  if (path === '/api/targets') {
    const only = query.get('target')
    return { status: 200, body: await targets(store, only === null ? undefined : targetKey(only)) }
  }
  if (path === '/api/fleet') {
    // one item per target, whatever the length of the history: the page's overview at any fleet size
    const states = await store.fleet()
    const tag = query.get('tag')
    const rows = fleetRows(states, now(), { ...(tag ? { tag } : {}), overdueOnly: query.get('overdue') === '1' })
    return { status: 200, body: { now: new Date(now()).toISOString(), tags: fleetTags(states), rows } }
  }
  if (path === '/api/scans') {
    const target = query.get('target') ?? undefined
    return { status: 200, body: await store.list(target) }
  }
  const one = /^\/api\/scans\/([^/]+)$/.exec(path)
  if (one) {
    let id: string
    try {
      id = decodeURIComponent(one[1]!)
    } catch {
      return { status: 400, body: { error: 'malformed scan id' } }
    }
    const scan = await store.get(id)
    return scan ? { status: 200, body: { ...scan, report: graded(scan.report) } } : { status: 404, body: { error: 'no such scan' } }
  }
  if (path === '/api/diff') {
    const a = query.get('a')
    const b = query.get('b')
    if (!a || !b) return { status: 400, body: { error: 'give two scan ids: /api/diff?a=<older>&b=<newer>' } }
    const [sa, sb] = await Promise.all([store.get(a), store.get(b)])
    if (!sa || !sb) return { status: 404, body: { error: `no such scan: ${!sa ? 'a' : 'b'}` } }
    return { status: 200, body: diffReports(sa.report, sb.report) }
  }
  return { status: 404, body: { error: 'no such endpoint' } }
}
