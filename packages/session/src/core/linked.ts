// A rotation with a grace window leaves two ids behind: the new one and the rotated-away one (which
// names its successor; the new one names its predecessor). Logging out or revoking either must end
// both, also when a further rotation or logout races with it.
import { ConditionFailedError, SessionConflictError } from '../errors.js'
import type { SessionRecord, SessionStore } from '../stores/types.js'
import { storeCall } from './lifecycle.js'

/** Rotations chained within one grace window are few; this bounds the walk whatever the table holds. */
const MAX_LINKED = 8
const MAX_DELETE_ATTEMPTS = 8

/**
 * Deletes `start` and every id linked to it by a rotation. Each delete is conditional on the version
 * just read, so a rotation that lands meanwhile makes it fail, and the re-read then shows the new
 * successor to follow: no id a concurrent rotation creates from a deleted one survives. `firstUserId`
 * makes the first delete conditional on the owner too (revokeSession). Returns how many were deleted.
 */
export async function endLinked(store: SessionStore, start: SessionRecord, what: string, firstUserId?: string): Promise<number> {
  const seen = new Set<string>()
  const queue: SessionRecord[] = [start]
  let deleted = 0
  while (queue.length > 0 && seen.size < MAX_LINKED) {
    let record: SessionRecord | undefined = queue.shift()!
    if (seen.has(record.key)) continue
    seen.add(record.key)
    const expectedUserId = record === start ? firstUserId : undefined
    /** The latest copy read: if the id is gone by now, its links as last seen are still followed. */
    let known = record
    for (let attempt = 0; record; attempt++) {
      if (attempt >= MAX_DELETE_ATTEMPTS) throw new SessionConflictError('the session kept changing while it was being ended; try again')
      const current: SessionRecord = record
      try {
        await storeCall(what, () => store.write([{ op: 'delete', key: current.key, expectedVersion: current.version, expectedUserId }]))
        deleted++
        break
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
        const fresh: SessionRecord | undefined = await storeCall(what, () => store.get(current.key))
        if (fresh && expectedUserId !== undefined && fresh.userId !== expectedUserId) return deleted
        record = fresh
        if (fresh) known = fresh
      }
    }
    const from = known
    for (const link of [from.successor, from.predecessor]) {
      if (link === undefined || seen.has(link)) continue
      const next = await storeCall(what, () => store.get(link))
      // Follow a predecessor only if it names this record back: the two were one rotation.
      if (next && (link === from.successor || next.successor === from.key)) queue.push(next)
    }
  }
  return deleted
}
