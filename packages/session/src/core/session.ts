import {
  ConditionFailedError,
  HeadersSentError,
  SessionConflictError,
  SessionDataError,
  SessionDataTooLargeError,
  SessionRevokedError,
  SessionRotatedError,
  StoreUnavailableError,
} from '../errors.js'
import { serializeClearingCookie, serializeSessionCookie } from '../cookie/serialize.js'
import type { FactorRecord, SessionRecord, UserRecord, WriteOp } from '../stores/types.js'
import { deadBy, liveUntil, storeCall, verdict } from './lifecycle.js'
import { endLinked } from './linked.js'
import { assertUserId } from './user-id.js'
import type { ResolvedOptions } from './options.js'
import { generateToken, hashToken } from './token.js'
import { loginAttributes, revokeOtherSessions, type ClientInfo } from './devices.js'
import { checkMethod, checkMethods, factorAttributes, MAX_FACTORS, withCompleted } from './factors.js'
import { parseDuration, type Duration } from './duration.js'

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

/** How login() builds the new session. */
export interface LoginOptions<D extends object = SessionData> {
  /**
   * Keys of the current (pre-login) data to carry into the new session. Nothing else is carried: an
   * attacker who planted an anonymous session cannot plant its contents (a returnTo, a CSRF token).
   */
  keep?: ReadonlyArray<keyof D & string>
  /** Data for the new session, over the kept keys. */
  data?: Partial<D>
  /**
   * The user's revocation epoch as `sessions.userEpoch(userId)` read it before the password was
   * checked. If revokeUser ran since, the login fails with SessionRevokedError (409) and creates
   * nothing. Without it, a session already logged in as this user keeps its own epoch (a re-login
   * or step-up cannot outlive a revocation of that session), and any other login reads the epoch
   * when login() starts.
   */
  epoch?: number
  /**
   * The authentication factors this login proved (RFC 8176 names: `['pwd']` after a password check),
   * recorded with the time of the login. Default: none recorded.
   */
  amr?: readonly string[]
  /**
   * Factors the user must still complete (`['otp']`) before the session counts as logged in: until
   * completeFactor() has completed each, `userId` is undefined and `pendingUserId` names the user, so
   * a half-authenticated session reaches nothing that checks `userId`.
   */
  pending?: readonly string[]
}

const LOGIN_OPTIONS = new Set(['keep', 'data', 'epoch', 'amr', 'pending'])

/** What the record keeps of a login beside its data: when, which factors, from which client. */
type LoginAttributes = Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip' | 'factors' | 'pendingFactors'>

const MAX_ATTEMPTS = 12

/** Random, growing pause between conflicting attempts, so concurrent writers stop colliding in lockstep. */
// Stryker disable next-line ArrowFunction: how long a retry waits changes no outcome, only how often writers collide again (no test may time it)
const backoff = (attempt: number): Promise<void> =>
  // Stryker disable next-line ArithmeticOperator,MethodExpression: the same: only the length of the pause
  new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 64)))
/**
 * The user item lists at most this many recent keys, enforced by the append's own condition. Every
 * login reads and rewrites the user item, and DynamoDB bills both by item size, so the cap also caps
 * that cost (about 30 KB). A login past it is not listed: its reads check the epoch instead (checkEpoch).
 */
