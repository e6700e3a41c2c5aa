import { createHash } from 'node:crypto'
import { SessionConfigError, SessionDataError } from '../../errors.js'
import { createSessionManager, type SessionManager } from '../../core/manager.js'
import type { SessionManagerOptions } from '../../core/options.js'
import type { SessionData } from '../../core/session.js'
import type { CookieOptions, SameSite } from '../../cookie/options.js'
import { MemoryStore } from '../../stores/memory.js'
import type { SessionStore } from '../../stores/types.js'

/** express-session's cookie options, as far as they map onto this library's cookie. */
export interface CompatCookieOptions {
  secure?: boolean
  httpOnly?: boolean
  /** true means 'strict', false 'lax' (what browsers apply without the attribute), as in express-session. */
  sameSite?: boolean | 'lax' | 'strict' | 'none'
  path?: string
  domain?: string
  /** Milliseconds, as in express-session: a persistent cookie. Default: a browser-session cookie. */
  maxAge?: number
  partitioned?: boolean
}

/** Decides who is logged in from the session data; passport keeps it in `passport.user`. */
export type UserIdOf = (data: Record<string, unknown>) => string | undefined

export interface ExpressSessionOptions<D extends object = SessionData> extends Omit<SessionManagerOptions, 'store' | 'cookie'> {
  /** A manager built with createSessionManager(); when given, the store and session options below are not used. */
  sessions?: SessionManager<D>
  /** This library's store (MemoryStore, DynamoDBStore from '@sessionguard/session/dynamodb', or your own). Default: a MemoryStore. */
  store?: SessionStore
  /**
   * express-session's secret: turns on the cookie MAC (forged ids refused before any store read); with a
   * list, the first signs and all verify. The token itself is what authenticates (256 random bits), so
   * the MAC protects the store from forged-id traffic rather than the session from guessing.
   */
  secret?: string | string[]
  /** The cookie name. Default '__Host-sid' (secure) or 'sid'; express-session's 'connect.sid' only if you say so. */
  name?: string
  cookie?: CompatCookieOptions
  /**
   * Who the session belongs to. Default: passport's `passport.user` (a string as is, a number as its
   * decimal, anything else as its JSON). Whenever it changes, the id rotates (a login) or the session
   * ends (a logout), whether or not the app called regenerate().
   */
  userId?: UserIdOf
  /** Accepted for drop-in compatibility and ignored: nothing is stored before data is set, unchanged data is not written, touches slide the expiry. */
  resave?: boolean
  saveUninitialized?: boolean
  rolling?: boolean
  proxy?: boolean
  unset?: 'destroy' | 'keep'
  /** Refused: ids are minted by the library, never by the application. */
  genid?: never
}

/**
 * passport's default: `req.session.passport.user`, a string as is, a number as its decimal. Anything
 * else (passport.serializeUser giving the whole user object) is refused: the session would belong to
 * that object's JSON, which revokeUser(user.id) and listSessions(user.id) never name.
 */
export const passportUser: UserIdOf = (data) => {
  const passport = data.passport
  const user = passport !== null && typeof passport === 'object' ? (passport as { user?: unknown }).user : undefined
  if (typeof user === 'string') return user.length > 0 ? user : undefined
  if (typeof user === 'number') return Number.isFinite(user) ? String(user) : undefined
  if (user === undefined || user === null) return undefined
  throw new SessionDataError(
    "passport.serializeUser stored a whole user object as the session's user: make it store the user's id, " +
      'passport.serializeUser((user, done) => done(null, user.id)), and look the user up in deserializeUser ' +
      '(revokeUser and listSessions take that id); or tell expressSession({ userId: (data) => ... }) where the id is',
  )
}

function sameSiteOf(value: CompatCookieOptions['sameSite']): SameSite | undefined {
  if (value === undefined) return undefined
  if (value === true) return 'strict'
  if (value === false) return 'lax'
  return value
}

/** Short secrets (express-session apps often have one) are stretched to a 32-byte key; the list order is kept. */
function macSecrets(secret: string | string[]): Buffer[] {
  const list = Array.isArray(secret) ? secret : [secret]
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.length === 0))
    throw new SessionConfigError('secret must be a non-empty string or a list of them')
  return list.map((s) => createHash('sha256').update('sessionguard express-session secret\0').update(s, 'utf8').digest())
}

/** As express-session does: its default in-process store has no place in production, so say so once per middleware. */
function warnMemoryStore(): void {
  process.emitWarning(
    'expressSession() was given no store, so sessions are kept in a MemoryStore: every session is lost when the process restarts, ' +
      'and they are not shared between processes or servers. Pass store: new DynamoDBStore({ client, tableName }) from @sessionguard/session/dynamodb.',
    { type: 'SessionguardWarning', code: 'memory-store' },
  )
}

export function managerFor<D extends object>(options: ExpressSessionOptions<D>): SessionManager<D> {
  if ((options as { genid?: unknown }).genid !== undefined)
    throw new SessionConfigError('genid is not supported: session ids are minted by @sessionguard/session, never by the application')
  if ((options.cookie?.secure as unknown) === 'auto')
    throw new SessionConfigError("cookie.secure 'auto' is not supported: set true (HTTPS) or false (local http)")
  if (options.sessions) {
    const ignored = (['store', 'secret', 'name', 'cookie'] as const).filter((k) => options[k] !== undefined)
    if (ignored.length > 0) throw new SessionConfigError(`with { sessions }, set ${ignored.join(', ')} on createSessionManager() instead`)
    return options.sessions
  }
  const {
    sessions: _s,
    store,
    secret,
    name,
    cookie = {},
    userId: _u,
    resave: _r,
    saveUninitialized: _su,
    rolling: _ro,
    proxy: _p,
    unset: _un,
    ...managerOptions
  } = options
  const sameSite = sameSiteOf(cookie.sameSite)
  const cookieOptions: CookieOptions = {
    ...(name !== undefined ? { name } : {}),
    ...(cookie.secure !== undefined ? { secure: cookie.secure } : {}),
    ...(cookie.httpOnly !== undefined ? { httpOnly: cookie.httpOnly } : {}),
    ...(sameSite !== undefined ? { sameSite } : {}),
    ...(cookie.path !== undefined ? { path: cookie.path } : {}),
    ...(cookie.domain !== undefined ? { domain: cookie.domain } : {}),
    ...(cookie.maxAge !== undefined && cookie.maxAge !== null ? { maxAge: cookie.maxAge } : {}),
    ...(cookie.partitioned !== undefined ? { partitioned: cookie.partitioned } : {}),
    ...(secret !== undefined ? { secrets: macSecrets(secret) } : {}),
  }
  if (store === undefined && process.env.NODE_ENV === 'production') warnMemoryStore()
  return createSessionManager<D>({ ...managerOptions, store: store ?? new MemoryStore(), cookie: cookieOptions })
}
