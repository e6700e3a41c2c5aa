import { ConditionFailedError, HeadersSentError, SessionConflictError, SessionDataError, SessionDataTooLargeError, SessionRotatedError, StoreUnavailableError } from '../errors.js'
import { serializeClearingCookie, serializeSessionCookie } from '../cookie/serialize.js'
import type { SessionRecord, UserRecord, WriteOp } from '../stores/types.js'
import { liveUntil, storeCall, verdict } from './lifecycle.js'
import type { ResolvedOptions } from './options.js'
import { generateToken, hashToken } from './token.js'
import { loginAttributes, revokeOtherSessions, type ClientInfo } from './devices.js'

/** JSON-safe session data. */
export type SessionData = Record<string, unknown>

/** What an adapter tells the core about the response it is building. */
export interface ResponseContext {
  /** False once headers are sent: a rotation then could not reach the client, so it is refused. */
  canSetCookie(): boolean
  /**
   * Adapters that can put a header on the response at any time receive the Set-Cookie value here
   * whenever the session changes (a later value replaces an earlier one); requests that change
   * nothing then cost the adapter nothing. Without it the value waits for takeSetCookie().
   */
  setCookie?(value: string): void
  /** The client's user agent and address, asked at login only when the recordDevice option wants them. */
  client?(): ClientInfo
}

export type SessionState = 'none' | 'live' | 'grace' | 'unavailable'

const MAX_ATTEMPTS = 12

/** Random, growing pause between conflicting attempts, so concurrent writers stop colliding in lockstep. */
const backoff = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 64)))
const MAX_USER_ID_BYTES = 1024
/** The user item lists at most this many recent keys (older ones are left to the user index). */
const MAX_RECENT_KEYS = 2000
/** Pruning the user item's list waits for this many droppable keys, and drops at most PRUNE_MAX per write (expression size). */
const PRUNE_MIN = 16
const PRUNE_MAX = 100

/**
 * The session of one request. Nothing is stored until data is set or a user logs in; the cookie is
 * changed only through the pending Set-Cookie value that the adapter writes into the response.
 */
export class Session<D extends object = SessionData> {
  #record: SessionRecord | undefined
  #state: SessionState
  #data: Partial<D> | undefined
  #pendingCookie: string | undefined
  readonly #opts: ResolvedOptions
  readonly #ctx: ResponseContext

  /** @internal Created by the manager's load(). */
  constructor(opts: ResolvedOptions, ctx: ResponseContext, record: SessionRecord | undefined, state: SessionState) {
    this.#opts = opts
    this.#ctx = ctx
    this.#record = record
    this.#state = state
  }

  /** The logged-in user, or undefined. A rotated-away id in its grace window keeps its old user (never a newer one). */
  get userId(): string | undefined {
    return this.#record?.userId
  }

