import { ConditionFailedError, SessionDataError } from '../errors.js'
import { findCookieValue } from '../cookie/parse.js'
import type { RecentKey, SessionRecord, UserRecord } from '../stores/types.js'
import { checksEpoch as checksEpochOf, deadBy, liveUntil, storeCall, storeFailure, verdict } from './lifecycle.js'
import { endLinked } from './linked.js'
import { assertUserId } from './user-id.js'
import { resolveOptions, type ResolvedOptions, type SessionManagerOptions } from './options.js'
import { Session, type ResponseContext, type SessionData } from './session.js'
import { ConnectionKeys } from './connection-keys.js'
import { hashToken, isWellFormedToken, safeEqual } from './token.js'
import { forEachLimited } from './limited.js'
import { allUserKeys, sortedPage } from './user-keys.js'

/** A live session of a user, as listSessions reports it. `handle` is the token's hash, not a credential. */
export interface SessionInfo {
  handle: string
  createdAt: number
  /** When the user entered credentials for this session (login). */
  authenticatedAt: number
  lastSeenAt: number
  expiresAt: number
  /** The factors the session completed (RFC 8176 names), when login() or completeFactor() recorded any. */
  amr?: string[]
  /** Present on a login still waiting for these factors (a password-only session: worth showing the user). */
  pendingFactors?: string[]
  /** Only with the recordDevice option, as sent at login (control characters removed, length capped). */
  userAgent?: string
  ip?: string
}

/** One page of listSessions: `cursor` asks for the next one, and is absent on the last page. */
export interface SessionPage {
  sessions: SessionInfo[]
  cursor?: string
}

export interface ListOptions {
  /** At most this many sessions are read for the page (1 to 1000). */
  limit: number
  /** The cursor of the previous page; none for the first. */
  cursor?: string | undefined
}

export interface SessionManager<D extends object = SessionData> {
  readonly options: Readonly<ResolvedOptions>
  /** The session of a request from its Cookie header. Throws StoreUnavailableError when the store fails and onStoreError is 'fail'. */
  load(cookieHeader: string | string[] | undefined, ctx?: ResponseContext, connection?: object): Promise<Session<D>>
  /**
   * load() for framework adapters: the Session itself when it is decided without waiting (no cookie,
   * or a store with synchronous reads and nothing to write), else the same promise as load(), so a
   * hook can hand over in the same tick. Store failures always arrive as a rejected promise.
   *
   * `connection`, if given, is an object that lives as long as the client's connection (node's
   * `req.socket`): the last Cookie header that carried a token on it is remembered there with the
   * token's hash, so a keep-alive client sending the same cookie again costs a constant-time
   * comparison instead of a cookie scan and a SHA-256.
   */
  loadNow(cookieHeader: string | string[] | undefined, ctx?: ResponseContext, connection?: object): Session<D> | Promise<Session<D>>
  /**
   * Ends every session of a user, including ones created a moment ago that the index does not list
   * yet. Returns how many were deleted. Safe to retry after a failure: a retry still ends every
   * session from before the first call.
   */
  revokeUser(userId: string): Promise<number>
  /**
   * The user's revocation epoch. Read it before checking a password and pass it to
   * `login(userId, { epoch })`: a revokeUser in between then fails the login (SessionRevokedError, 409).
   */
  userEpoch(userId: string): Promise<number>
  /** The user's live sessions, most recently seen first. */
  listSessions(userId: string): Promise<SessionInfo[]>
  /**
   * One page of them: at most `limit` sessions are read, most recently seen first within the page;
   * pass the returned cursor for the next page. A session created while paging may be left out, and
   * one can show on two pages if the recent list is pruned meanwhile (compare handles).
   */
  listSessions(userId: string, page: ListOptions): Promise<SessionPage>
  /** Ends one session of a user by the handle listSessions gave, with the other id of a rotation in its grace window. Returns whether it existed. */
  revokeSession(userId: string, handle: string): Promise<boolean>
}

const alwaysWritable: ResponseContext = { canSetCookie: () => true }
const MAX_ATTEMPTS = 5
/** Entries one trim removes per write (the size of one update expression). */
const TRIM_MAX = 100
/** Deletes one revokeUser keeps in flight. */
const DELETES_IN_FLIGHT = 16
/**
 * Signed values of the session cookie verified per request. Browsers send one value per path and
 * domain a cookie was set for, a handful at most; a crafted header with hundreds would otherwise buy
 * an HMAC per value and secret.
 */
const MAX_MAC_CANDIDATES = 4
/** What listSessions reads of each session: never its data. */
const LIST_FIELDS: ReadonlyArray<keyof SessionRecord> = [
  'userId',
  'createdAt',
  'lastSeenAt',
  'absoluteExpiresAt',
  'expiresAt',
  'userEpoch',
  'successor',
  'authenticatedAt',
  'factors',
  'pendingFactors',
  'userAgent',
  'ip',
  'checkEpoch',
]
const MAX_PAGE = 1000

