// VULNERABLE ON PURPOSE: the textbook session-fixation pattern, as found in FastAPI/Axum/Express code
// on DynamoDB. Do not copy. What is wrong, line by line, is marked "BUG".
import { randomUUID } from 'node:crypto'
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import express, { type Request } from 'express'
import { checkPassword } from '../../users.js'
import { createTableIfMissing, getOrder, seedOrders } from '../../orders.js'

export const SESSIONS_TABLE = 'app_sessions'

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

// BUG: the id comes from the client (cookie or header) whenever it sends one
const clientSessionId = (req: Request): string | undefined => cookie(req, 'session_id') ?? req.header('x-session-id') ?? undefined

export async function createVulnerableApp(db: DynamoDBClient): Promise<express.Express> {
  await createTableIfMissing(db, SESSIONS_TABLE, 'session_id')
  await seedOrders(db)
  const app = express()
  app.use(express.json())

  async function currentUser(req: Request): Promise<string | undefined> {
    const sid = clientSessionId(req)
    if (!sid) return undefined
    const item = await db.send(new GetItemCommand({ TableName: SESSIONS_TABLE, Key: { session_id: { S: sid } } }))
    return item.Item?.user_id?.S
  }

  app.post('/login', async (req, res) => {
    const userId = checkPassword(req.body?.username, req.body?.password)
    if (!userId) return void res.status(401).json({ error: 'invalid credentials' })
    // BUG: keeps the client's id at login instead of always generating a new one
    const sessionId = clientSessionId(req) ?? randomUUID()
    await db.send(new PutItemCommand({ TableName: SESSIONS_TABLE, Item: { session_id: { S: sessionId }, user_id: { S: userId } } }))
    // BUG: no HttpOnly, no Secure, no SameSite
    res.setHeader('Set-Cookie', `session_id=${sessionId}; Path=/`)
    res.setHeader('X-Session-Id', sessionId)
    res.json({ ok: true })
  })

  app.get('/me', async (req, res) => {
    const userId = await currentUser(req)
    if (!userId) return void res.status(401).json({ error: 'not logged in' })
    res.json({ user: userId.replace(/^u-/, '') })
  })

  app.get('/orders/:id', async (req, res) => {
    const userId = await currentUser(req)
    if (!userId) return void res.status(401).json({ error: 'not logged in' })
    // BUG (authorization): GetItem by the id from the path, no owner check: any session reads any order
    const order = await getOrder(db, req.params.id)
    if (!order) return void res.status(404).json({ error: 'no such order' })
    res.json({ order_id: order.order_id, item: order.item, total: order.total })
  })

  app.post('/logout', async (_req, res) => {
    // BUG: only the cookie is cleared; the DynamoDB item stays and the id keeps working
    res.setHeader('Set-Cookie', 'session_id=; Path=/; Max-Age=0')
    res.json({ ok: true })
  })

  return app
}
