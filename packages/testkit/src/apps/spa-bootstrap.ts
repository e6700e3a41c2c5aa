// A single-page app on express 5 + express-session (MemoryStore, saveUninitialized: false): no page
// hands out a session. The page is nothing but a script; on load it calls GET /api/session, which
// writes an anti-CSRF token into the session (so express-session issues `connect.sid` there) and
// returns it; the script then renders the login form and posts it with fetch (JSON, token in
// X-CSRF-Token) to /api/login. GET /api/me answers {user} or 401; POST /api/logout destroys the session.
// A scanner that only reads HTML sees no form and no session before login.
//
// regenerate: false — VULNERABLE. /api/login marks the session the bootstrap call created as logged
//   in: the id the page's script obtained before login is the victim's session — SG-FIX-LOGIN, found
//   only by letting the page's script run.
// regenerate: true — SAFE. req.session.regenerate() at login: no fixation finding.
// Both: express-session only accepts ids it signed (no SG-FIX-ADOPT, no SG-PERMISSIVE); the cookie is
//   HttpOnly, SameSite=Lax, session-only, no Secure over http (SG-COOKIE-SECURE, SG-COOKIE-PREFIX).
//
// login: 'browser' (default) — the scan config logs in with the browser, as a user would.
// login: 'json' — the API takes its login from any client that posts JSON (a cross-site form cannot
//   send application/json, so the API asks no token of it), and the scan config is an HTTP JSON login
//   to /api/login: only a discovery in the attacker's browser (login.discovery.browser) sees the
//   session the page's script starts; plain HTTP discovery finds none.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import express from 'express'
import session from 'express-session'
import { listen } from '../listen.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, ALICE, checkCredentials } from './users.js'

const SCRIPT = `
const app = document.getElementById('app')
function el(tag, attrs, ...kids) { const e = document.createElement(tag); Object.assign(e, attrs || {}); for (const k of kids) e.append(k); return e }
async function boot() {
  const me = await fetch('/api/me')
  if (me.ok) return showHome((await me.json()).user)
  const { csrf } = await (await fetch('/api/session')).json()
  const form = el('form', { id: 'login' },
    el('label', {}, 'Email ', el('input', { id: 'email', name: 'email', type: 'text' })),
    el('label', {}, ' Password ', el('input', { id: 'password', name: 'password', type: 'password' })),
    el('button', { type: 'submit', textContent: 'Log in' }),
    el('p', { id: 'error' }))
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ username: form.email.value, password: form.password.value }) })
    if (!res.ok) { form.querySelector('#error').textContent = 'Wrong email or password'; return }
    history.pushState({}, '', '/home')
    showHome((await res.json()).user)
  })
  app.replaceChildren(form)
}
function showHome(user) { app.replaceChildren(el('h1', {}, 'Tasks'), el('p', { id: 'who', textContent: 'Signed in as ' + user })) }
boot()
`

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Tasks</title></head><body><main id="app">Loading…</main>
<script>${SCRIPT}</script>
</body></html>
`

declare module 'express-session' {
  interface SessionData {
    user?: string
    csrf?: string
  }
}

export async function startSpaBootstrapApp(opts: { regenerate: boolean; login?: 'browser' | 'json' }): Promise<TargetApp> {
  const jsonLogin = opts.login === 'json'
  const app = express()
  app.disable('x-powered-by')
  app.use(express.json())
  app.use(
    session({
      secret: randomBytes(32).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  )
  app.get(['/', '/home'], (_req, res) => {
    res.type('html').send(PAGE)
  })
  app.get('/api/session', (req, res) => {
    req.session.csrf ??= newCsrfToken()
    res.json({ csrf: req.session.csrf })
  })
  app.post('/api/login', (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    const tokenOk = Boolean(req.session.csrf) && req.get('x-csrf-token') === req.session.csrf
    if (jsonLogin ? !req.is('application/json') : !tokenOk) return void res.status(403).json({ error: 'bad csrf token' })
    const user = checkCredentials(body.username, body.password)
    if (!user) return void res.status(401).json({ error: 'invalid credentials' })
    const finish = () => {
      req.session.user = user
      req.session.save((err) => (err ? next(err) : res.json({ user })))
    }
    if (opts.regenerate) req.session.regenerate((err) => (err ? next(err) : finish()))
    else finish()
  })
  app.get('/api/me', (req, res) => {
    if (!req.session.user) return void res.status(401).json({ error: 'not logged in' })
    res.json({ user: req.session.user })
  })
  app.post('/api/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('connect.sid', { path: '/' }).json({ ok: true })))
  })

  const running = await listen(createServer(app))
  return {
    name: `spa-bootstrap${opts.regenerate ? '-regenerate' : ''}${jsonLogin ? '-json' : ''}`,
    url: running.url,
    config: {
      target: running.url,
      login: {
        ...(jsonLogin
          ? { type: 'json', page: '/', url: '/api/login', fields: { username: 'username', password: 'password' } }
          : { type: 'browser', page: '/' }),
        credentials: { username: ALICE.username, password: ALICE.password },
        check: { url: '/api/me', contains: ALICE.username },
      },
      logout: { url: '/api/logout', method: 'POST' },
    },
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: () => running.close(),
  }
}
