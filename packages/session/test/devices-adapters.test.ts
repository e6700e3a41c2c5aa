// Each adapter hands the core the client's user agent and address at login (recordDevice opt-in).
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, describe, it } from 'node:test'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import { listen, type RunningServer } from '@sessionguard/testkit'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { expressSessions, getSession as expressSession } from '@sessionguard/session/express'
import { fastifySessions, getSession as fastifySession } from '@sessionguard/session/fastify'
import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'

const manager = () =>
  createSessionManager({ store: new MemoryStore(), cookie: { secure: false }, recordDevice: { userAgent: true, ip: true } })

describe('adapters record the device at login', () => {
  const servers: RunningServer[] = []
  after(async () => {
    for (const s of servers) await s.close()
  })

  async function check(server: RunningServer, sessions: ReturnType<typeof manager>): Promise<void> {
    servers.push(server)
    const res = await fetch(server.url + '/login', { method: 'POST', headers: { 'user-agent': 'DeviceTest/1.0' } })
    assert.equal(res.status, 200)
    const [info] = await sessions.listSessions('alice')
    assert.equal(info?.userAgent, 'DeviceTest/1.0')
    assert.match(info?.ip ?? '', /^(::ffff:)?127\.0\.0\.1$/)
  }

  it('Express', async () => {
    const sessions = manager()
    const app = express()
    app.use(expressSessions({ sessions }))
    app.post('/login', async (req, res) => {
      await expressSession(req).login('alice')
      res.send('ok')
    })
    await check(await listen(createServer(app)), sessions)
  })

  it('Fastify', async () => {
    const sessions = manager()
    const app = Fastify()
    await app.register(fastifySessions, { sessions })
    app.post('/login', async (request) => {
      await fastifySession(request).login('alice')
      return 'ok'
    })
    await app.ready()
    await check(await listen(app.server), sessions)
  })

  it('Hono on node', async () => {
    const sessions = manager()
    const app = new Hono<SessionEnv>()
    app.use(honoSessions({ sessions }))
    app.post('/login', async (c) => {
      await c.get('session').login('alice')
      return c.text('ok')
    })
    await check(await listen(createAdaptorServer({ fetch: app.fetch }) as ReturnType<typeof createServer>), sessions)
  })
})
