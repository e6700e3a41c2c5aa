import Fastify from 'fastify'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { fastifySessions, getSession } from '@sessionguard/session/fastify'

type Data = { cart?: string[] }

const sessions = createSessionManager<Data>({ store: new MemoryStore() })

const app = Fastify()
await app.register(fastifySessions, { sessions })

app.post<{ Params: { item: string } }>('/cart/:item', async (request) => {
  const session = getSession<Data>(request) // the same object as request.session, typed
  await session.set({ cart: [...(session.data.cart ?? []), request.params.item] })
  return session.data
})

app.post<{ Body: { userId: string } }>('/login', async (request) => {
  // ...check the password first...
  await getSession<Data>(request).login(request.body.userId, { keep: ['cart'] }) // the cart comes along, nothing else
  return { ok: true }
})

app.get('/account', async (request, reply) => {
  const { userId, data } = getSession<Data>(request)
  if (!userId) return reply.code(401).send({ error: 'please log in' })
  return { userId, cart: data.cart ?? [] }
})

export default app
