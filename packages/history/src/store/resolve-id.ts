import { AmbiguousScanIdError, ScanNotFoundError } from '../errors.js'
import type { HistoryStore, StoredScan } from './types.js'

/** Shortest prefix accepted for a scan id: shorter ones match too much to be a deliberate choice. */
export const MIN_PREFIX = 4

function commonPrefix(ids: string[]): number {
  let n = 0
  while (ids.every((id) => id.length > n && id[n] === ids[0]![n])) n++
  return n
}

/** A full scan id, or an unambiguous prefix of one (ids are UUIDs; nobody types all 36 characters). */
export async function resolveScan(store: HistoryStore, idOrPrefix: string): Promise<StoredScan> {
  const exact = await store.get(idOrPrefix)
  if (exact) return exact
  const matches = (await store.list()).flatMap((e) => (e.kind === 'scan' && e.scanId.startsWith(idOrPrefix) ? [e.scanId] : []))
  const unique = [...new Set(matches)]
  if (idOrPrefix.length < MIN_PREFIX) {
    if (unique.length > 0)
      throw new AmbiguousScanIdError(
        `scan id prefix ${JSON.stringify(idOrPrefix)} is too short: give at least ${MIN_PREFIX} characters (see \`sessionguard history\`)`,
      )
    throw new ScanNotFoundError(idOrPrefix)
  }
  if (unique.length > 1) {
    const need = Math.max(MIN_PREFIX, commonPrefix(unique) + 1)
    const shown = unique
      .slice(0, 3)
      .map((id) => `${id.slice(0, need)}…`)
      .join(', ')
    throw new AmbiguousScanIdError(
      `scan id prefix ${JSON.stringify(idOrPrefix)} is ambiguous: it matches ${unique.length} scans (${shown}${unique.length > 3 ? ', …' : ''}); give at least ${need} characters`,
    )
  }
  const only = unique[0] ? await store.get(unique[0]) : undefined
  if (only) return only
  throw new ScanNotFoundError(idOrPrefix)
}
