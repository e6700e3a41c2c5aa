// express-session's surface on @sessionguard/session: an app (passport included) switches by changing
// its middleware line, and gets server-minted ids stored as hashes, rotation at every change of user,
// idle and absolute expiry, and fail-closed store errors.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { SessionManager } from '../../core/manager.js'
import type { Session, SessionData } from '../../core/session.js'
import { cookieHeader } from '../../adapters/node-request.js'
import { NodeResponseCookies, serviceUnavailable } from '../../adapters/node-response.js'
import { managerFor, passportUser, type ExpressSessionOptions } from './options.js'
import { RequestSessions } from './session-object.js'
export { bindLoginEpoch } from './session-object.js'

export type { ExpressSessionOptions, CompatCookieOptions, UserIdOf } from './options.js'
export { passportUser } from './options.js'
export type { CompatSession, CookieView } from './session-object.js'

type Next = (err?: unknown) => void

/**
 * The middleware: `app.use(session({ store, secret, cookie }))`. `req.session` carries the data as
 * properties plus regenerate, save, destroy, reload, touch, id and cookie; `req.sessionID` is the
 * session's non-secret handle. Changed data is stored when the response ends (or at save()).
 */
export function expressSession<D extends object = SessionData>(options: ExpressSessionOptions<D> = {}) {
  const sessions = managerFor(options)
  const userIdOf = options.userId ?? passportUser
  const middleware = function sessionguardExpressSession(req: IncomingMessage, res: ServerResponse, next: Next): void {
    if ((req as { session?: unknown }).session) return next() // one session middleware per request, as express-session
    const ctx = new NodeResponseCookies(res)
    const loaded = sessions.loadNow(cookieHeader(req), ctx, req.socket)
    const start = (core: Session<D>): void => {
      const state = new RequestSessions(sessions as SessionManager<object>, req, ctx, userIdOf, core as Session<object>)
      Object.defineProperty(req, 'sessionID', { get: () => state.core.handle, configurable: true, enumerable: true })
      storeAtEnd(res, state)
      next()
    }
    if (!(loaded instanceof Promise)) return start(loaded)
    loaded.then(
      (core) => {
        try {
          start(core)
        } catch (err) {
          next(err)
        }
      },
      () => serviceUnavailable(res),
    )
  }
  // The manager, for what express-session never had: revokeUser, listSessions, revokeSession.
  return Object.assign(middleware, { sessions })
}

/**
 * Stores changed data before the response ends, as express-session does, so the next request sees
 * it. If storing fails and the headers are still unsent, the response becomes that failure (503 with
 * Retry-After, 409 for a lost race) with a generic body: the route's answer would claim a success.
 */
function storeAtEnd(res: ServerResponse, state: RequestSessions): void {
  const end = res.end as (...a: unknown[]) => ServerResponse
  res.end = function endAfterStoring(this: ServerResponse, ...args: unknown[]) {
    res.end = end as ServerResponse['end']
    if (!state.dirty()) return end.apply(this, args)
    state.commit().then(
      () => end.apply(res, args),
      (err: unknown) => {
        state.opts.onBackgroundError(err)
        if (res.headersSent) return void end.apply(res, args)
        const given = (err as { statusCode?: unknown })?.statusCode
        const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500
        for (const name of ['content-length', 'content-type', 'etag', 'location', 'last-modified']) res.removeHeader(name)
        res.statusCode = status
        if (status === 503) res.setHeader('retry-after', '1')
        res.setHeader('content-type', 'text/plain; charset=utf-8')
        end.call(res, STATUS_CODES[status] ?? 'Error')
      },
    )
    return this
  } as ServerResponse['end']
}

export default expressSession
