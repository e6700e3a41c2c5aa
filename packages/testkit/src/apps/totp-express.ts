// express 5 + express-session + passport (local strategy) + otplib: a password, then a TOTP code from
// an authenticator app, then the account; and a "confirm your password" step-up before the security
// settings. passport 0.7's req.login() regenerates the session, so the id changes at the password step
// in every mode (SG-FIX-LOGIN passed). Codes are one-time: otplib's afterTimeStep refuses a code whose
// time step was already used, as production apps should (a scanner must wait for the next period).
//
// mfa 'keep' — VULNERABLE. POST /2fa marks the session as fully signed in without a new id: the id held
//   after the password step is the signed-in session after the code (SG-FIX-MFA).
// mfa 'partial' — VULNERABLE. /account checks only that passport knows the user (req.isAuthenticated()),
//   not that the code was entered: the password alone reaches it (SG-MFA-PARTIAL). POST /2fa rotates.
// mfa 'rotate' — SAFE. POST /2fa calls req.login() again (a new id, the old session destroyed).
// mfa 'none' — the same app without a second factor (the password signs in fully): the baseline that
//   shows what a second factor adds to a scan's requests.
// stepup 'keep' — VULNERABLE. POST /sudo records the elevation on the same id (SG-FIX-STEPUP).
// stepup 'rotate' — SAFE. POST /sudo regenerates the session before recording the elevation.
// All: connect.sid is HttpOnly, no Secure, no SameSite (SG-COOKIE-SECURE, -SAMESITE, -PREFIX); logout
// destroys the session. /notes/:id answers only its owner (two accounts, IDOR passed).
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import session from 'express-session'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import { generateSecret, verifySync } from 'otplib'
import { listen } from '../listen.js'
import { escapeHtml } from './http.js'
import { loginFormHtml } from './login-form.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB, checkCredentials } from './users.js'

declare module 'express-session' {
  interface SessionData {
    csrf?: string
    mfa?: boolean
    elevatedAt?: number
  }
}

export interface TotpExpressOptions {
  mfa: 'keep' | 'partial' | 'rotate' | 'none'
  stepup?: 'keep' | 'rotate'
  /** The app's clock (ms since the epoch): a test shares one with the scanner. Default Date.now. */
  clock?: () => number
  /** TOTP period in seconds (default 30). */
  period?: number
}

export interface TotpApp extends TargetApp {
  /** Each account's base32 secret, as its authenticator app holds it. */
  secrets: Record<string, string>
  /** How many codes the app refused, by reason. */
  refused: { reused: number; wrong: number }
  /** Every code the app was sent, for tests that look for them in reports. */
  codes: string[]
}

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export function codeFormHtml(action: string, csrf: string, error?: string): string {
  return [
    '<h1>Two-factor authentication</h1>',
    error ? `<p class="error">${escapeHtml(error)}</p>` : '<p>Enter the 6-digit code from your authenticator app.</p>',
    `<form method="post" action="${escapeHtml(action)}">`,
    `  <input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">`,
    '  <label>Code <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code"></label>',
    '  <button type="submit">Verify</button>',
    '</form>',
  ].join('\n')
}