/** The one place sessions are decided; adapters only move cookies between HTTP and this. */
export function createSessionManager<D extends object = SessionData>(options: SessionManagerOptions): SessionManager<D> {
  const opts = resolveOptions(options)
  const { store } = opts
  const cookieName = opts.cookie.name
  const { mac } = opts.cookie
  // In-process stores answer reads synchronously; then a request that writes nothing never waits.
  const readsNow = typeof store.getSync === 'function' && (opts.revocationCheck !== 'every-read' || typeof store.getUserSync === 'function')
  const checksEpoch = (record: SessionRecord | undefined): record is SessionRecord & { userId: string } => checksEpochOf(record, opts)

  const connectionKeys = new ConnectionKeys()
  const dead = deadBy(opts)

  function background(work: () => Promise<unknown>): Promise<void> {
    return work().then(
      () => undefined,
      (err: unknown) => opts.onBackgroundError(err),
    )
  }

  function load(
    cookieHeader: string | string[] | undefined,
    ctx: ResponseContext = alwaysWritable,
    connection?: object,
  ): Promise<Session<D>> {
    const session = loadNow(cookieHeader, ctx, connection)
    return session instanceof Session ? Promise.resolve(session) : session
  }

  function loadNow(
    cookieHeader: string | string[] | undefined,
    ctx: ResponseContext = alwaysWritable,
    connection?: object,
  ): Session<D> | Promise<Session<D>> {
    try {
      return decide(cookieHeader, ctx, connection)
    } catch (err) {
      return Promise.reject(err) // a throwing clock, say: adapters see it where they see store failures
    }
  }

  function decide(
    cookieHeader: string | string[] | undefined,
    ctx: ResponseContext,
    connection: object | undefined,
  ): Session<D> | Promise<Session<D>> {
    // (null included: a mock request without a socket must not make every WeakMap call throw)
    const conn = typeof connection === 'object' && connection !== null ? connection : undefined
    const remembered = conn !== undefined && typeof cookieHeader === 'string'
    const recalled = remembered ? connectionKeys.recall(conn, cookieHeader) : undefined
    let token: string
    let key: string
    if (recalled !== undefined) ({ token, key } = recalled)
    else {
      // The first well-formed value is the most specific cookie; anything else is never looked up.
      // With a cookie MAC, a forged id fails here, in memory: no store read; and only the first few
      // values shaped like a signed token are verified, whatever the header holds.
      let budget = MAX_MAC_CANDIDATES
      const found = findCookieValue(
        cookieHeader,
        cookieName,
        mac ? (value) => mac.isSignedShape(value) && budget-- > 0 && mac.verify(value) : isWellFormedToken,
      )
      if (typeof found !== 'string') {
        if (conn !== undefined) connectionKeys.forget(conn)
        const session = new Session<D>(opts, ctx, undefined, 'none')
        if (found === null) session.clearCookie()
        return session
      }
      token = mac ? mac.tokenOf(found) : found
      key = remembered ? connectionKeys.keyOf(conn, cookieHeader, token) : hashToken(token)
    }
    if (!readsNow) return readLater(token, key, ctx)
    let record: SessionRecord | undefined
    try {
      record = store.getSync!(key)
      if (checksEpoch(record)) {
        if (!store.getUserSync) return checkLater(token, key, record, ctx)
        record = unlessRevoked(record, store.getUserSync(record.userId))
      }
    } catch (err) {
      return unreadable(err, ctx)
    }
    return settle(token, key, record, ctx)
  }

  /** A synchronously read session whose epoch only the store's promise API can check. */
  async function checkLater(token: string, key: string, record: SessionRecord & { userId: string }, ctx: ResponseContext) {
    let checked: SessionRecord | undefined
    try {
      checked = unlessRevoked(record, await store.getUser(record.userId))
    } catch (err) {
      return unreadable(err, ctx)
    }
    return settle(token, key, checked, ctx)
  }

  /** The same read through the store's promise API: the one awaited call an authenticated request costs. */
  async function readLater(token: string, key: string, ctx: ResponseContext): Promise<Session<D>> {
    let record: SessionRecord | undefined
    try {
      record = await store.get(key)
      if (checksEpoch(record)) record = unlessRevoked(record, await store.getUser(record.userId))
    } catch (err) {
      return unreadable(err, ctx)
    }
    return settle(token, key, record, ctx)
  }

  function unlessRevoked(record: SessionRecord, user: UserRecord | undefined): SessionRecord | undefined {
    return (user?.epoch ?? 0) === (record.userEpoch ?? 0) ? record : undefined
  }

  /** Fail closed: an error, or (onStoreError 'unauthenticated') a logged-out read-only session. */
  function unreadable(err: unknown, ctx: ResponseContext): Promise<Session<D>> | Session<D> {
    if (opts.onStoreError === 'fail') return Promise.reject(storeFailure('read', err))
    return new Session<D>(opts, ctx, undefined, 'unavailable')
  }

  /**
   * Decides the session from what the store returned. Synchronous unless something must be written
   * first (cleanup of a dead item, a due touch), so in-process stores cost no promise at all.
   */
  function settle(token: string, key: string, record: SessionRecord | undefined, ctx: ResponseContext): Session<D> | Promise<Session<D>> {
    const now = opts.now()
    const matched = record !== undefined && safeEqual(record.key, key)
    const state = matched ? verdict(record!, opts, now) : 'dead'
    if (state === 'dead') {
      const refused = (): Session<D> => {
        const session = new Session<D>(opts, ctx, undefined, 'none')
        session.clearCookie()
        return session
      }
      // A rotated-away id stays until TTL removes it: it is what leads a logout or revocation that read
      // it to the new id (a holder of the old id could otherwise erase that link by sending it again).
      if (!matched || record!.successor !== undefined) return refused()
      // Cleanup only; the read already refused it. Conditional, so a concurrent write is never undone.
      return background(() => store.write([{ op: 'delete', key, expectedVersion: record!.version }])).then(refused)
    }
    if (state !== 'live' || now - record!.lastSeenAt < opts.touchMs) return new Session<D>(opts, ctx, record, state)
    const seen = record!
    const expiresAt = liveUntil(seen, now, opts)
    let touched = false
    return background(async () => {
      touched = await store.touch(key, seen.version, now, expiresAt)
    }).then(() => {
      const session = new Session<D>(opts, ctx, touched ? { ...seen, lastSeenAt: now, expiresAt } : seen, state)
      if (touched) session.resendCookie(token)
      return session
    })
  }

  async function revokeUser(userId: string): Promise<number> {
    assertUserId(userId)
    let before: UserRecord | undefined
    for (let attempt = 0; ; attempt++) {
      try {
        // One atomic step: a login that committed first has its key in `before.recent`; one that did
        // not fails its epoch condition and, retried, is a login after the revocation.
        before = await storeCall('revoke', () => store.bumpEpoch(userId, opts.now() + opts.absoluteMs + opts.indexLagMs))
        break
      } catch (err) {
        if (!(err instanceof ConditionFailedError) || attempt >= MAX_ATTEMPTS * 4) throw err
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 64)))
      }
    }
    // The epoch now in force: sessions created under an older one are this call's to end; newer ones
    // are logins after it (or another revocation's business). The owner condition keeps any stray key
    // in the list or index from ending someone else's session.
    const epoch = (before?.epoch ?? 0) + 1
    let deleted = 0
    await forEachLimited(await allUserKeys(store, userId, before), DELETES_IN_FLIGHT, async (key) => {
      try {
        await storeCall('revoke', () => store.write([{ op: 'delete', key, expectedUserId: userId, epochBelow: epoch }]))
        deleted++
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
      }
    })
    // Only now, with every delete done: a call that failed above left the list for its retry.
    if (before && before.recent.length > 0) await trimRecent(userId, before.recent)
    return deleted
  }

  /** Drops the keys a revocation has ended from the user item, oldest first; a concurrent prune makes it stop (harmless leftovers). */
  async function trimRecent(userId: string, ended: RecentKey[]): Promise<void> {
    for (let from = 0; from < ended.length;) {
      const count = Math.min(TRIM_MAX, ended.length - from)
      try {
        await store.write([{ op: 'dropRecent', userId, count, last: ended[from + count - 1]! }])
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) opts.onBackgroundError(err)
        return
      }
      from += count
    }
  }

  async function userEpoch(userId: string): Promise<number> {
    assertUserId(userId)
    return (await storeCall('epoch', () => store.getUser(userId)))?.epoch ?? 0
  }

  function listSessions(userId: string): Promise<SessionInfo[]>
  function listSessions(userId: string, page: ListOptions): Promise<SessionPage>
  async function listSessions(userId: string, page?: ListOptions): Promise<SessionInfo[] | SessionPage> {
    assertUserId(userId)
    if (page === undefined) {
      const user = await storeCall('list', () => store.getUser(userId))
      return describe(userId, user, await allUserKeys(store, userId, user))
    }
    const { limit, cursor } = checkPage(page)
    const user = await storeCall('list', () => store.getUser(userId))
    const recent = [...new Set(user?.recent.map((r) => r.key) ?? [])]
    let keys: string[] = []
    let next: Cursor | undefined
    let position = cursor
    if (position.phase === 'recent') {
      // The list only loses a prefix: a last key that is gone took everything before it along.
      const from = position.after === undefined ? 0 : recent.indexOf(position.after) + 1
      keys = recent.slice(from, from + limit)
      position = from + limit < recent.length ? { phase: 'recent', after: keys.at(-1)! } : { phase: 'index' }
      if (position.phase === 'recent') next = position
    }
    if (position.phase === 'index' && keys.length < limit) {
      const listed = new Set(recent)
      const { keys: indexed, next: after } = await storeCall('index query', () => indexPage(userId, limit - keys.length, position.after))
      keys.push(...indexed.filter((k) => !listed.has(k)))
      next = after === undefined ? undefined : { phase: 'index', after }
    } else if (position.phase === 'index') next = position
    const sessions = await describe(userId, user, keys)
    return next === undefined ? { sessions } : { sessions, cursor: encodeCursor(next) }
  }

  /** One page of the user index, through the store's own paging when it has one. */
  async function indexPage(
    userId: string,
    limit: number,
    after: string | undefined,
  ): Promise<{ keys: string[]; next?: string | undefined }> {
    if (store.keysForUserPage) return store.keysForUserPage(userId, limit, after)
    return sortedPage(await store.keysForUser(userId), limit, after)
  }

  /** The live sessions among `keys`, read without their data, most recently seen first. */
  async function describe(userId: string, user: UserRecord | undefined, keys: string[]): Promise<SessionInfo[]> {
    const records = await storeCall('list', () => store.getMany(keys, LIST_FIELDS))
    const now = opts.now()
    const epoch = user?.epoch ?? 0
    return records
      .filter((r) => r.userId === userId && verdict(r, opts, now) === 'live')
      .filter((r) => (r.userEpoch ?? 0) === epoch || !checksEpoch(r))
      .map((r) => ({
        handle: r.key,
        createdAt: r.createdAt,
        authenticatedAt: r.authenticatedAt ?? r.createdAt,
        lastSeenAt: r.lastSeenAt,
        expiresAt: liveUntil(r, r.lastSeenAt, opts),
        ...deviceOf(r),
      }))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt)
  }

  async function revokeSession(userId: string, handle: string): Promise<boolean> {
    assertUserId(userId)
    // A handle is a SHA-256 in base64url, the same shape as a token: anything else is never looked up.
    if (!isWellFormedToken(handle)) return false
    const record = await storeCall('revoke', () => store.get(handle))
    if (!record || record.userId !== userId) return false
    return (await endLinked(store, record, 'revoke', { ownerId: userId, findGoneSuccessor: opts.graceMs === 0, dead })) > 0
  }

  return { options: opts, load, loadNow, revokeUser, userEpoch, listSessions, revokeSession }
}

