import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SessionManager } from '../core/manager.js'
import type { Session, SessionData } from '../core/session.js'
import { cookieHeader } from './node-request.js'
import { NodeResponseCookies, serviceUnavailable } from './node-response.js'

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
  return function sessionguard(req: IncomingMessage, res: ServerResponse, next: Next): void {
    // Plain callbacks, no async wrapper: the authenticated request pays for one store read and nothing
    // else, and with a store that reads synchronously it continues in the same tick.
    const session = sessions.loadNow(cookieHeader(req), new NodeResponseCookies(res), req.socket)
    if (!(session instanceof Promise)) {
      ;(req as IncomingMessage & { session: Session<D> }).session = session
      return next()
    }
    session.then(
      (loaded) => {
        try {
          ;(req as IncomingMessage & { session: Session<D> }).session = loaded
          next()
        } catch (err) {
          next(err) // never an unhandled rejection
        }
      },
      () => serviceUnavailable(res),
    )
  }
}

/** `req.session` with its data type, without declaration merging (which would clash with express-session's). */
export function getSession<D extends object = SessionData>(req: IncomingMessage | object): Session<D> {
  const session = (req as { session?: Session<D> }).session
  if (!session) throw new Error('no session on this request: is expressSessions() installed before this route?')
  return session
}

export type { Session, SessionData } from '../core/session.js'
