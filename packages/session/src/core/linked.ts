// A rotation with a grace window leaves two ids behind: the new one and the rotated-away one (which
// names its successor; the new one names its predecessor). Logging out or revoking either must end
// both, also when a further rotation, a logout or a store failure comes in between.
import { ConditionFailedError, SessionConflictError } from '../errors.js'
import type { SessionRecord, SessionStore } from '../stores/types.js'
import { storeCall } from './lifecycle.js'

/**
 * Rotations chained within one grace window are few; this bounds the walk whatever the table holds,
 * in each direction. Toward the newest id it fails the walk (409) rather than end part of the chain
 * and report success: the id at that end is the live one. Toward older ids it only stops there: each
 * of them names its successor, so it signs nobody in (its grace window ends it), and failing there
 * would keep the live id alive; whoever rotates a session often enough could block every revocation.
 */
const MAX_LINKED = 64
const MAX_ATTEMPTS = 8
/** What following a link needs of a session. */
const LINK_FIELDS: ReadonlyArray<keyof SessionRecord> = [
  'userId',
  // Stryker disable next-line StringLiteral: a successor left out of the read is found all the same: the delete conditional on it fails and the re-read (the whole record) follows it
  'successor',
  'predecessor',
]

export interface EndOptions {
  /** Makes the delete of `start` conditional on its owner too, and the walk skips other users' sessions (revokeSession). */
  ownerId?: string | undefined
  /** Keys the walk never follows nor ends (revokeOthers: the caller's own session). */
  spare?: Iterable<string>
  /** When `start` is gone at its delete, look for the session a rotation without a grace window made of it (logout, revokeSession). */
  findGoneSuccessor?: boolean
  /**
   * Whether a record no longer authenticates anything (the manager's expiry rules). The walk does not
   * go back past such a predecessor: ids retired before it are older, so dead too, and a long-lived
   * session that rotates often would otherwise make every walk from its current id long.
   */
  dead: (record: SessionRecord) => boolean
}

/** What one walk carries along. */
interface Walk {
  store: SessionStore
  seen: Set<string>
  /** Links followed from the start toward newer ids (successors) and toward older ones (predecessors). */
  newer: number
  older: number
  what: string
  ownerId: string | undefined
  dead: (record: SessionRecord) => boolean
}

/**
 * Deletes `start` and every id linked to it by a rotation, the farthest first and `start` last: if the
 * store fails midway, the id the caller holds still exists and still reaches every id left, so a retry
 * walks the links again. Every delete is conditional
 * on the links just read (the successor, the only link a record gains after it is created), so a
 * rotation that lands meanwhile makes it fail and the re-read shows the new successor to follow: no id
 * a concurrent rotation creates survives. Data writes do not change the links, so a stream of them
 * cannot hold a logout off. Returns how many items were deleted.
 */
export async function endLinked(store: SessionStore, start: SessionRecord, what: string, options: EndOptions): Promise<number> {
  // Stryker disable next-line ArrayDeclaration: ([] → ["Stryker was here"]) a default of one made-up key spares only a session with that key, and store keys are SHA-256 in base64url (43 characters, no spaces); the walk's bound counts links, not spared keys
  const { ownerId, spare = [], findGoneSuccessor = false } = options
  const walk: Walk = { store, seen: new Set<string>([start.key, ...spare]), newer: 0, older: 0, what, ownerId, dead: options.dead }
  const { seen } = walk
  let deleted = 0
  let current: SessionRecord | undefined = start
  for (let attempt = 0; current; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new SessionConflictError('the session kept changing while it was being ended; try again')
    deleted += await endLinksOf(walk, current)
    const record: SessionRecord = current
    try {
      await storeCall(what, () =>
        store.write([{ op: 'delete', key: record.key, expectedSuccessor: record.successor ?? null, expectedUserId: ownerId }]),
      )
      return deleted + 1
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err
      current = await storeCall(what, () => store.get(record.key))
      if (current && ownerId !== undefined && current.userId !== ownerId) return deleted
      // Gone: ended by someone else, or (a server of an earlier version, TTL) rotated away and deleted
      // at once, which leaves the link only on the new id (its predecessor).
      if (!current && findGoneSuccessor) current = await successorOf(store, record, seen, what)
    }
  }
  return deleted // gone meanwhile: ended by a concurrent logout or revocation
}

