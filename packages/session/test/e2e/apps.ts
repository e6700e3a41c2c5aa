// The same small app on each framework: what a developer would write with this library.
import { createServer, type Server } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import { listen } from '@sessionguard/testkit'
import type { SessionManager, SessionError } from '@sessionguard/session'
import { expressSessions, getSession as expressSession } from '@sessionguard/session/express'
import { fastifySessions, getSession as fastifySession } from '@sessionguard/session/fastify'
import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'

export type Shop = { cart?: string[] }

export interface RunningApp {
  url: string
  close(): Promise<void>
}

export type StartApp = (sessions: SessionManager<Shop>) => Promise<RunningApp>

const statusOf = (err: unknown): number => (err as SessionError).statusCode ?? 500

export const startExpress: StartApp = async (sessions) => {
  const app = express()
  app.use(expressSessions({ sessions }))
  app.get('/me', (req, res) => {
    const s = expressSession<Shop>(req)
    res.json({ userId: s.userId ?? null, data: s.data, state: s.state })
  })
  app.get('/peer', (req, res) => void res.json({ port: req.socket.remotePort }))
  app.post('/cart/:item', async (req, res) => {
    await expressSession<Shop>(req).update((d) => ({ ...d, cart: [...(d.cart ?? []), req.params.item] }))
    res.json({ ok: true })
  })
  app.post('/login/:user', async (req, res) => {
    await expressSession<Shop>(req).login(req.params.user, { keep: ['cart'] })
    res.json({ ok: true })
  })
  app.post('/logout', async (req, res) => {
    await expressSession(req).logout()
    res.json({ ok: true })
  })
  app.post('/switch/:user', async (req, res) => {
    res.cookie('theme', 'dark')
    await expressSession(req).login(req.params.user)
    await expressSession(req).login(req.params.user)
    res.json({ ok: true })
  })
  app.post('/revoke/:user', async (req, res) => {
    res.json({ revoked: await sessions.revokeUser(req.params.user) })
  })
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(statusOf(err)).json({ error: (err as SessionError).code ?? 'error' })
  })
  return listen(createServer(app))
}

export const startFastify: StartApp = async (sessions) => {
  const app = Fastify()
  await app.register(fastifySessions, { sessions })
  app.get('/me', async (request) => {
    const s = fastifySession<Shop>(request)
    return { userId: s.userId ?? null, data: s.data, state: s.state }
  })
  app.get('/peer', async (request) => ({ port: request.raw.socket.remotePort }))
  app.post<{ Params: { item: string } }>('/cart/:item', async (request) => {
    await fastifySession<Shop>(request).update((d) => ({ ...d, cart: [...(d.cart ?? []), request.params.item] }))
    return { ok: true }
  })
  app.post<{ Params: { user: string } }>('/login/:user', async (request) => {
    await fastifySession<Shop>(request).login(request.params.user, { keep: ['cart'] })
    return { ok: true }
  })
  app.post('/logout', async (request) => {
    await fastifySession(request).logout()
    return { ok: true }
  })
  app.post<{ Params: { user: string } }>('/switch/:user', async (request, reply) => {
    reply.header('set-cookie', 'theme=dark; Path=/')
    await fastifySession(request).login(request.params.user)
    await fastifySession(request).login(request.params.user)
    return { ok: true }
  })
  app.post<{ Params: { user: string } }>('/revoke/:user', async (request) => ({ revoked: await sessions.revokeUser(request.params.user) }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
}

export const startHono: StartApp = async (sessions) => {
  const app = new Hono<SessionEnv<Shop>>()
  app.use(honoSessions({ sessions }))
  app.get('/me', (c) => {
    const s = c.get('session')
    return c.json({ userId: s.userId ?? null, data: s.data, state: s.state })
  })
  app.get('/peer', (c) => c.json({ port: (c.env as { incoming: { socket: { remotePort?: number } } }).incoming.socket.remotePort }))
  app.post('/cart/:item', async (c) => {
    const item = c.req.param('item')
    await c.get('session').update((d) => ({ ...d, cart: [...(d.cart ?? []), item] }))
    return c.json({ ok: true })
  })
  app.post('/login/:user', async (c) => {
    await c.get('session').login(c.req.param('user'), { keep: ['cart'] })
    return c.json({ ok: true })
  })
  app.post('/logout', async (c) => {
    await c.get('session').logout()
    return c.json({ ok: true })
  })
  app.post('/switch/:user', async (c) => {
    c.header('set-cookie', 'theme=dark; Path=/', { append: true })
    await c.get('session').login(c.req.param('user'))
    await c.get('session').login(c.req.param('user'))
    return c.json({ ok: true })
  })
  app.post('/revoke/:user', async (c) => c.json({ revoked: await sessions.revokeUser(c.req.param('user')) }))
  return listen(createAdaptorServer({ fetch: app.fetch }) as Server)
}
