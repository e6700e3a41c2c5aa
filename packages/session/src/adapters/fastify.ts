import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SessionManager } from '../core/manager.js'
import type { ResponseContext, Session, SessionData } from '../core/session.js'
import { cookieHeader } from './node-request.js'

export interface FastifySessionsOptions<D extends object = SessionData> {
  sessions: SessionManager<D>
}

/**
 * Puts the session's Set-Cookie on the reply the moment it changes (replacing one this request set
 * earlier, keeping the application's own cookies), so requests that change nothing need no onSend hook.
 */
class ReplyCookies implements ResponseContext {
  #sent: string | undefined
  constructor(private readonly reply: FastifyReply) {}

  canSetCookie(): boolean {
    return !this.reply.sent && !this.reply.raw.headersSent
  }

  /** request.ip honours Fastify's trustProxy option. */
  client(): { userAgent?: string | undefined; ip?: string | undefined } {
    const request = this.reply.request
    return { userAgent: request.headers['user-agent'], ip: request.ip }
  }

  setCookie(value: string): void {
    const { reply } = this
    const previous = this.#sent
    this.#sent = value
    if (previous !== undefined) {
      const current = reply.getHeader('set-cookie')
      const others = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)]).filter((c) => c !== previous)
      reply.removeHeader('set-cookie')
      for (const c of others) reply.header('set-cookie', c)
    }
    reply.header('set-cookie', value) // Fastify appends Set-Cookie values instead of replacing them
  }
}

function unavailable(reply: FastifyReply): void {
  // Fail closed: the store could not say who this is, so nobody is logged in and the route does not run.
  reply.code(503).header('retry-after', '1').type('text/plain; charset=utf-8').send('Service Unavailable')
}

async function plugin(fastify: FastifyInstance, options: FastifySessionsOptions<object>): Promise<void> {
  const { sessions } = options
  if (!sessions || typeof sessions.load !== 'function') throw new Error('fastifySessions needs { sessions } from createSessionManager()')
  // Declared up front so every request object has the same shape (typed loosely: @fastify/session may augment the same name).
  ;(fastify.decorateRequest as (name: string, value: unknown) => unknown).call(fastify, 'session', null)

  // One callback-style hook (an async one costs Fastify extra promise plumbing on every request); with
  // a store that reads synchronously, the route runs in the same tick, without any promise.
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const session = sessions.loadNow(cookieHeader(request.raw), new ReplyCookies(reply), request.raw.socket)
    if (!(session instanceof Promise)) {
      ;(request as unknown as { session: Session<object> }).session = session
      return done()
    }
    session.then(
      (loaded) => {
        try {
          ;(request as unknown as { session: Session<object> }).session = loaded
          done()
        } catch (err) {
          // Never an unhandled rejection: whatever escaped the route chain becomes the reply.
          if (!reply.sent) reply.send(err)
        }
      },
      () => unavailable(reply),
    )
  })
}

// Registered without encapsulation (what fastify-plugin does), so every route of the app sees request.session.
Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@sessionguard/session',
  [Symbol.for('plugin-meta')]: { name: '@sessionguard/session', fastify: '5.x' },
})

/** Fastify plugin: `app.register(fastifySessions, { sessions })` puts the session on `request.session`. */
export const fastifySessions = plugin as (fastify: FastifyInstance, options: FastifySessionsOptions<any>) => Promise<void>

/** `request.session` with its data type, without declaration merging (which would clash with @fastify/session's). */
export function getSession<D extends object = SessionData>(request: FastifyRequest | object): Session<D> {
  const session = (request as { session?: Session<D> | null }).session
  if (!session) throw new Error('no session on this request: is fastifySessions registered?')
  return session
}

export type { Session, SessionData } from '../core/session.js'