export async function startTotpExpressApp(opts: TotpExpressOptions): Promise<TotpApp> {
  const clock = opts.clock ?? Date.now
  const period = opts.period ?? 30
  const secrets: Record<string, string> = { [ALICE.username]: generateSecret(), [BOB.username]: generateSecret() }
  const lastStep = new Map<string, number>()
  const refused = { reused: 0, wrong: 0 }
  const codes: string[] = []
  const notes: Record<string, { owner: string; text: string }> = {
    [`n${randomBytes(6).toString('hex')}`]: { owner: ALICE.username, text: 'alice: the spare key is under the mat' },
    [`n${randomBytes(6).toString('hex')}`]: { owner: BOB.username, text: 'bob: dentist on Tuesday' },
  }

  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false }))
  app.use(session({ secret: randomBytes(32).toString('hex'), resave: false, saveUninitialized: true }))
  // this app's own passport instance: another app in the same process keeps its own serializers
  const pp = new passport.Passport()
  pp.use(
    new LocalStrategy((username, password, done) => {
      done(null, checkCredentials(username, password) ?? false)
    }),
  )
  pp.serializeUser((user, done) => done(null, user as string))
  pp.deserializeUser((id: string, done) => done(null, id))
  app.use(pp.initialize())
  app.use(pp.session())

  const csrfOk = (req: Request, res: Response): boolean => {
    const sent = (req.body as Record<string, string> | undefined)?._csrf
    if (req.session.csrf && sent === req.session.csrf) return true
    res.status(403).type('text').send('invalid CSRF token\n')
    return false
  }
  const fullySignedIn = (req: Request): boolean => req.isAuthenticated() && (opts.mfa === 'partial' || req.session.mfa === true)
  const requireFull = (req: Request, res: Response, next: NextFunction): void => {
    if (fullySignedIn(req)) return next()
    res.redirect(302, req.isAuthenticated() ? '/2fa' : '/login')
  }
  /** passport's req.login regenerates the session: a new id, the old record destroyed. */
  const relogin = (req: Request, then: () => void, next: NextFunction): void => {
    const user = req.user as string
    req.login(user, (err) => (err ? next(err) : then()))
  }

  app.get('/', (_req, res) => {
    res.type('html').send(page('<a href="/login">Sign in</a>'))
  })
  app.get('/login', (req, res) => {
    req.session.csrf ??= newCsrfToken()
    res.type('html').send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf } })))
  })
  app.post('/login', (req, res, next) => {
    if (!csrfOk(req, res)) return
    pp.authenticate('local', (err: unknown, user: string | false) => {
      if (err) return next(err)
      if (!user) {
        req.session.csrf = newCsrfToken()
        res
          .status(401)
          .type('html')
          .send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf }, error: 'Invalid username or password' })))
        return
      }
      req.login(user, (e) => {
        if (e) return next(e)
        req.session.mfa = opts.mfa === 'none'
        req.session.csrf = newCsrfToken()
        req.session.save((e2) => (e2 ? next(e2) : res.redirect(303, opts.mfa === 'none' ? '/account' : '/2fa')))
      })
    })(req, res, next)
  })
  app.get('/2fa', (req, res) => {
    if (!req.isAuthenticated()) return res.redirect(302, '/login')
    req.session.csrf ??= newCsrfToken()
    res.type('html').send(page(codeFormHtml('/2fa', req.session.csrf)))
  })
  app.post('/2fa', (req, res, next) => {
    if (!req.isAuthenticated()) return res.redirect(303, '/login')
    if (!csrfOk(req, res)) return
    const user = req.user as string
    const token = String((req.body as Record<string, string>).code ?? '')
    codes.push(token)
    const after = lastStep.get(user)
    const result = verifySync({
      secret: secrets[user]!,
      token,
      period,
      epoch: Math.floor(clock() / 1000),
      epochTolerance: [period, 0],
      ...(after !== undefined ? { afterTimeStep: after } : {}),
    })
    if (!result.valid) {
      const again = verifySync({ secret: secrets[user]!, token, period, epoch: Math.floor(clock() / 1000), epochTolerance: [period, 0] })
      if (again.valid) refused.reused++
      else refused.wrong++
      res
        .status(401)
        .type('html')
        .send(page(codeFormHtml('/2fa', req.session.csrf ?? '', 'That code is not valid.')))
      return
    }
    if ('timeStep' in result) lastStep.set(user, result.timeStep)
    const finish = () => {
      req.session.mfa = true
      req.session.csrf = newCsrfToken()
      req.session.save((e) => (e ? next(e) : res.redirect(303, '/account')))
    }
    if (opts.mfa === 'keep') finish()
    else relogin(req, finish, next)
  })
  app.get('/account', requireFull, (req, res) => {
    req.session.csrf ??= newCsrfToken()
    const mine = Object.entries(notes)
      .filter(([, n]) => n.owner === req.user)
      .map(([id]) => `<li><a href="/notes/${id}">note ${id}</a></li>`)
      .join('')
    res
      .type('html')
      .send(
        page(
          `<h1>Account</h1><p>Welcome ${escapeHtml(req.user as string)}</p><ul>${mine}</ul><a href="/settings/security">Security settings</a>` +
            `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(req.session.csrf)}"><button type="submit">Sign out</button></form>`,
        ),
      )
  })
  app.get('/notes/:id', requireFull, (req, res) => {
    const note = notes[String(req.params.id)]
    if (!note || note.owner !== req.user) return void res.status(404).type('text').send('not found\n')
    res.type('html').send(page(`<p>${escapeHtml(note.text)}</p>`))
  })
  app.get('/sudo', requireFull, (req, res) => {
    req.session.csrf ??= newCsrfToken()
    res
      .type('html')
      .send(
        page(
          '<h1>Confirm your password</h1><form method="post" action="/sudo">' +
            `<input type="hidden" name="_csrf" value="${escapeHtml(req.session.csrf)}">` +
            '<label>Password <input type="password" name="password" autocomplete="current-password"></label><button type="submit">Confirm</button></form>',
        ),
      )
  })
  app.post('/sudo', requireFull, (req, res, next) => {
    if (!csrfOk(req, res)) return
    const user = req.user as string
    if (!checkCredentials(user, (req.body as Record<string, string>).password))
      return void res.status(401).type('text').send('wrong password\n')
    const finish = () => {
      req.session.mfa = true
      req.session.elevatedAt = clock()
      req.session.csrf = newCsrfToken()
      req.session.save((e) => (e ? next(e) : res.redirect(303, '/settings/security')))
    }
    if ((opts.stepup ?? 'rotate') === 'keep') finish()
    else relogin(req, finish, next)
  })
  app.get('/settings/security', requireFull, (req, res) => {
    const at = req.session.elevatedAt
    if (at === undefined || clock() - at > 5 * 60_000) return res.redirect(302, '/sudo')
    res
      .type('html')
      .send(page(`<h1>Security settings</h1><p>Elevated: ${escapeHtml(req.user as string)} may change the password here.</p>`))
  })
  app.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err)
      req.session.destroy((e) => (e ? next(e) : res.clearCookie('connect.sid', { path: '/' }).redirect(303, '/login')))
    })
  })

  const running = await listen(createServer(app))
  const url = running.url
  return {
    name: `totp-express-${opts.mfa}${opts.stepup ? `-stepup-${opts.stepup}` : ''}`,
    url,
    secrets,
    refused,
    codes,
    config: {
      target: url,
      login: {
        page: '/login',
        url: '/login',
        type: 'form',
        credentials: { username: ALICE.username, password: ALICE.password, totp_secret: secrets[ALICE.username] },
        ...(opts.mfa === 'none' ? {} : { mfa: { type: 'totp', period } }),
        check: { url: '/account', contains: 'Welcome alice' },
      },
      logout: { url: '/logout', method: 'POST' },
      ...(opts.stepup
        ? {
            stepup: {
              page: '/sudo',
              url: '/sudo',
              fields: { password: '{password}' },
              check: { url: '/settings/security', contains: 'Elevated' },
            },
          }
        : {}),
    },
    accounts: [ALICE, BOB].map((a) => ({ ...a })),
    close: () => running.close(),
  }
}
