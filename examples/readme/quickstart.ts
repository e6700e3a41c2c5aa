import express from 'express'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'

// MemoryStore for development; DynamoDBStore({ client, tableName }) from '@sessionguard/session/dynamodb' in production
const sessions = createSessionManager({ store: new MemoryStore(), idleTimeout: '30m', absoluteTimeout: '12h', cookie: { secure: false } })

export const app = express()
app.use(express.json())
app.use(expressSessions({ sessions }))

app.post('/login', async (req, res) => {
  if (req.body.password !== 'demo') return void res.status(401).end()
  await getSession(req).login(req.body.username) // new id, old one deleted: no fixation
  res.json({ ok: true })
})
app.get('/account', (req, res) => {
  const { userId } = getSession(req)
  if (!userId) return void res.status(401).end()
  res.send(`hello ${userId}`)
})
app.post('/logout', async (req, res) => {
  await getSession(req).logout() // deleted on the server, not only in the browser
  res.json({ ok: true })
})
