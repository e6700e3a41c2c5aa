import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SessionManager } from '../core/manager.js'
import type { Session, SessionData } from '../core/session.js'
import { flushCookieOnHeaders, serviceUnavailable } from './node-response.js'

export interface ExpressSessionsOptions<D extends object> {
  sessions: SessionManager<D>
}

type Next = (err?: unknown) => void

/**
 * Express middleware: puts the request's session on `req.session`. If the store fails while loading
 * it, the request gets 503 (or, with onStoreError 'unauthenticated', a logged-out read-only session).
 */
export function expressSessions<D extends object = SessionData>(options: ExpressSessionsOptions<D>) {
  const { sessions } = options
  return async function sessionguard(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    let session: Session<D>
    try {
      session = await sessions.load(req.headers.cookie, { canSetCookie: () => !res.headersSent })
    } catch {
      return serviceUnavailable(res)
    }
    ;(req as IncomingMessage & { session: Session<D> }).session = session
    flushCookieOnHeaders(res, session as Session<object>)
    next()
  }
}

/** `req.session` with its data type, without declaration merging (which would clash with express-session's). */
export function getSession<D extends object = SessionData>(req: IncomingMessage | object): Session<D> {
  const session = (req as { session?: Session<D> }).session
  if (!session) throw new Error('no session on this request: is expressSessions() installed before this route?')
  return session
}

export type { Session, SessionData } from '../core/session.js'
