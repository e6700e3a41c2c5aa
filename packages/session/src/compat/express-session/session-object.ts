import type { IncomingMessage } from 'node:http'
import { SessionConflictError, SessionDataError } from '../../errors.js'
import { checksEpoch, storeCall, verdict } from '../../core/lifecycle.js'
import type { SessionManager } from '../../core/manager.js'
import type { ResolvedOptions } from '../../core/options.js'
import { Session as CoreSession, type ResponseContext } from '../../core/session.js'
import type { UserIdOf } from './options.js'
import { assertUserId } from '../../core/user-id.js'

type Callback = (err?: unknown) => void
type Data = Record<string, unknown>

/**
 * Names express-session keeps for itself, and `__proto__` (stored JSON can hold it as a plain key;
 * assigned back it would replace the object's prototype): data under them is neither shown nor stored.
 */
const RESERVED = new Set(['id', 'cookie', 'req', 'regenerate', 'save', 'destroy', 'reload', 'touch', 'resetMaxAge', '__proto__'])

/** express-session's `req.session.cookie`, read from the manager's cookie settings. */
export interface CookieView {
  readonly originalMaxAge: number | null
  readonly maxAge: number | null
  readonly expires: Date | null
  readonly httpOnly: boolean
  readonly secure: boolean
  readonly path: string
  readonly domain: string | undefined
  readonly sameSite: 'lax' | 'strict' | 'none'
  readonly partitioned: boolean
}

const states = new WeakMap<object, RequestSessions>()
/** The request's state, also after destroy() removed req.session. */
const byRequest = new WeakMap<IncomingMessage, RequestSessions>()

/**
 * Binds the login this request is about to make (passport's req.login, or setting the user in the
 * session) to the revocation epoch read before the password was checked, as `login(userId, { epoch })`
 * does: if revokeUser(userId) ran since, storing the login fails with SessionRevokedError (409) and
 * creates nothing. Call it after the password check, before the login is stored.
 */
export function bindLoginEpoch(req: IncomingMessage, userId: string, epoch: number): void {
  const state = byRequest.get(req)
  if (!state)
    throw new TypeError('bindLoginEpoch needs a request that went through the express-session middleware of @sessionguard/session')
  assertUserId(userId)
  if (!(Number.isSafeInteger(epoch) && epoch >= 0)) throw new SessionDataError('the epoch must be the number sessions.userEpoch() returned')
  state.boundLogin = { userId, epoch }
}

function stateOf(session: object): RequestSessions {
  const state = states.get(session)
  if (!state) throw new TypeError('not a session of @sessionguard/session/express-session')
  return state
}

const later = (cb: Callback | undefined, err?: unknown): void => {
  if (cb) process.nextTick(cb, err)
}

/**
 * `req.session` as express-session shapes it: the data as its own properties, the methods and `id`
 * and `cookie` on the prototype (so passport's keepSessionInfo merge copies data only).
 */
export class CompatSession {
  [key: string]: unknown

  /** The session's non-secret handle (SHA-256 of its token), or undefined while nothing is stored. */
  get id(): string | undefined {
    return stateOf(this).core.handle
  }

  get cookie(): CookieView {
    const state = stateOf(this)
    const c = state.opts.cookie
    const maxAge = c.maxAgeSeconds === undefined ? null : c.maxAgeSeconds * 1000
    return {
      originalMaxAge: maxAge,
      maxAge,
      expires: maxAge === null ? null : new Date(state.opts.now() + maxAge),
      httpOnly: c.httpOnly,
      secure: c.secure,
      path: c.path,
      domain: c.domain,
      sameSite: c.sameSite,
      partitioned: c.partitioned,
    }
  }

