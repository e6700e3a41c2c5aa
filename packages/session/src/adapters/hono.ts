import type { MiddlewareHandler } from 'hono'
import type { SessionManager } from '../core/manager.js'
import type { Session, SessionData } from '../core/session.js'

export interface HonoSessionsOptions<D extends object> {
  sessions: SessionManager<D>
}

/** The Hono environment that gives `c.get('session')` its type: `new Hono<SessionEnv<MyData>>()`. */
export type SessionEnv<D extends object = SessionData> = { Variables: { session: Session<D> } }

/** The client connection when Hono runs on @hono/node-server (its bindings carry node's request); other runtimes expose none. */
function connectionOf(env: unknown): object | undefined {
  const socket = (env as { incoming?: { socket?: unknown } } | undefined)?.incoming?.socket
  return typeof socket === 'object' && socket !== null ? socket : undefined
}

/** Hono middleware: `c.get('session')`. A store failure while loading answers 503 and the route does not run. */
export function honoSessions<D extends object = SessionData>(options: HonoSessionsOptions<D>): MiddlewareHandler<SessionEnv<D>> {
  const { sessions } = options
  return async (c, next) => {
    let finished = false
    let session: Session<D>
    try {
      const client = () => ({
        userAgent: c.req.header('user-agent'),
        ip: (connectionOf(c.env) as { remoteAddress?: string } | undefined)?.remoteAddress,
      })
      const loaded = sessions.loadNow(c.req.header('cookie'), { canSetCookie: () => !finished, client }, connectionOf(c.env))
      session = loaded instanceof Promise ? await loaded : loaded
    } catch {
      return c.text('Service Unavailable', 503, { 'retry-after': '1' })
    }
    c.set('session', session)
    try {
      await next()
    } finally {
      const cookie = session.takeSetCookie()
      if (cookie) c.header('set-cookie', cookie, { append: true })
      finished = true
    }
  }
}

export type { Session, SessionData } from '../core/session.js'
