import Fastify from 'fastify'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { fastifySessions, getSession } from '@sessionguard/session/fastify'

const sessions = createSessionManager({ store: new MemoryStore() })

// Stand-in for your TOTP library: check the code against the user's secret.
const checkCode = (userId: string, code: string) => userId === 'bob' && code === '654321'

const app = Fastify()
await app.register(fastifySessions, { sessions })

app.post<{ Body: { userId: string } }>('/login', async (request) => {
  // ...check the password first...
  await getSession(request).login(request.body.userId, { amr: ['pwd'], pending: ['otp'] })
  return { next: '/2fa' }
})

app.post<{ Body: { code: string } }>('/2fa', async (request, reply) => {
  const session = getSession(request)
  const userId = session.pendingUserId
  if (!userId || !checkCode(userId, request.body.code)) return reply.code(401).send({ error: 'wrong code' })
  await session.completeFactor('otp') // new id; the half-authenticated one is dead
  return { userId: session.userId, amr: session.amr }
})

app.get('/account', async (request, reply) => {
  const { userId, authenticatedAt } = getSession(request)
  if (!userId) return reply.code(401).send({ error: 'please log in' })
  return { userId, authenticatedAt }
})

export default app