  /**
   * A new session in place of this one (req.session becomes a new, empty object). At the next save,
   * or when the response ends, the old id is retired in the same write that issues the new one: a
   * login (the user changed or was set) rotates through the core's login(), anything else ends the
   * old session and issues a fresh one only if data was set. Data is not carried over; passport's
   * keepSessionInfo copies it into the new object itself.
   */
  regenerate(cb?: Callback): this {
    const state = stateOf(this)
    state.rotate = true
    state.present({}, false)
    later(cb)
    return this
  }

  /** Stores the data now; a change of user rotates the id (login) or ends the session (logout). */
  save(cb?: Callback): this {
    stateOf(this)
      .commit()
      .then(
        () => later(cb),
        (err: unknown) => (cb ? later(cb, err) : stateOf(this).opts.onBackgroundError(err)),
      )
    return this
  }

  /** Ends the session on the server and clears the cookie; `req.session` is removed, as express-session does. */
  destroy(cb?: Callback): this {
    const state = stateOf(this)
    state.destroyed = true
    delete (state.req as { session?: unknown }).session
    state.core.logout().then(
      () => later(cb),
      (err: unknown) => (cb ? later(cb, err) : state.opts.onBackgroundError(err)),
    )
    return this
  }

  /** Reads the session again from the store (what other requests wrote meanwhile). */
  reload(cb?: Callback): this {
    stateOf(this)
      .reload()
      .then(
        () => later(cb),
        (err: unknown) => later(cb, err),
      )
    return this
  }

  /** Nothing to do: reads move the idle deadline (at most one write per touchInterval). */
  touch(): this {
    return this
  }

  resetMaxAge(): this {
    return this
  }
}

/** What one request's compat session knows besides its data. */
export class RequestSessions {
  /** The library's session behind req.session; replaced by reload(). */
  core: CoreSession<object>
  /** The object on req.session now (regenerate() replaces it). */
  current!: CompatSession
  /** The data as stored, as JSON, and its user, to tell what changed. */
  baseText = '{}'
  baseUser: string | undefined
  rotate = false
  destroyed = false
  /** Set by bindLoginEpoch(): the epoch the next login of this user is bound to. */
  boundLogin: { userId: string; epoch: number } | undefined
  readonly opts: ResolvedOptions
  #queue: Promise<void> = Promise.resolve()

  constructor(
    sessions: SessionManager<object>,
    readonly req: IncomingMessage,
    readonly ctx: ResponseContext,
    readonly userIdOf: UserIdOf,
    core: CoreSession<object>,
  ) {
    this.opts = sessions.options as ResolvedOptions
    this.core = core
    byRequest.set(req, this)
    this.present(this.#shown(core), true)
  }

  /**
   * The data the application sees. Only a live session shows its data, and only when the user the
   * data names is the one the library logged in: a grace id (rotated away) or data naming a user
   * that never went through login() is anonymous and empty to passport.
   */
  #shown(core: CoreSession<object>): Data {
    if (core.state !== 'live') return {}
    const data = core.data as Data
    try {
      return this.userIdOf(data) === core.userId ? data : {}
    } catch {
      return {} // a user value the layer refuses (a whole passport user object): nobody is logged in
    }
  }

  /** Puts a new object with `data` on req.session; when `stored`, it is what the next commit compares against. */
  present(data: Data, stored: boolean): void {
    const session = new CompatSession()
    states.set(session, this)
    const text = JSON.stringify(data)
    const copy = JSON.parse(text) as Data
    for (const key of Object.keys(copy)) if (!RESERVED.has(key)) session[key] = copy[key]
    if (stored) {
      this.baseText = text
      this.baseUser = this.userIdOf(copy)
    }
    this.current = session
    ;(this.req as { session?: unknown }).session = session
  }