/**
 * The session a rotation made of `gone`, if `gone` was deleted rather than kept with its link (this
 * version keeps a logged-in session's old id even with no grace window; an earlier one, still running
 * during an upgrade, deleted it, and TTL removes kept ids eventually): a logged-in rotation appends its
 * new key to the user's recent list in the same write, so the list is where to look. One user read and
 * one projected batch read.
 */
async function successorOf(store: SessionStore, gone: SessionRecord, seen: Set<string>, what: string): Promise<SessionRecord | undefined> {
  if (gone.userId === undefined) return undefined
  const user = await storeCall(what, () => store.getUser(gone.userId!))
  const keys = [...new Set(user?.recent.map((r) => r.key) ?? [])].filter((k) => !seen.has(k))
  if (keys.length === 0) return undefined
  const records = await storeCall(what, () => store.getMany(keys, LINK_FIELDS))
  const next = records.find((r) => r.predecessor === gone.key && r.userId === gone.userId)
  // Stryker disable next-line ConditionalExpression: (false) unmarked, a walk that comes back to `next` ends it before its final delete, which then finds it gone: the same ids end, the same count
  if (next) seen.add(next.key)
  return next
}

/**
 * Deletes the ids linked to `from` (not `from` itself), following links transitively, each id after
 * every id found beyond it. A walk cut off by a store fault or the link bound has then deleted only
 * ids at the far end of the chain: what is left still hangs together from `from`, so a retry from the
 * id the caller holds reaches every id still alive (the newest id first of all). Deleting in the order
 * found would remove a middle id first and leave the newest one out of the retry's reach.
 */
async function endLinksOf(walk: Walk, from: SessionRecord): Promise<number> {
  let deleted = 0
  for (const next of await linked(walk, from)) deleted += await endBeyond(walk, next)
  return deleted
}

/** Deletes `record` after the ids linked beyond it, following a rotation that lands meanwhile. */
async function endBeyond(walk: Walk, record: SessionRecord): Promise<number> {
  const { store, what } = walk
  let deleted = 0
  let current: SessionRecord | undefined = record
  for (let attempt = 0; current; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new SessionConflictError('a linked session kept changing while it was being ended; try again')
    deleted += await endLinksOf(walk, current)
    const ending: SessionRecord = current
    try {
      await storeCall(what, () => store.write([{ op: 'delete', key: ending.key, expectedSuccessor: ending.successor ?? null }]))
      return deleted + 1
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err
      current = await storeCall(what, () => store.get(ending.key))
    }
  }
  return deleted
}

/**
 * The records `from` links to that are not yet seen; a predecessor only if it names `from` back (the
 * two were one rotation). With `ownerId` (revokeSession), only records of that user or of no one (the
 * anonymous id a login rotated away): after an account switch in one browser, the other user's new
 * session is theirs, not the revoker's to end.
 */
async function linked(walk: Walk, from: SessionRecord): Promise<SessionRecord[]> {
  const { store, seen, what, ownerId } = walk
  const out: SessionRecord[] = []
  for (const link of [from.successor, from.predecessor]) {
    if (link === undefined || seen.has(link)) continue
    const newer = link === from.successor
    // (the start is one of the MAX_LINKED ids on either side)
    if ((newer ? walk.newer : walk.older) >= MAX_LINKED - 1) {
      if (newer) throw new SessionConflictError('the session kept rotating while it was being ended; try again')
      continue
    }
    const next = await storeCall(what, () => store.get(link))
    if (!next || (!newer && (next.successor !== from.key || walk.dead(next)))) continue
    if (ownerId !== undefined && next.userId !== undefined && next.userId !== ownerId) continue
    seen.add(link)
    if (newer) walk.newer++
    else walk.older++
    out.push(next)
  }
  return out
}
