import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SessionManager } from '../core/manager.js'
import type { Session, SessionData } from '../core/session.js'

export interface FastifySessionsOptions<D extends object = SessionData> {
  sessions: SessionManager<D>
}

const sessionOf = new WeakMap<FastifyRequest, Session<object>>()

async function plugin(fastify: FastifyInstance, options: FastifySessionsOptions<object>): Promise<void> {
  const { sessions } = options
  if (!sessions || typeof sessions.load !== 'function') throw new Error('fastifySessions needs { sessions } from createSessionManager()')
  // Declared up front so every request object has the same shape (typed loosely: @fastify/session may augment the same name).
  ;(fastify.decorateRequest as (name: string, value: unknown) => unknown).call(fastify, 'session', null)

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    let session: Session<object>
    try {
      session = await sessions.load(request.headers.cookie, { canSetCookie: () => !reply.sent && !reply.raw.headersSent })
    } catch {
      // Fail closed: the store could not say who this is, so nobody is logged in and the route does not run.
      return reply.code(503).header('retry-after', '1').type('text/plain; charset=utf-8').send('Service Unavailable')
    }
    ;(request as unknown as { session: Session<object> }).session = session
    sessionOf.set(request, session)
  })

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const cookie = sessionOf.get(request)?.takeSetCookie()
    if (cookie) reply.header('set-cookie', cookie)
    return payload
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
