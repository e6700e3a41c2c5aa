import { ScanNotFoundError } from '../errors.js'
import type { HistoryStore, StoredScan } from './types.js'

/** A full scan id, or an unambiguous prefix of one (ids are UUIDs; nobody types all 36 characters). */
export async function resolveScan(store: HistoryStore, idOrPrefix: string): Promise<StoredScan> {
  const exact = await store.get(idOrPrefix)
  if (exact) return exact
  if (idOrPrefix.length >= 4) {
    const matches = (await store.list()).flatMap((e) => (e.kind === 'scan' && e.scanId.startsWith(idOrPrefix) ? [e.scanId] : []))
    if (matches.length > 1) throw new ScanNotFoundError(idOrPrefix, `(the prefix matches ${matches.length} scans; give more characters)`)
    const only = matches[0] ? await store.get(matches[0]) : undefined
    if (only) return only
  }
  throw new ScanNotFoundError(idOrPrefix)
}
