import express from 'express'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'

const sessions = createSessionManager({ store: new MemoryStore() })

// Stand-ins for your user database and your TOTP library (otpauth, otplib: check the code against the user's secret).
const checkPassword = (username: string, password: string) => (username === 'alice' && password === 'wonderland' ? 'alice' : undefined)
const checkCode = (userId: string, code: string) => userId === 'alice' && code === '123456'

const app = express()
app.use(express.urlencoded({ extended: false }))
app.use(expressSessions({ sessions }))

app.post('/login', async (req, res) => {
  const userId = checkPassword(req.body.username, req.body.password)
  if (!userId) return void res.status(401).send('wrong username or password')
  // A new id, not logged in yet: session.userId stays undefined until the code is in.
  await getSession(req).login(userId, { amr: ['pwd'], pending: ['otp'] })
  res.redirect(303, '/2fa')
})

app.post('/2fa', async (req, res) => {
  const session = getSession(req)
  const userId = session.pendingUserId // whose code to check
  if (!userId || !checkCode(userId, req.body.code)) return void res.status(401).send('wrong code')
  await session.completeFactor('otp') // a new id again: the one from the password step is dead
  res.redirect(303, '/account')
})

app.get('/account', (req, res) => {
  const { userId, amr } = getSession(req)
  if (!userId) return void res.status(401).send('please log in')
  res.send(`hello ${userId} (${amr.join('+')})`)
})

// Step-up ("confirm your password") before sensitive pages.
app.post('/sudo', async (req, res) => {
  const session = getSession(req)
  if (!session.userId || !checkPassword(session.userId, req.body.password)) return void res.status(401).send('wrong password')
  await session.completeFactor('pwd') // a new id, and a fresh time for 'pwd'
  res.redirect(303, '/settings/security')
})

app.get('/settings/security', (req, res) => {
  const session = getSession(req)
  if (!session.userId) return void res.status(401).send('please log in')
  if (!session.hasFactor('pwd', '5m')) return void res.redirect(303, '/sudo')
  res.send('Elevated: you may change your e-mail and password here')
})

export default app