type Cursor = { phase: 'recent'; after?: string } | { phase: 'index'; after?: string }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.phase === 'recent' ? 'r' : 'i', c.after ?? ''])).toString('base64url')
}

/** A cursor is client-visible: anything but one this manager made is refused, and it can only name a position. */
function checkPage(page: ListOptions): { limit: number; cursor: Cursor } {
  if (page === null || typeof page !== 'object') throw new SessionDataError('listSessions page options must be { limit, cursor? }')
  const { limit, cursor } = page
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new SessionDataError(`listSessions limit must be an integer from 1 to ${MAX_PAGE}`)
  if (cursor === undefined) return { limit, cursor: { phase: 'recent' } }
  let parsed: unknown
  try {
    parsed = typeof cursor === 'string' && cursor.length <= 200 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || (parsed[0] !== 'r' && parsed[0] !== 'i') || typeof parsed[1] !== 'string')
    throw new SessionDataError('listSessions cursor is not one this library returned')
  const after = parsed[1] as string
  if (after !== '' && !isWellFormedToken(after)) throw new SessionDataError('listSessions cursor is not one this library returned')
  const at = after === '' ? {} : { after }
  return { limit, cursor: parsed[0] === 'r' ? { phase: 'recent', ...at } : { phase: 'index', ...at } }
}

function deviceOf(r: SessionRecord): Pick<SessionInfo, 'userAgent' | 'ip' | 'amr' | 'pendingFactors'> {
  const out: Pick<SessionInfo, 'userAgent' | 'ip' | 'amr' | 'pendingFactors'> = {}
  if (r.factors?.length) out.amr = r.factors.map((f) => f.method)
  if (r.pendingFactors?.length) out.pendingFactors = [...r.pendingFactors]
  if (r.userAgent !== undefined) out.userAgent = r.userAgent
  if (r.ip !== undefined) out.ip = r.ip
  return out
}
