// express 5 + express-session (MemoryStore), HTML form login with a CSRF token kept in the session.
//
// regenerate: false — VULNERABLE. The handler sets req.session.user on the session that GET /login
//   created (saveUninitialized: true issues a pre-auth `connect.sid`), so the pre-auth id is the
//   authenticated session after login. A correct scanner reports SG-FIX-LOGIN.
// regenerate: true — SAFE. req.session.regenerate() issues a new id at login and drops the old one:
//   no fixation finding.
// Both: express-session only accepts ids it signed, so an invented cookie is never adopted (no
//   SG-FIX-ADOPT, no SG-PERMISSIVE); logout destroys the session (no SG-LOGOUT). Cookie as issued:
//   `connect.sid=s%3A…; Path=/; HttpOnly` — no Secure, no SameSite, no __Host- prefix, session
//   lifetime; report the SG-COOKIE-SECURE / -SAMESITE / -PREFIX findings the scanner's policy
//   holds for that, nothing about HttpOnly or persistence.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import express from 'express'
import session from 'express-session'
import { listen } from '../listen.js'
import { scanConfig } from './config.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, checkCredentials } from './users.js'

declare module 'express-session' {
  interface SessionData {
    user?: string
    csrf?: string
  }
}

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export async function startExpressSession(opts: { regenerate: boolean }): Promise<TargetApp> {
  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false }))
  app.use(
    session({
      secret: randomBytes(32).toString('hex'),
      resave: false,
      saveUninitialized: true,
    }),
  )

  app.get('/', (_req, res) => {
    res.type('html').send(page('<a href="/login">Sign in</a> · <a href="/account">Account</a>'))
  })

  app.get('/login', (req, res) => {
    req.session.csrf ??= newCsrfToken()
    res.type('html').send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf } })))
  })

  app.post('/login', (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    if (!req.session.csrf || body._csrf !== req.session.csrf) {
      res.status(403).type('text').send('invalid CSRF token\n')
      return
    }
    const user = checkCredentials(body.username, body.password)
    if (!user) {
      req.session.csrf = newCsrfToken()
      res
        .status(401)
        .type('html')
        .send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf }, error: 'Invalid username or password' })))
      return
    }
    const finish = () => {
      req.session.user = user
      req.session.csrf = newCsrfToken()
      req.session.save((err) => (err ? next(err) : res.redirect(303, '/account')))
    }
    if (opts.regenerate) req.session.regenerate((err) => (err ? next(err) : finish()))
    else finish()
  })

  app.get('/account', (req, res) => {
    if (!req.session.user) return res.redirect(302, '/login')
    res.type('html').send(page(accountHtml(req.session.user, '/logout')))
  })

  app.post('/logout', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err)
      res.clearCookie('connect.sid', { path: '/' })
      res.redirect(303, '/login')
    })
  })

  const running = await listen(createServer(app))
  return {
    name: `express-session${opts.regenerate ? '-regenerate' : '-no-regenerate'}`,
    url: running.url,
    config: scanConfig(
      running.url,
      { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
      { url: '/logout', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: () => running.close(),
  }
}
