import { SessionConflictError } from '../errors.js'
import type { SessionRecord } from '../stores/types.js'
import type { ResolvedOptions } from './options.js'
import { deadBy, storeCall } from './lifecycle.js'
import { endLinked } from './linked.js'
import { forEachLimited } from './limited.js'
import { allUserKeys } from './user-keys.js'

/** What an adapter can tell about the client, asked only at login and only when recordDevice wants it. */
export interface ClientInfo {
  userAgent?: string | undefined
  ip?: string | undefined
}

const MAX_USER_AGENT = 256
const MAX_IP = 64

/** Client-sent text for a devices page: control characters dropped, length capped (it is stored with every session). */
function clean(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .trim()
    .slice(0, max)
  // a lone surrogate left by the cut (or sent) cannot be stored as UTF-8
  return text.length > 0 ? text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '') : undefined
}

/** The login-time attributes of a new session: when, and (opt-in) from which client. */
export function loginAttributes(
  opts: ResolvedOptions,
  now: number,
  client: (() => ClientInfo) | undefined,
): Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> {
  const out: Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> = { authenticatedAt: now }
  if (!client || (!opts.recordDevice.userAgent && !opts.recordDevice.ip)) return out
  const info = client()
  const userAgent = opts.recordDevice.userAgent ? clean(info.userAgent, MAX_USER_AGENT) : undefined
  const ip = opts.recordDevice.ip ? clean(info.ip, MAX_IP) : undefined
  if (userAgent !== undefined) out.userAgent = userAgent
  if (ip !== undefined) out.ip = ip
  return out
}

/** Sessions "sign out other devices" ends at once (each an endLinked walk: a read and a delete or two). */
const ENDS_IN_FLIGHT = 16
/** What a walk needs of a session: whose it is and its links. */
const LINK_FIELDS: ReadonlyArray<keyof SessionRecord> = ['userId', 'successor', 'predecessor']
/** Rounds of following rotations that committed while the call ran; past this it fails (409) rather than report success. */
const MAX_ROUNDS = 16

/**
 * Ends every session of `userId` but `keepKey` ("sign out other devices"), found the way revokeUser
 * finds them: the keys recent logins appended to the user item (which the index may not show yet) and
 * the index. Each is ended the way logout() ends a session, following its rotation links, so a device
 * that regenerates its id meanwhile does not keep the new one. A rotation that deletes the old id at
 * once (rotationGrace 0) leaves no link on it: such successors are found on the list (which every
 * listed login appends to) and in the index, by the `predecessor` they record. A login that commits
 * after the call began stays.
 */
export async function revokeOtherSessions(opts: ResolvedOptions, userId: string, keepKey: string): Promise<number> {
  const { store } = opts
  const spare = [keepKey]
  const dead = deadBy(opts)
  /**
   * Keys this call set out to end; a fresh key whose predecessor is one of them is a rotation of it.
   * The caller's own key too: this call keeps the id the caller holds, not a new id that someone
   * holding a copy of it (a thief) rotates it to meanwhile. A rotation just before the first read
   * is ended as another session; one that lands during the call must not fare better. If it was the
   * caller's own browser, it signs in again.
   */
  const taken = new Set<string>([keepKey])
  const looked = new Set<string>([keepKey])
  let ended = 0
  const end = async (key: string, record: SessionRecord | undefined): Promise<void> => {
    const found = record ?? (await storeCall('revoke others', () => store.get(key)))
    if (found?.userId !== userId) return
    // (not `ended += await …`: that reads `ended` before the await, and the walks run in parallel)
    const n = await endLinked(store, found, 'revoke others', { ownerId: userId, spare, dead })
    ended += n
  }
  const user = await storeCall('revoke others', () => store.getUser(userId))
  const first = (await allUserKeys(store, userId, user)).filter((k) => !looked.has(k))
  for (const key of first) {
    taken.add(key)
    looked.add(key)
  }
  // The links of every session in a few batched reads (not a read per session): what a walk starts from.
  const records = await storeCall('revoke others', () => store.getMany(first, LINK_FIELDS))
  await forEachLimited(chainEnds(records, userId), ENDS_IN_FLIGHT, (r) => end(r.key, r))
  for (let round = 0; ; round++) {
    // The list has every listed login; the index also the ones made while the list was full.
    const now = await storeCall('revoke others', () => store.getUser(userId))
    const fresh = (await allUserKeys(store, userId, now)).filter((k) => !looked.has(k))
    if (fresh.length === 0) break
    for (const key of fresh) looked.add(key)
    const records = await storeCall('revoke others', () => store.getMany(fresh, LINK_FIELDS))
    const successors = records.filter((r) => r.userId === userId && r.predecessor !== undefined && taken.has(r.predecessor))
    if (successors.length === 0) break
    if (round >= MAX_ROUNDS) throw new SessionConflictError('sessions kept rotating while other devices were being signed out; try again')
    for (const r of successors) taken.add(r.key)
    await forEachLimited(chainEnds(successors, userId), ENDS_IN_FLIGHT, (r) => end(r.key, r))
  }
  // A rotation of the caller's own id that neither the list (full) nor the index (lagging) shows yet:
  // its link is on that id. One that lands after this read comes after the call.
  const mine = await storeCall('revoke others', () => store.get(keepKey))
  if (mine?.successor !== undefined && !looked.has(mine.successor)) await end(mine.successor, undefined)
  return ended
}

/**
 * The records to start a walk from: those whose successor is not among them. A record whose successor
 * is listed too is reached by the successor's walk if it still authenticates (a predecessor in its
 * grace window), and left to TTL if not. Walking from every listed id of a long-lived session that
 * rotates often would walk its whole chain of kept dead ids from each of them, and a chain longer than
 * the walk's bound would fail the call.
 */
function chainEnds(records: SessionRecord[], userId: string): SessionRecord[] {
  const keys = new Set(records.filter((r) => r.userId === userId).map((r) => r.key))
  return records.filter((r) => r.successor === undefined || !keys.has(r.successor))
}