  /** The session data (a copy of what is stored; change it through set/update). */
  get data(): Readonly<Partial<D>> {
    if (this.#data === undefined) this.#data = this.#record ? (JSON.parse(this.#record.data) as Partial<D>) : {}
    return this.#data
  }

  /** 'none' (no session), 'live', 'grace' (rotated-away id, read-only), 'unavailable' (store failed, logged out). */
  get state(): SessionState {
    return this.#state
  }

  /** An opaque, non-secret handle of this session (the token's hash), as listSessions reports it. */
  get handle(): string | undefined {
    return this.#record?.key
  }

  /**
   * When the user last entered credentials for this session (ms since epoch): login() sets it,
   * regenerate() keeps it. For step-up checks ("re-enter your password" after a while).
   */
  get authenticatedAt(): number | undefined {
    const r = this.#record
    if (r?.userId === undefined) return undefined
    return r.authenticatedAt ?? r.createdAt // sessions stored before the attribute existed: created at login
  }

  /**
   * Signs the user out everywhere else: ends every other session of this user (and this session's
   * own rotated-away ids), keeps this one. Returns how many ended; 0 when nobody is logged in.
   */
  async revokeOthers(): Promise<number> {
    this.#assertWritable()
    const r = this.#record
    if (r?.userId === undefined) return 0
    return revokeOtherSessions(this.#opts.store, r.userId, r.key)
  }

  /** When this session dies unless used again (ms since epoch), if there is one. */
  get expiresAt(): number | undefined {
    return this.#record?.expiresAt
  }

  /** Shallow-merges keys into the data and stores it; creates the session if there is none. Concurrent sets of different keys all land. */
  async set(patch: Partial<D>): Promise<void> {
    await this.update((current) => ({ ...current, ...patch }))
  }

  /** Read-modify-write of the data, retried on concurrent changes so no acknowledged write is lost. */
  async update(change: (current: Partial<D>) => Partial<D>): Promise<void> {
    this.#assertWritable()
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = this.#record
      const next = this.#serialize(change(record ? (JSON.parse(record.data) as Partial<D>) : {}))
      const now = this.#opts.now()
      if (!record) {
        await this.#issue({ userId: undefined, data: next, createdAt: now, absoluteExpiresAt: now + this.#opts.absoluteMs })
        return
      }
      const written: SessionRecord = { ...record, data: next, version: record.version + 1, lastSeenAt: now, expiresAt: liveUntil(record, now, this.#opts) }
      try {
        await storeCall('set', () => this.#opts.store.write([{ op: 'replace', record: written, expectedVersion: record.version }]))
        this.#adopt(written)
        return
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
        await backoff(attempt)
        await this.#reloadOrConflict()
      }
    }
    throw new SessionConflictError('session data changed too often concurrently; giving up')
  }

  /**
   * Logs a user in: a new id replaces the current one in one transaction (the old id is deleted, or
   * kept read-only for the grace window with its old privilege), and the cookie is re-issued.
   * Without `data` the current data is carried over; with it, the data is replaced.
   */
  async login(userId: string, data?: Partial<D>): Promise<void> {
    if (typeof userId !== 'string' || userId.length === 0 || Buffer.byteLength(userId) > MAX_USER_ID_BYTES)
      throw new SessionDataError(`userId must be a non-empty string of at most ${MAX_USER_ID_BYTES} bytes`)
    const now = this.#opts.now()
    const attributes = loginAttributes(this.#opts, now, this.#ctx.client?.bind(this.#ctx))
    await this.#rotate(() => ({
      userId,
      data: data !== undefined ? this.#serialize(data) : (this.#record?.data ?? '{}'),
      createdAt: now,
      absoluteExpiresAt: now + this.#opts.absoluteMs,
      attributes,
    }))
  }

  /** A new id for the same user and data (after a privilege change). The absolute deadline is kept. Does nothing when there is no session. */
  async regenerate(): Promise<void> {
    if (!this.#record) return
    await this.#rotate(() => {
      const r = this.#record!
      return { userId: r.userId, data: r.data, createdAt: r.createdAt, absoluteExpiresAt: r.absoluteExpiresAt, attributes: { authenticatedAt: r.authenticatedAt, userAgent: r.userAgent, ip: r.ip } }
    }, true)
  }

  /** Deletes the session on the server and clears the cookie. */
  async logout(): Promise<void> {
    if (this.#state === 'unavailable') throw new StoreUnavailableError('session store unavailable; cannot log out now')
    const record = this.#record
    if (record) {
      try {
        await storeCall('logout', () => this.#opts.store.write([{ op: 'delete', key: record.key }]))
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err // already gone: logged out either way
      }
    }
    this.#end()
  }

  /** @internal The Set-Cookie value to send, if the cookie must change; taken once. */
  takeSetCookie(): string | undefined {
    const value = this.#pendingCookie
    this.#pendingCookie = undefined
    return value
  }

  /** @internal Asks the adapter to clear a cookie the client sent that names no session. */
  clearCookie(): void {
    this.#sendCookie(serializeClearingCookie(this.#opts.cookie))
  }

  /** @internal Re-sends the token (persistent cookies slide with touches). */
  resendCookie(token: string): void {
    if (this.#opts.cookie.maxAgeSeconds !== undefined) this.#sendCookie(serializeSessionCookie(token, this.#opts.cookie))
  }

  #sendCookie(value: string): void {
    if (this.#ctx.setCookie) this.#ctx.setCookie(value)
    else this.#pendingCookie = value
  }

  #assertWritable(): void {
    if (this.#state === 'grace') throw new SessionRotatedError()
    if (this.#state === 'unavailable') throw new StoreUnavailableError('session store unavailable; session is read-only')
  }

  #serialize(data: Partial<D>): string {
    let text: string | undefined
    try {
      text = JSON.stringify(data)
    } catch (err) {
      throw new SessionDataError(`session data must be JSON-serializable: ${(err as Error).message}`, { cause: err })
    }
    if (text === undefined || !text.startsWith('{')) throw new SessionDataError('session data must be a plain object')
    const bytes = Buffer.byteLength(text)
    if (bytes > this.#opts.maxDataBytes) throw new SessionDataTooLargeError(bytes, this.#opts.maxDataBytes)
    return text
  }

  #adopt(record: SessionRecord): void {
    this.#record = record
    this.#state = 'live'
    this.#data = undefined
  }

  #end(): void {
    this.#record = undefined
    this.#state = 'none'
    this.#data = undefined
    if (this.#ctx.canSetCookie()) this.clearCookie()
  }

  /** After a failed condition: continue with the fresh record if it is still ours and live, else the session is gone. */
  async #reloadOrConflict(): Promise<void> {
    const key = this.#record!.key
    const fresh = await storeCall('reload', () => this.#opts.store.get(key))
    if (!fresh || verdict(fresh, this.#opts, this.#opts.now()) !== 'live') {
      const rotated = fresh?.successor !== undefined
      this.#record = fresh && rotated ? fresh : undefined
      this.#state = rotated ? 'grace' : 'none'
      this.#data = undefined
      throw rotated ? new SessionRotatedError() : new SessionConflictError('the session ended (logout, revocation or expiry) during this request')
    }
    this.#record = fresh
    this.#data = undefined
  }

  /** Creates a brand-new session (first write of an anonymous visitor). */
  async #issue(target: { userId: undefined; data: string; createdAt: number; absoluteExpiresAt: number }): Promise<void> {
    if (!this.#ctx.canSetCookie()) throw new HeadersSentError()
    const now = this.#opts.now()
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const token = generateToken()
      const record: SessionRecord = { key: hashToken(token), data: target.data, version: 1, createdAt: target.createdAt, lastSeenAt: now, absoluteExpiresAt: target.absoluteExpiresAt, expiresAt: Math.min(now + this.#opts.idleMs, target.absoluteExpiresAt) }
      try {
        await storeCall('create', () => this.#opts.store.write([{ op: 'create', record }]))
      } catch (err) {
        if (err instanceof ConditionFailedError) continue // a 256-bit collision: draw again
        throw err
      }
      this.#adopt(record)
      this.#sendCookie(serializeSessionCookie(token, this.#opts.cookie))
      return
    }
    throw new SessionConflictError('could not create a session')
  }

  /**
   * @param keepIdentity regenerate(): the new id inherits the old one's revocation epoch instead of
   * the user's current one, so a session revoked meanwhile cannot regenerate itself back to life.
   */
  async #rotate(target: () => { userId: string | undefined; data: string; createdAt: number; absoluteExpiresAt: number; attributes?: Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> }, keepIdentity = false): Promise<void> {
    // A grace id must never become (or mint) a logged-in session: that would reopen fixation.
    this.#assertWritable()
    if (!this.#ctx.canSetCookie()) throw new HeadersSentError()
    const { store } = this.#opts
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.#opts.now()
      const old = this.#record
      const t = target()
      const token = generateToken()
      const created: SessionRecord = {
        key: hashToken(token),
        userId: t.userId,
        data: t.data,
        version: 1,
        createdAt: t.createdAt,
        lastSeenAt: now,
        absoluteExpiresAt: t.absoluteExpiresAt,
        expiresAt: Math.min(now + this.#opts.idleMs, t.absoluteExpiresAt),
        ...withoutUndefined(t.attributes),
      }
      // Order matters for stores without transactions: create, then the user item, then retire the old id.
      const ops: WriteOp[] = [{ op: 'create', record: created }]
      let user: UserRecord | undefined
      const inherited = keepIdentity && old?.userId !== undefined && old.userId === t.userId
      if (t.userId !== undefined) {
        if (inherited) created.userEpoch = old!.userEpoch ?? 0
        else {
          user = await storeCall('login', () => store.getUser(t.userId!))
          created.userEpoch = user?.epoch ?? 0
        }
        // Appending commutes with other logins of this user; only a revocation in between fails it.
        ops.push({ op: 'addRecent', userId: t.userId, entry: { key: created.key, at: now }, expectedEpoch: created.userEpoch, expiresAt: now + this.#opts.absoluteMs + this.#opts.indexLagMs })
      }
      if (old) {
        if (this.#opts.graceMs > 0) {
          const retired: SessionRecord = { ...old, version: old.version + 1, successor: created.key, expiresAt: Math.min(now + this.#opts.graceMs, old.absoluteExpiresAt) }
          ops.push({ op: 'replace', record: retired, expectedVersion: old.version })
        } else {
          ops.push({ op: 'delete', key: old.key, expectedVersion: old.version })
        }
      }
      try {
        await storeCall('rotation', () => store.write(ops))
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
        // The user was revoked meanwhile, the old session changed, or (DynamoDB) a transaction collided: look again.
        await backoff(attempt)
        if (old) await this.#reloadOrConflict()
        if (inherited) await this.#refuseIfRevoked(old!)
        continue
      }
      this.#adopt(created)
      this.#sendCookie(serializeSessionCookie(token, this.#opts.cookie))
      if (user) await this.#pruneRecent(user, now)
      return
    }
    throw new SessionConflictError('session rotation kept conflicting with concurrent requests; giving up')
  }

  /** A regenerate whose user was revoked after this session was created ends here instead of retrying. */
  async #refuseIfRevoked(old: SessionRecord): Promise<void> {
    const user = await storeCall('regenerate', () => this.#opts.store.getUser(old.userId!))
    if ((user?.epoch ?? 0) === (old.userEpoch ?? 0)) return
    this.#record = undefined
    this.#state = 'none'
    this.#data = undefined
    throw new SessionConflictError('the session was revoked during this request')
  }

  /**
   * Best effort, after a login: drops the prefix of the user's recent list that the index covers by
   * now (or that exceeds the cap), as read before this login appended. Conditional on that prefix,
   * so a concurrent prune or revocation makes it a no-op, and it never removes another login's key.
   */
  async #pruneRecent(user: UserRecord, now: number): Promise<void> {
    const { recent } = user
    let stale = 0
    while (stale < recent.length && recent[stale]!.at <= now - this.#opts.indexLagMs) stale++
    const count = Math.min(PRUNE_MAX, Math.max(stale, recent.length + 1 - MAX_RECENT_KEYS))
    if (count <= 0 || (count < PRUNE_MIN && recent.length < MAX_RECENT_KEYS)) return
    try {
      await this.#opts.store.write([{ op: 'dropRecent', userId: user.userId, count, last: recent[count - 1]! }])
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) this.#opts.onBackgroundError(err)
    }
  }
}

/** Optional record attributes, left out when unset so stored records carry only what they have. */
function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {}
  if (value) for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
