// A store failure inside a route (not while loading the session) reaches the framework's own error
// handling. Whatever answers, the client gets 503 with Retry-After and a body that names neither the
// store's error class nor any stack frame, Express development mode included.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import { listen, type RunningServer } from '@sessionguard/testkit'
import { createSessionManager, isSessionguardError, MemoryStore, StoreUnavailableError, type SessionStore } from '@sessionguard/session'
import { expressSessions, getSession as expressSession } from '@sessionguard/session/express'
import { fastifySessions, getSession as fastifySession } from '@sessionguard/session/fastify'
import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'

/** Reads work, every write fails the way the AWS SDK reports throttling. */
function throttledWrites(): SessionStore {
  const inner = new MemoryStore()
  const fail = async (): Promise<never> => {
    const err = new Error('Rate of requests exceeds the allowed throughput at /opt/aws/secret-internal.js:12')
    err.name = 'ProvisionedThroughputExceededException'
    throw err
  }
  return {
    maxDataBytes: inner.maxDataBytes,
    get: (k) => inner.get(k),
    getMany: (k) => inner.getMany(k),
    write: fail,
    touch: fail,
    getUser: (u) => inner.getUser(u),
    bumpEpoch: fail,
    keysForUser: (u) => inner.keysForUser(u),
  }
}

function assertGeneric(status: number, retryAfter: string | null, body: string): void {
  assert.equal(status, 503)
  assert.equal(retryAfter, '1')
  assert.doesNotMatch(body, /ProvisionedThroughput|Exception|secret-internal|\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules/, `body: ${body}`)
}

describe('a store failure inside a route answers a generic 503 with Retry-After', () => {
  const servers: RunningServer[] = []
  const previousEnv = process.env.NODE_ENV
  before(() => {
    delete process.env.NODE_ENV // Express development mode: its default handler prints err.stack
  })
  after(async () => {
    if (previousEnv !== undefined) process.env.NODE_ENV = previousEnv
    for (const s of servers) await s.close()
  })

  it('the error itself: generic message and stack, AWS error kept as cause, branded, detail for logs', async () => {
    const sessions = createSessionManager({ store: throttledWrites(), cookie: { secure: false } })
    const session = await sessions.load(undefined)
    const err = await session.set({ a: 1 }).then(
      () => assert.fail('the write should fail'),
      (e: unknown) => e,
    )
    assert.ok(err instanceof StoreUnavailableError)
    assert.ok(isSessionguardError(err))
    assert.equal(err.code, 'SG_SESSION_STORE_UNAVAILABLE')
    assert.doesNotMatch(`${err.message}\n${err.stack}`, /ProvisionedThroughput|\n\s+at /)
    assert.match(err.detail, /ProvisionedThroughputExceededException/)
    assert.equal((err.cause as Error).name, 'ProvisionedThroughputExceededException')
    assert.equal(JSON.stringify(err).includes('Exception'), false)
  })

  it('Express (default error handler, development mode)', async () => {
    const sessions = createSessionManager({ store: throttledWrites(), cookie: { secure: false } })
    const app = express()
    app.use(expressSessions({ sessions }))
    app.post('/cart', async (req, res) => {
      await expressSession(req).set({ cart: ['apple'] })
      res.send('ok')
    })
    assert.equal(app.get('env'), 'development')
    const server = await listen(createServer(app))
    servers.push(server)
    const res = await fetch(server.url + '/cart', { method: 'POST' })
    assertGeneric(res.status, res.headers.get('retry-after'), await res.text())
  })

  it('Fastify (default error handler)', async () => {
    const sessions = createSessionManager({ store: throttledWrites(), cookie: { secure: false } })
    const app = Fastify()
    await app.register(fastifySessions, { sessions })
    app.post('/cart', async (request) => {
      await fastifySession(request).set({ cart: ['apple'] })
      return 'ok'
    })
    await app.ready()
    const server = await listen(app.server)
    servers.push(server)
    const res = await fetch(server.url + '/cart', { method: 'POST' })
    assertGeneric(res.status, res.headers.get('retry-after'), await res.text())
  })

  it('Hono (default error handler)', async () => {
    const sessions = createSessionManager({ store: throttledWrites(), cookie: { secure: false } })
    const app = new Hono<SessionEnv>()
    app.use(honoSessions({ sessions }))
    app.post('/cart', async (c) => {
      await c.get('session').set({ cart: ['apple'] })
      return c.text('ok')
    })
    const server = await listen(createAdaptorServer({ fetch: app.fetch }) as ReturnType<typeof createServer>)
    servers.push(server)
    const res = await fetch(server.url + '/cart', { method: 'POST' })
    assertGeneric(res.status, res.headers.get('retry-after'), await res.text())
  })
})
