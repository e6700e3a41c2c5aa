import { Hono } from 'hono'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'

const sessions = createSessionManager({ store: new MemoryStore() })

const app = new Hono<SessionEnv>()
app.use(honoSessions({ sessions }))

app.post('/login/:user', async (c) => {
  // ...check the password first...
  await c.get('session').login(c.req.param('user'), { amr: ['pwd'] })
  return c.json({ ok: true })
})

app.post('/sudo', async (c) => {
  const session = c.get('session')
  if (!session.userId) return c.json({ error: 'please log in' }, 401)
  // ...check the re-entered password (or a code) first...
  await session.completeFactor('pwd') // step-up: new id, the pre-step-up one is logged out
  return c.json({ elevated: true })
})

app.delete('/account', async (c) => {
  const session = c.get('session')
  if (!session.userId) return c.json({ error: 'please log in' }, 401)
  if (!session.hasFactor('pwd', '5m')) return c.json({ error: 'confirm your password first', stepUp: '/sudo' }, 403)
  return c.json({ deleted: session.userId })
})

export default app