  /** The data of req.session now, without methods or reserved names. */
  #snapshot(): Data {
    const out: Data = {}
    for (const key of Object.keys(this.current)) if (!RESERVED.has(key)) out[key] = this.current[key]
    return out
  }

  /** Whether the end of the response has anything to store (synchronous, so an unchanged request waits for nothing). */
  dirty(): boolean {
    if (this.destroyed) return false
    if (this.rotate) return true
    try {
      const data = this.#snapshot()
      return this.userIdOf(data) !== this.baseUser || JSON.stringify(data) !== this.baseText
    } catch {
      return true // data JSON cannot hold (a BigInt, a cycle): the commit refuses it with SessionDataError
    }
  }

  /** Stores what changed; calls are queued so two saves never race each other. */
  commit(): Promise<void> {
    const run = this.#queue.then(() => this.#commit())
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #commit(): Promise<void> {
    if (this.destroyed) return
    const data = this.#snapshot()
    const text = JSON.stringify(data)
    const user = this.userIdOf(data)
    const core = this.core
    if (this.rotate || user !== this.baseUser) {
      if (user !== undefined) {
        // A login, whether or not the app regenerated: a new server-minted id in one write that retires
        // the old one. Bound to the epoch of the password check when the app gave one; otherwise a
        // re-login of the same user keeps the session's own epoch (the core's rule), so it cannot
        // outlive a revokeUser that already covers this session.
        const bound = this.boundLogin
        if (bound !== undefined && bound.userId !== user)
          throw new SessionDataError(
            'bindLoginEpoch() named another user id than the one this login stores (compare it with what passport.serializeUser gives)',
          )
        try {
          await core.login(user, { data: data as never, ...(bound === undefined ? {} : { epoch: bound.epoch }) })
        } catch (err) {
          // A failed login is over. The end of the response must not store it again: with the session
          // ended meanwhile (a revocation, a logout), that would be a fresh login on the user's new
          // epoch, outliving the revocation this one failed on. The request goes on with what the
          // store holds. The binding stays: a retry in this request is the same password check.
          this.rotate = false
          this.present(this.#shown(this.core), true)
          throw err
        }
        this.boundLogin = undefined
      } else {
        // A logout, or a regenerate with no user: the old session ends; data, if any, goes to a new id.
        if (core.state !== 'none') await core.logout()
        if (text !== '{}') await core.set(data)
      }
      this.rotate = false
    } else if (text !== this.baseText) {
      const base = JSON.parse(this.baseText) as Data
      // Only the keys this request changed: concurrent requests changing other keys keep theirs.
      await core.update((current) => {
        const next: Data = { ...(current as Data) }
        for (const key of new Set([...Object.keys(base), ...Object.keys(data)])) {
          if (RESERVED.has(key)) continue
          if (!Object.hasOwn(data, key)) delete next[key]
          else if (JSON.stringify(data[key]) !== JSON.stringify(base[key])) next[key] = data[key]
        }
        return next
      })
    } else return
    this.baseText = text
    this.baseUser = user
  }

  async reload(): Promise<void> {
    // express-session's regenerate() destroys the old session at once, and reload() then looks for the
    // new one, which is not stored yet: it fails. The rotation must stay pending either way, or the old
    // (logged-in) id would outlive the regenerate.
    if (this.rotate) throw new SessionConflictError('failed to load session: it was regenerated and is not stored yet')
    const key = this.core.handle
    if (key === undefined) throw new SessionConflictError('failed to load session: there is none yet')
    const fresh = await storeCall('reload', () => this.opts.store.get(key))
    if (!fresh || verdict(fresh, this.opts, this.opts.now()) !== 'live') throw new SessionConflictError('failed to load session: it ended')
    // As a load would: a session whose reads check the epoch does not come back after a revocation.
    if (checksEpoch(fresh, this.opts)) {
      const user = await storeCall('reload', () => this.opts.store.getUser(fresh.userId))
      if ((user?.epoch ?? 0) !== (fresh.userEpoch ?? 0)) throw new SessionConflictError('failed to load session: it ended')
    }
    this.core = new CoreSession<object>(this.opts, this.ctx, fresh, 'live')
    this.rotate = false
    this.present(this.#shown(this.core), true)
  }
}
