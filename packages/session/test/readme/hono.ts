import { Hono } from 'hono'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'

type Data = { theme?: 'light' | 'dark' }

const sessions = createSessionManager<Data>({ store: new MemoryStore() })

const app = new Hono<SessionEnv<Data>>()
app.use(honoSessions({ sessions }))

app.post('/login/:user', async (c) => {
  // ...check the password first...
  await c.get('session').login(c.req.param('user'))
  return c.json({ ok: true })
})

app.get('/account', (c) => {
  const session = c.get('session')
  if (!session.userId) return c.json({ error: 'please log in' }, 401)
  return c.json({ userId: session.userId, theme: session.data.theme ?? 'light' })
})

app.post('/admin/revoke/:user', async (c) => {
  // ...check that the caller is an admin...
  return c.json({ revoked: await sessions.revokeUser(c.req.param('user')) })
})

export default app
