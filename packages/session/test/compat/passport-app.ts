// A passport-local app as its README would have it, on express-session's API. The one line that differs
// from an express-session app is the session middleware.
import { createServer } from 'node:http'
import express from 'express'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import { listen, type RunningServer } from '@sessionguard/testkit'
import type { SessionManager, SessionStore } from '@sessionguard/session'
import { expressSession } from '@sessionguard/session/express-session'

export const USERS = [
  { id: 'u-1', username: 'alice', password: 'alice-passport-password' },
  { id: 'u-2', username: 'bob', password: 'bob-passport-password' },
]
type User = (typeof USERS)[number]

export async function startPassportApp(store: SessionStore): Promise<{ server: RunningServer; sessions: SessionManager }> {
  const auth = new passport.Passport()
  auth.use(
    new LocalStrategy((username, password, done) => {
      const user = USERS.find((u) => u.username === username && u.password === password)
      done(null, user ?? false)
    }),
  )
  auth.serializeUser((user, done) => done(null, (user as User).id))
  auth.deserializeUser((id: string, done) => done(null, USERS.find((u) => u.id === id) ?? false))

  const app = express()
  app.use(express.urlencoded({ extended: false }))
  // was: const sessionMiddleware = session({ store, secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { secure: false } })
  const sessionMiddleware = expressSession({
    store,
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: false,
    cookie: { secure: false },
  })
  app.use(sessionMiddleware)
  app.use(auth.session())

  const session = (req: express.Request) => req.session as unknown as Record<string, unknown>
  app.get('/', (_req, res) => void res.send('<a href="/login">log in</a>'))
  app.get('/login', (req, res) => {
    // a pre-login session (as a CSRF token or a returnTo would make): the scanner then has a pre-auth id to fix
    session(req).loginPageViews = ((session(req).loginPageViews as number | undefined) ?? 0) + 1
    res.send(
      '<form method="post" action="/login"><input name="username"><input name="password" type="password"><button>log in</button></form>',
    )
  })
  app.post('/login', auth.authenticate('local', { successRedirect: '/me', failureRedirect: '/login?failed=1' }))
  // passport's keepSessionInfo: the pre-login data (the cart) comes along, on purpose
  app.post('/login-keep', auth.authenticate('local', { successRedirect: '/me', failureRedirect: '/login?failed=1', keepSessionInfo: true }))
  // an app that marks the user in the session itself, without regenerate(): the id still rotates
  app.post('/login-by-hand', (req, res) => {
    const user = USERS.find((u) => u.username === req.body.username && u.password === req.body.password)
    if (!user) return void res.status(401).send('no')
    session(req).passport = { user: user.id }
    res.redirect(303, '/me')
  })
  app.post('/cart/:item', (req, res) => {
    const s = session(req)
    s.cart = [...((s.cart as string[] | undefined) ?? []), req.params.item]
    res.json(s.cart)
  })
  app.get('/cart', (req, res) => void res.json(session(req).cart ?? []))
  app.get('/me', (req, res) => {
    const user = req.user as User | undefined
    if (!user) return void res.status(401).send('please log in')
    res.send(`hello ${user.username}`)
  })
  app.post('/logout', (req, res, next) => {
    req.logout((err) => (err ? next(err) : res.redirect(303, '/')))
  })
  return { server: await listen(createServer(app)), sessions: sessionMiddleware.sessions }
}
