// The vulnerable API's endpoints on @sessionguard/session: server-issued 256-bit tokens stored as
// hashes, rotation at login, deletion at logout, hardened cookie. Each fix is marked "FIX".
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import express from 'express'
import { createSessionManager, type SessionManager } from '@sessionguard/session'
import { DynamoDBStore, type TransactionsMode } from '@sessionguard/session/dynamodb'
import { expressSessions, getSession } from '@sessionguard/session/express'
import { checkPassword } from '../../users.js'
import { getOrder, seedOrders } from '../../orders.js'

export const SESSIONS_TABLE = 'app_sessions_secure'

export interface SecureAppOptions {
  /** The store's rotation writes: leave unset on DynamoDB and DynamoDB Local; 'ordered' on an engine without transactions (dynalite). */
  transactions?: TransactionsMode
}

export async function createSecureApp(
  db: DynamoDBClient,
  options: SecureAppOptions = {},
): Promise<{ app: express.Express; sessions: SessionManager }> {
  await DynamoDBStore.createTable({ client: db, tableName: SESSIONS_TABLE })
  await seedOrders(db)
  // FIX: the library issues the id (never the client), rotates it at login and keeps only its hash
  const sessions = createSessionManager({
    store: new DynamoDBStore({
      client: db,
      tableName: SESSIONS_TABLE,
      ...(options.transactions ? { transactions: options.transactions } : {}),
    }),
    idleTimeout: '30m',
    absoluteTimeout: '12h',
  })
  const app = express()
  app.disable('x-powered-by')
  app.use(express.json())
  app.use(expressSessions({ sessions }))

  app.post('/login', async (req, res) => {
    const userId = checkPassword(req.body?.username, req.body?.password)
    if (!userId) return void res.status(401).json({ error: 'invalid credentials' })
    // FIX: a new id at login, the old one deleted in the same transaction
    await getSession(req).login(userId)
    res.json({ ok: true })
  })

  app.get('/me', (req, res) => {
    const { userId } = getSession(req)
    if (!userId) return void res.status(401).json({ error: 'not logged in' })
    res.json({ user: userId.replace(/^u-/, '') })
  })

  app.get('/orders/:id', async (req, res) => {
    const { userId } = getSession(req)
    if (!userId) return void res.status(401).json({ error: 'not logged in' })
    const order = await getOrder(db, req.params.id)
    // FIX (authorization): someone else's order is as absent as a missing one
    if (!order || order.owner !== userId) return void res.status(404).json({ error: 'no such order' })
    res.json({ order_id: order.order_id, item: order.item, total: order.total })
  })

  app.post('/logout', async (req, res) => {
    // FIX: the session is deleted on the server, not only forgotten by the browser
    await getSession(req).logout()
    res.json({ ok: true })
  })

  // store trouble and lost races answer with the library's status (503, 409) instead of a stack trace
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const status = (err as { statusCode?: unknown })?.statusCode
    if (typeof status !== 'number' || res.headersSent) return next(err)
    res.status(status).json({ error: (err as { code?: string }).code ?? 'session error' })
  })

  return { app, sessions }
}
