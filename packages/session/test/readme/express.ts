import express from 'express'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'

type Data = { cart?: string[] }

const sessions = createSessionManager<Data>({ store: new MemoryStore(), idleTimeout: '30m', absoluteTimeout: '12h' })

// Stand-in for your user database.
const verify = (email: string, password: string) =>
  email === 'alice@example.com' && password === 'wonderland' ? { id: 'alice' } : undefined

const app = express()
app.use(express.urlencoded({ extended: false }))
app.use(expressSessions({ sessions }))

app.post('/login', async (req, res) => {
  const user = verify(req.body.email, req.body.password)
  if (!user) return void res.status(401).send('wrong email or password')
  await getSession<Data>(req).login(user.id) // new id, the pre-login one is dead
  res.redirect(303, '/account')
})

app.get('/account', (req, res) => {
  const session = getSession<Data>(req)
  if (!session.userId) return void res.status(401).send('please log in')
  res.send(`hello ${session.userId}`)
})

app.post('/logout', async (req, res) => {
  await getSession(req).logout()
  res.redirect(303, '/')
})

export default app