export const MAX_RECENT_KEYS = 500
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

  /**
   * The logged-in user, or undefined. A rotated-away id in its grace window is never logged in (not
   * as its old user either), nor is a login that still waits for a factor (see pendingUserId).
   */
  get userId(): string | undefined {
    return this.#state === 'grace' || this.#record?.pendingFactors?.length ? undefined : this.#record?.userId
  }

  /**
   * The user of a login that still waits for a factor (login() with `pending`), for the second-factor
   * page to know whose code to check; undefined otherwise. Never grants anything by itself.
   */
  get pendingUserId(): string | undefined {
    return this.#state !== 'grace' && this.#record?.pendingFactors?.length ? this.#record.userId : undefined
  }

  /** Factors the login still waits for, in the order login() named them; empty once logged in. */
  get pendingFactors(): readonly string[] {
    return this.#state === 'grace' ? [] : (this.#record?.pendingFactors ?? [])
  }

  /** The factors this session completed (RFC 8176 `amr`), oldest completion first. Empty when not logged in. */
  get amr(): readonly string[] {
    return this.factors.map((f) => f.method)
  }

  /** The factors this session completed, each with when (ms since epoch), oldest completion first. */
  get factors(): ReadonlyArray<Readonly<FactorRecord>> {
    const r = this.#record
    return this.#state === 'grace' || r?.userId === undefined ? [] : (r.factors ?? [])
  }

  /**
   * Whether this session completed `method`, and (with `within`, a duration such as '5m') did so that
   * recently, by the manager's clock: the check before a sensitive action ("sudo mode").
   */
  hasFactor(method: string, within?: Duration): boolean {
    checkMethod(method, 'hasFactor')
    const done = this.factors.find((f) => f.method === method)
    if (done === undefined) return false
    return within === undefined || this.#opts.now() - done.at <= parseDuration(within, 'hasFactor within')
  }

  /** The session data (a copy of what is stored; change it through set/update). */
  get data(): Readonly<Partial<D>> {
    // Stryker disable next-line ConditionalExpression: the cache only spares a parse: the data read is equal either way
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
    // A half-done login (password only) must not sign the real user out everywhere.
    if (r?.userId === undefined || r.pendingFactors?.length) return 0
    return revokeOtherSessions(this.#opts, r.userId, r.key)
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
      const written: SessionRecord = {
        ...record,
        data: next,
        version: record.version + 1,
        lastSeenAt: now,
        expiresAt: liveUntil(record, now, this.#opts),
      }
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
   * kept read-only and logged out for the grace window), and the cookie is re-issued. The new session
   * starts with `options.data` (default empty) plus the `options.keep` keys of the current data.
   */
  async login(userId: string, options: LoginOptions<D> = {}): Promise<void> {
    assertUserId(userId)
    const { keep, data, epoch, amr, pending } = checkLoginOptions<D>(options)
    const now = this.#opts.now()
    const attributes: LoginAttributes = {
      ...loginAttributes(this.#opts, now, this.#ctx.client?.bind(this.#ctx)),
      ...factorAttributes(
        amr.map((method) => ({ method, at: now })),
        pending,
      ),
    }
    await this.#rotate(
      () => {
        let carried: Record<string, unknown> = {}
        // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty keep carries nothing either way; the test only spares a parse
        if (keep.length > 0 && this.#record) {
          const current = JSON.parse(this.#record.data) as Record<string, unknown>
          // fromEntries defines own properties: a kept '__proto__' stays data, never a prototype.
          carried = Object.fromEntries(keep.filter((k) => Object.hasOwn(current, k)).map((k) => [k, current[k]]))
        }
        return {
          userId,
          data: this.#serialize({ ...carried, ...data } as Partial<D>),
          createdAt: now,
          absoluteExpiresAt: now + this.#opts.absoluteMs,
          attributes,
        }
      },
      false,
      epoch,
    )
  }

  /** A new id for the same user and data (after a privilege change). The absolute deadline is kept. Does nothing when there is no session. */
  async regenerate(): Promise<void> {
    if (!this.#record) return
    await this.#rotate(() => {
      const r = this.#record!
      return {
        userId: r.userId,
        data: r.data,
        createdAt: r.createdAt,
        absoluteExpiresAt: r.absoluteExpiresAt,
        attributes: carried(r),
      }
    }, true)
  }

  /**
   * Records that the user completed an authentication factor (`'otp'` after the code matched, `'pwd'`
   * after a password re-entered for a step-up) and rotates the id the way login() does, in one
   * write: a fresh id, the old one deleted or kept read-only and logged out for the grace window, the
   * session's revocation epoch kept (a session revoked meanwhile fails with SessionRevokedError and is
   * ended). An attacker holding the id from before the factor (planted, or copied between the steps)
   * holds a dead or logged-out id afterwards. Completing the last pending factor logs the user in;
   * `authenticatedAt` becomes now. Check the factor (the code, the password) before calling this.
   *
   * The data is kept; `options.data` is shallow-merged over it in the same write. Renew per-session
   * secrets there (a CSRF token): whoever did the password step knows what the pending session held.
   */
  async completeFactor(method: string, options: { data?: Partial<D> } = {}): Promise<void> {
    checkMethod(method, 'completeFactor')
    const patch = options?.data ?? {}
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch) || Object.keys(options ?? {}).some((k) => k !== 'data'))
      throw new SessionDataError('completeFactor options take only data, a plain object: { data: {...} }')
    this.#assertWritable()
    if (this.#record?.userId === undefined)
      throw new SessionDataError('completeFactor needs a session that login() started: log the user in (with pending factors) first')
    const now = this.#opts.now()
    await this.#rotate(() => {
      const r = this.#record!
      const factors = withCompleted(r.factors, method, now)
      if (factors.length > MAX_FACTORS) throw new SessionDataError(`a session records at most ${MAX_FACTORS} factors`)
      return {
        userId: r.userId,
        // Stryker disable next-line ConditionalExpression: serializing the parsed stored data again gives the same text
        data: Object.keys(patch).length === 0 ? r.data : this.#serialize({ ...(JSON.parse(r.data) as Partial<D>), ...patch }),
        createdAt: r.createdAt,
        absoluteExpiresAt: r.absoluteExpiresAt,
        attributes: { ...carried(r), authenticatedAt: now, ...factorAttributes(factors, r.pendingFactors ?? []) },
      }
    }, true)
  }

  /**
   * Deletes the session on the server and clears the cookie. After a rotation, logging out with
   * either id (the new one or the rotated-away one in its grace window) ends both.
   */
  async logout(): Promise<void> {
    if (this.#state === 'unavailable') throw new StoreUnavailableError('session store unavailable; cannot log out now')
    const record = this.#record
    if (record)
      await endLinked(this.#opts.store, record, 'logout', { findGoneSuccessor: this.#opts.graceMs === 0, dead: deadBy(this.#opts) })
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
      throw rotated
        ? new SessionRotatedError()
        : new SessionConflictError('the session ended (logout, revocation or expiry) during this request')
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
      const record: SessionRecord = {
        key: hashToken(token),
        data: target.data,
        version: 1,
        createdAt: target.createdAt,
        lastSeenAt: now,
        absoluteExpiresAt: target.absoluteExpiresAt,
        expiresAt: Math.min(now + this.#opts.idleMs, target.absoluteExpiresAt),
      }
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
   * @param boundEpoch login(): the epoch the app read before checking the password. Without it, a
   * session already logged in as the same user is treated like regenerate() (its own epoch: a
   * re-login must not outlive a revocation that already covers the session), and any other login
   * takes the epoch read on the first attempt; either way a retry never moves to a newer epoch, so a
   * login that started before a revocation cannot succeed after it.
   */
  async #rotate(
    target: () => {
      userId: string | undefined
      data: string
      createdAt: number
      absoluteExpiresAt: number
      attributes?: LoginAttributes
    },
    // Stryker disable next-line BooleanLiteral: every caller passes it
    keepIdentity = false,
    boundEpoch?: number,
  ): Promise<void> {
    // A grace id must never become (or mint) a logged-in session: that would reopen fixation.
    this.#assertWritable()
    if (!this.#ctx.canSetCookie()) throw new HeadersSentError()
    const { store } = this.#opts
    const inheritable = keepIdentity || boundEpoch === undefined
    /** The user item as last read: whether its recent list has room, and what a prune may drop. */
    let user: UserRecord | undefined
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
      const inherited = inheritable && old?.userId !== undefined && old.userId === t.userId
      if (t.userId !== undefined) {
        if (inherited) created.userEpoch = old!.userEpoch ?? 0
        else {
          user = await storeCall('login', () => store.getUser(t.userId!))
          boundEpoch ??= user?.epoch ?? 0
          if ((user?.epoch ?? 0) !== boundEpoch) throw new SessionRevokedError()
          created.userEpoch = boundEpoch
        }
        if ((user?.recent.length ?? 0) < MAX_RECENT_KEYS) {
          // Appending commutes with other logins of this user; only a revocation or a full list fails it.
          ops.push({
            op: 'addRecent',
            userId: t.userId,
            entry: { key: created.key, at: now },
            expectedEpoch: created.userEpoch,
            expiresAt: now + this.#opts.absoluteMs + this.#opts.indexLagMs,
            maxRecent: MAX_RECENT_KEYS,
          })
        } else {
          // The list is full: no login fails for it. This session checks the epoch on every read
          // instead, so a revocation ends it without finding it.
          created.checkEpoch = true
          // Its reads compare with the user item's epoch, so that item must outlive the session: were
          // it to expire (TTL) first, the epoch would restart at 0 and a later revocation could bring
          // it back to this session's. Refreshed only when it falls short: at most one write per
          // indexLagAllowance of logins.
          const expiresAt = now + this.#opts.absoluteMs + this.#opts.indexLagMs
          // Stryker disable next-line OptionalChaining: a full list was read from the user item, so it is there
          const short = (user?.expiresAt ?? 0) < created.absoluteExpiresAt + this.#opts.indexLagMs / 2
          ops.push({ op: 'assertEpoch', userId: t.userId, expectedEpoch: created.userEpoch, ...(short ? { expiresAt } : {}) })
        }
      }
      if (old) {
        created.predecessor = old.key
        // With no grace window the old id of a logged-in session (or of a login left off the full
        // recent list) still stays, dead to every read (expired at once), only to carry the successor
        // link: a logout, revokeSession or "sign out other devices" that read the old id follows it to
        // the new one, however often it rotated meanwhile (a deleted old id would leave nothing that
        // leads from it to a second rotation's id). Reads never clean such an id up; TTL does.
        if (this.#opts.graceMs > 0 || created.checkEpoch === true || old.userId !== undefined) {
          const retired: SessionRecord = {
            ...old,
            version: old.version + 1,
            successor: created.key,
            expiresAt: Math.min(now + this.#opts.graceMs, old.absoluteExpiresAt),
          }
          ops.push({ op: 'replace', record: retired, expectedVersion: old.version })
        } else {
          ops.push({ op: 'delete', key: old.key, expectedVersion: old.version })
        }
      }
      try {
        await storeCall('rotation', () => store.write(ops))
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
        // The user was revoked meanwhile, the list filled up, the old session changed, or (DynamoDB) a
        // transaction collided: look again.
        await backoff(attempt)
        if (old) await this.#reloadOrConflict()
        if (inherited) user = await this.#refuseIfRevoked(old!)
        continue
      }
      this.#adopt(created)
      this.#sendCookie(serializeSessionCookie(token, this.#opts.cookie))
      // Also after a rotation keeping the epoch, when it had to read the user item (its list was
      // full): rotations alone would otherwise keep a list full of keys the index covers for good.
      if (user) await this.#pruneRecent(user, now)
      return
    }
    throw new SessionConflictError('session rotation kept conflicting with concurrent requests; giving up')
  }

  /**
   * A rotation keeping the session's epoch, whose user was revoked after this session was created,
   * ends here instead of retrying: the session is revoked, so it is deleted (as revokeUser would,
   * under the same conditions) and its cookie cleared. Otherwise returns the user item it read.
   */
  async #refuseIfRevoked(old: SessionRecord): Promise<UserRecord | undefined> {
    const user = await storeCall('regenerate', () => this.#opts.store.getUser(old.userId!))
    const epoch = user?.epoch ?? 0
    if (epoch === (old.userEpoch ?? 0)) return user
    try {
      await this.#opts.store.write([{ op: 'delete', key: old.key, expectedUserId: old.userId, epochBelow: epoch }])
    } catch (err) {
      // Gone already (the revocation got there first) or not ours to end; anything else: revokeUser's retry ends it.
      if (!(err instanceof ConditionFailedError)) this.#opts.onBackgroundError(err)
    }
    this.#end()
    throw new SessionRevokedError('the session was revoked during this request')
  }

  /**
   * Best effort, after a login: drops the prefix of the user's recent list that the index covers by
   * now, as read before this login appended. Only keys older than indexLagAllowance ever leave the
   * list this way (a full list is never cut short: logins past the cap check their epoch on reads instead).
   * Conditional on that prefix, so a concurrent prune or revocation makes it a no-op, and it never
   * removes another login's key.
   */
  async #pruneRecent(user: UserRecord, now: number): Promise<void> {
    const { recent } = user
    let stale = 0
    while (stale < recent.length && recent[stale]!.at <= now - this.#opts.indexLagMs) stale++
    const count = Math.min(PRUNE_MAX, stale)
    if (count <= 0 || (count < PRUNE_MIN && recent.length < MAX_RECENT_KEYS)) return
    try {
      await this.#opts.store.write([{ op: 'dropRecent', userId: user.userId, count, last: recent[count - 1]! }])
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) this.#opts.onBackgroundError(err)
    }
  }
}

function checkLoginOptions<D extends object>(
  options: LoginOptions<D>,
): { keep: string[]; data: Partial<D>; epoch: number | undefined; amr: string[]; pending: string[] } {
  // An object with other keys is most likely session data passed the old way (login(id, data)): refuse
  // it loudly rather than silently logging in with none of it.
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new SessionDataError('login options must be an object: { keep?, data?, epoch?, amr?, pending? }')
  const unknown = Object.keys(options).filter((k) => !LOGIN_OPTIONS.has(k))
  if (unknown.length > 0)
    throw new SessionDataError(
      `login options take keep, data, epoch, amr and pending, not ${unknown.join(', ')} (pass session data as { data: {...} })`,
    )
  const { keep = [], data = {}, epoch } = options
  const amr = checkMethods(options.amr, 'login amr')
  const pending = checkMethods(options.pending, 'login pending')
  if (!Array.isArray(keep) || keep.some((k) => typeof k !== 'string'))
    throw new SessionDataError('login keep must be an array of data keys')
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SessionDataError('login data must be a plain object')
  if (epoch !== undefined && !(Number.isSafeInteger(epoch) && epoch >= 0))
    throw new SessionDataError('login epoch must be the number sessions.userEpoch() returned')
  return { keep: keep as string[], data: data as Partial<D>, epoch, amr, pending }
}

/** What a rotation of the same login carries over besides data: when and how the user authenticated, and the client. */
function carried(r: SessionRecord): LoginAttributes {
  return { authenticatedAt: r.authenticatedAt, userAgent: r.userAgent, ip: r.ip, factors: r.factors, pendingFactors: r.pendingFactors }
}

/** Optional record attributes, left out when unset so stored records carry only what they have. */
function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {}
  // Stryker disable next-line ConditionalExpression: every caller passes attributes
  if (!value) return out
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
