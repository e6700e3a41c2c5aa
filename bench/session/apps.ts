import { createServer } from 'node:http'
import express from 'express'
import session from 'express-session'
import connectDynamoDB from 'connect-dynamodb'
import Fastify from 'fastify'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { listen, type RunningServer } from '@sessionguard/testkit'
import type { SessionManager } from '@sessionguard/session'
import { expressSessions, getSession as expressSession } from '@sessionguard/session/express'
import { fastifySessions, getSession as fastifySession } from '@sessionguard/session/fastify'

/** Each app: POST /login logs "alice" in, GET /me answers the logged-in user (401 without one). */
export async function fastifyWithSessionguard(sessions: SessionManager): Promise<RunningServer> {
  const app = Fastify()
  await app.register(fastifySessions, { sessions })
  app.post('/login', async (request) => {
    await fastifySession(request).login('alice')
    return { ok: true }
  })
  app.get('/me', async (request, reply) => {
    const userId = fastifySession(request).userId
    if (!userId) return reply.code(401).send({ error: 'login' })
    return { userId }
  })
  await app.ready()
  return listen(app.server)
}

/** The same routes without sessions, so the comparison measures the session layer and nothing else. */
export async function bareFastify(): Promise<RunningServer> {
  const app = Fastify()
  app.post('/login', async () => ({ ok: true }))
  app.get('/me', async () => ({ userId: 'alice' }))
  await app.ready()
  return listen(app.server)
}

export async function expressWithSessionguard(sessions: SessionManager): Promise<RunningServer> {
  const app = express()
  app.use(expressSessions({ sessions }))
  app.post('/login', async (req, res) => {
    await expressSession(req).login('alice')
    res.json({ ok: true })
  })
  app.get('/me', (req, res) => {
    const userId = expressSession(req).userId
    if (!userId) return void res.status(401).json({ error: 'login' })
    res.json({ userId })
  })
  return listen(createServer(app))
}

export async function bareExpress(): Promise<RunningServer> {
  const app = express()
  app.post('/login', (_req, res) => void res.json({ ok: true }))
  app.get('/me', (_req, res) => void res.json({ userId: 'alice' }))
  return listen(createServer(app))
}

/** The peer: express-session with connect-dynamodb, configured as its README suggests, regenerating at login. */
export async function expressWithConnectDynamoDB(client: DynamoDBClient, table: string): Promise<RunningServer> {
  const DynamoDBStore = connectDynamoDB({ session } as never) as unknown as new (opts: {
    client: DynamoDBClient
    table: string
  }) => session.Store & { initialize(): Promise<void> }
  const store = new DynamoDBStore({ client, table })
  await store.initialize()
  const app = express()
  app.use(
    session({
      store,
      secret: 'bench-only-secret',
      resave: false,
      saveUninitialized: false,
      cookie: { secure: false, httpOnly: true, sameSite: 'lax' },
    }),
  )
  app.post('/login', (req, res, next) => {
    req.session.regenerate((err) => {
      if (err) return next(err)
      ;(req.session as unknown as { userId: string }).userId = 'alice'
      res.json({ ok: true })
    })
  })
  app.get('/me', (req, res) => {
    const userId = (req.session as unknown as { userId?: string }).userId
    if (!userId) return void res.status(401).json({ error: 'login' })
    res.json({ userId })
  })
  return listen(createServer(app))
}

/**
 * The floor for a DynamoDB-backed authenticated GET: the same route doing one strongly consistent
 * GetItem of a known session item per request and nothing else (no cookie, no hash, no expiry check).
 */
export async function fastifyGetItemFloor(client: DynamoDBClient, table: string, pk: string): Promise<RunningServer> {
  const app = Fastify()
  const command = () => new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })
  app.get('/me', async (_request, reply) => {
    const { Item } = await client.send(command())
    const userId = Item?.userId?.S
    if (!userId) return reply.code(401).send({ error: 'login' })
    return { userId }
  })
  await app.ready()
  return listen(app.server)
}

export async function expressGetItemFloor(client: DynamoDBClient, table: string, pk: string): Promise<RunningServer> {
  const app = express()
  app.get('/me', (_req, res, next) => {
    client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })).then(({ Item }) => {
      const userId = Item?.userId?.S
      if (!userId) return void res.status(401).json({ error: 'login' })
      res.json({ userId })
    }, next)
  })
  return listen(createServer(app))
}
