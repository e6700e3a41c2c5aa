// A passport-local app on the express-session layer with the routes that re-log a user in: passport's
// req.login(req.user) (a step-up), a regenerate() that keeps the user, a regenerate() followed by
// reload(), and a login bound to the epoch read before the password check. Tests race these against
// revokeUser, held (a hook in the store) or unheld (loops on real engines).
import { createServer } from 'node:http'
import express from 'express'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import { listen, type RunningServer } from '@sessionguard/testkit'
import type { SessionManager, SessionStore } from '@sessionguard/session'
import * as compat from '@sessionguard/session/express-session'

export const PASSWORD = 'correct horse battery staple'

export interface RevocationApp {
  server: RunningServer
  sessions: SessionManager
  /** Runs between the epoch read and the password check of POST /login-bound (a slow password hash). */
  duringPasswordCheck: (() => Promise<void>) | undefined
  /** Every error that reached the app's error handler. */
  errors: unknown[]
}

type User = { id: string; username: string }

/**
 * Usernames are user ids. `serialize: 'object'` makes passport store the whole user object, as many
 * tutorials do, instead of its id.
 */
export async function startRevocationApp(store: SessionStore, options: { serialize?: 'id' | 'object' } = {}): Promise<RevocationApp> {
  const auth = new passport.Passport()
  const app = express()
  const state: RevocationApp = { server: undefined as never, sessions: undefined as never, duringPasswordCheck: undefined, errors: [] }
  const mw = compat.expressSession({ store, secret: 'keyboard cat', cookie: { secure: false } })
  state.sessions = mw.sessions
  auth.use(new LocalStrategy((username, password, done) => done(null, password === PASSWORD ? { id: username, username } : false)))
  // The same check, bound to the epoch read before it, as the README's passport section shows.
  auth.use(
    'local-bound',
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      void (async () => {
        const epoch = await mw.sessions.userEpoch(username)
        await state.duringPasswordCheck?.()
        if (password !== PASSWORD) return done(null, false)
        compat.bindLoginEpoch(req, username, epoch)
        done(null, { id: username, username })
      })().catch(done)
    }),
  )
  if (options.serialize === 'object') auth.serializeUser((user, done) => done(null, user))
  else auth.serializeUser((user, done) => done(null, (user as User).id))
  auth.deserializeUser((stored: unknown, done) =>
    done(null, typeof stored === 'string' ? { id: stored, username: stored } : (stored as User)),
  )

  app.use(express.urlencoded({ extended: false }))
  app.use(mw)
  app.use(auth.session())
  const session = (req: express.Request) => req.session as unknown as Record<string, unknown> & { passport?: unknown }
  const done = (res: express.Response, next: express.NextFunction) => (err?: unknown) => (err ? next(err) : res.json({ ok: true }))

  app.post('/login', auth.authenticate('local', { failWithError: true }), (_req, res) => void res.json({ ok: true }))
  app.post('/login-bound', auth.authenticate('local-bound', { failWithError: true }), (_req, res) => void res.json({ ok: true }))
  // A step-up: the user is logged in and logs in again (passport regenerates and saves the session).
  app.post('/relogin', (req, res, next) => {
    if (!req.user) return void res.status(401).json({ error: 'not logged in' })
    req.login(req.user, done(res, next))
  })
  // After a privilege change: a new id for the same user, the app copying the login over.
  app.post('/regenerate', (req, res, next) => {
    const kept = session(req).passport
    if (!kept) return void res.status(401).json({ error: 'not logged in' })
    req.session.regenerate((err) => {
      if (err) return next(err)
      session(req).passport = kept
      req.session.save(done(res, next))
    })
  })
  // express-session's regenerate() destroys the old session; reload() then fails on the unsaved new one.
  app.post('/regenerate-reload', (req, res) => {
    req.session.regenerate(() => req.session.reload((err: unknown) => void res.json({ reloadFailed: Boolean(err) })))
  })
  app.get('/me', (req, res) => {
    const user = req.user as User | undefined
    res.status(user ? 200 : 401).json({ userId: user?.id ?? null })
  })
  app.use(
    (
      err: { status?: number; statusCode?: number; code?: string; message?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      state.errors.push(err)
      res.status(err.statusCode ?? err.status ?? 500).json({ error: err.code ?? 'error', message: err.message })
    },
  )
  state.server = await listen(createServer(app))
  return state
}

export interface Reply {
  status: number
  body: { ok?: boolean; userId?: string | null; error?: string; message?: string; reloadFailed?: boolean }
  /** `name=value` when the response set a (non-empty) session cookie. */
  cookie: string | undefined
  cleared: boolean
}

export async function send(app: RevocationApp, method: 'GET' | 'POST', path: string, cookie?: string, form?: string): Promise<Reply> {
  const headers: Record<string, string> = {}
  if (cookie) headers.cookie = cookie
  if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  const res = await fetch(app.server.url + path, { method, headers, body: form ?? null, redirect: 'manual' })
  const text = await res.text()
  let body: Reply['body'] = {}
  try {
    body = JSON.parse(text) as Reply['body']
  } catch {
    body = { error: text }
  }
  const set = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sid='))
    ?.split(';')[0]
  return { status: res.status, body, cookie: set && set !== 'sid=' ? set : undefined, cleared: set === 'sid=' }
}

export const credentials = (user: string, password = PASSWORD): string =>
  `username=${encodeURIComponent(user)}&password=${encodeURIComponent(password)}`

/** Logs `user` in through passport; the session cookie. */
export async function logIn(app: RevocationApp, user: string): Promise<string> {
  const r = await send(app, 'POST', '/login', undefined, credentials(user))
  if (r.status !== 200 || !r.cookie) throw new Error(`login of ${user} answered ${r.status} ${JSON.stringify(r.body)}`)
  return r.cookie
}

/** Whether `cookie` is logged in as anyone, as the app sees it. */
export async function loggedInAs(app: RevocationApp, cookie: string): Promise<string | null> {
  return (await send(app, 'GET', '/me', cookie)).body.userId ?? null
}
