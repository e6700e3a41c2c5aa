import type { HistoryStore } from './types.js'

export interface MigrationResult {
  /** Summaries re-derived from their stored reports. */
  migrated: number
  /** Scans whose report is no longer in the store: their summaries are left as they are. */
  missing: string[]
}

/**
 * Re-derives every summary written before summaries recorded whether a fixation check ran, from the
 * report stored beside it: the letter then stands or goes on the report's own checks, and the target's
 * state (latest scan, trend) is folded again. The reports are saved back unchanged; saving a scan again
 * replaces it in both stores, so running this twice changes nothing.
 */
export async function migrateSummaries(store: HistoryStore): Promise<MigrationResult> {
  const out: MigrationResult = { migrated: 0, missing: [] }
  for (const e of await store.list()) {
    if (e.kind !== 'scan' || e.fixationRan !== undefined) continue
    const stored = await store.get(e.scanId)
    if (!stored) {
      out.missing.push(e.scanId)
      continue
    }
    await store.save(stored.report, { source: e.source, target: e.target })
    out.migrated += 1
  }
  return out
}
