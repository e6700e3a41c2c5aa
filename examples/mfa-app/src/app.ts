// A login with a TOTP second factor and a "confirm your password" step-up, on @sessionguard/session:
// every privilege change (password, code, step-up) mints a new session id, and a session that passed
// only the password step reaches nothing. The scanner's SG-FIX-MFA, SG-MFA-PARTIAL and SG-FIX-STEPUP
// attack exactly these seams (see README.md here for the scan config).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import express from 'express'
import { Secret, TOTP } from 'otpauth'
import { createSessionManager, type Session, type SessionManager, type SessionStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'
import { checkPassword } from '../../users.js'

type Data = { codeTries?: number; csrf?: string }

export interface MfaAppOptions {
  store: SessionStore
  /** Base32 TOTP secret of each user id (RFC 6238: SHA-1, 6 digits, 30 s). */
  totpSecrets: Readonly<Record<string, string>>
  /** Clock of the sessions and the codes; tests move it by hand. Default Date.now. */
  now?: () => number
}

/** How long a password confirmation unlocks the security settings. */
export const STEP_UP_WINDOW = '5m'
/** Wrong codes one password step may try before it is ended (a 6-digit code must not be guessable). */
export const MAX_CODE_TRIES = 5

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
const usernameOf = (userId: string): string => userId.replace(/^u-/, '')

const csrfInput = (token: string): string => `<input type="hidden" name="_csrf" value="${token}">`
const newCsrf = (): string => randomBytes(24).toString('base64url')

const LOGIN_FORM = `<form method="post" action="/login">CSRF
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button>Sign in</button></form>`
const CODE_FORM = `<form method="post" action="/2fa">CSRF
<label>Code from your authenticator app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>
<button>Verify</button></form>`
const SUDO_FORM = `<form method="post" action="/sudo">CSRF
<label>Confirm your password <input name="password" type="password" autocomplete="current-password"></label>
<button>Confirm</button></form>`

export function createMfaApp(options: MfaAppOptions): { app: express.Express; sessions: SessionManager<Data> } {
  const now = options.now ?? Date.now
  const sessions = createSessionManager<Data>({ store: options.store, now, idleTimeout: '30m', absoluteTimeout: '12h' })
  /** The last time step whose code each user entered: RFC 6238 5.2, a code is accepted once. */
  const usedStep = new Map<string, number>()

  function codeMatches(userId: string, code: unknown): boolean {
    const secret = options.totpSecrets[userId]
    if (secret === undefined || typeof code !== 'string' || !/^\d{6}$/.test(code)) return false
    const totp = new TOTP({ secret: Secret.fromBase32(secret) })
    const timestamp = now()
    const delta = totp.validate({ token: code, timestamp, window: 1 }) // one step of clock drift either way
    if (delta === null) return false
    const step = totp.counter({ timestamp }) + delta
    if (step <= (usedStep.get(userId) ?? -1)) return false
    usedStep.set(userId, step)
    return true
  }

  /** Elevated: the password was confirmed after the second factor, within the window (the login's own entry does not count). */
  const elevated = (session: Session<Data>): boolean => session.amr.at(-1) === 'pwd' && session.hasFactor('pwd', STEP_UP_WINDOW)

  /** A form with the session's CSRF token (an anonymous session gets one: the login form is protected too). */
  async function form(session: Session<Data>, html: string): Promise<string> {
    let token = session.data.csrf
    if (token === undefined) await session.set({ csrf: (token = newCsrf()) })
    return html.replace('CSRF', csrfInput(token))
  }
  /** Every POST carries the token its form was served with. */
  const csrfOk = (session: Session<Data>, sent: unknown): boolean => {
    const token = session.data.csrf
    if (token === undefined || typeof sent !== 'string' || sent.length !== token.length) return false
    return timingSafeEqual(Buffer.from(sent), Buffer.from(token))
  }

  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false, limit: '4kb' }))
  app.use(expressSessions({ sessions }))

  app.get('/', (_req, res) => void res.redirect(303, '/login'))

  app.get('/login', async (req, res) => void res.send(page('Sign in', await form(getSession<Data>(req), LOGIN_FORM))))

  app.post('/login', async (req, res) => {
    const session = getSession<Data>(req)
    if (!csrfOk(session, req.body?._csrf)) return void res.status(403).send(page('Sign in', await form(session, LOGIN_FORM)))
    const userId = checkPassword(req.body?.username, req.body?.password)
    if (!userId) return void res.status(401).send(page('Sign in', `<p>Wrong username or password.</p>${await form(session, LOGIN_FORM)}`))
    // A new id for the password step, and not logged in yet: userId stays undefined until the code.
    // Nothing of the anonymous session comes along; the new one gets its own CSRF token.
    await session.login(userId, { amr: ['pwd'], pending: ['otp'], data: { csrf: newCsrf() } })
    res.redirect(303, '/2fa')
  })

  app.get('/2fa', async (req, res) => {
    const session = getSession<Data>(req)
    if (!session.pendingUserId) return void res.redirect(303, '/login')
    res.send(page('Two-factor authentication', await form(session, CODE_FORM)))
  })

  app.post('/2fa', async (req, res) => {
    const session = getSession<Data>(req)
    const userId = session.pendingUserId
    if (!userId) return void res.redirect(303, '/login')
    if (!csrfOk(session, req.body?._csrf))
      return void res.status(403).send(page('Two-factor authentication', await form(session, CODE_FORM)))
    if (!codeMatches(userId, req.body?.code)) {
      const tries = (session.data.codeTries ?? 0) + 1
      if (tries >= MAX_CODE_TRIES) {
        await session.logout() // the password step is used up: start again
        return void res.status(429).send(page('Sign in', `<p>Too many wrong codes.</p><p><a href="/login">Sign in again</a></p>`))
      }
      await session.set({ codeTries: tries })
      return void res.status(401).send(page('Two-factor authentication', `<p>Wrong code.</p>${await form(session, CODE_FORM)}`))
    }
    // A new id again (the one from the password step is dead), and a CSRF token the password step never saw.
    await session.completeFactor('otp', { data: { csrf: newCsrf(), codeTries: 0 } })
    res.redirect(303, '/account')
  })

  app.get('/account', async (req, res) => {
    const session = getSession<Data>(req)
    const { userId } = session
    if (!userId) return void res.redirect(303, '/login')
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escape(usernameOf(userId))}.</p><p><a href="/settings/security">Security settings</a></p>` +
          (await form(session, `<form method="post" action="/logout">CSRF<button>Sign out</button></form>`)),
      ),
    )
  })

  app.get('/sudo', async (req, res) => {
    const session = getSession<Data>(req)
    if (!session.userId) return void res.redirect(303, '/login')
    res.send(page('Confirm your password', await form(session, SUDO_FORM)))
  })

  app.post('/sudo', async (req, res) => {
    const session = getSession<Data>(req)
    const userId = session.userId
    if (!userId) return void res.redirect(303, '/login')
    if (!csrfOk(session, req.body?._csrf)) return void res.status(403).send(page('Confirm your password', await form(session, SUDO_FORM)))
    if (checkPassword(usernameOf(userId), req.body?.password) !== userId)
      return void res.status(401).send(page('Confirm your password', `<p>Wrong password.</p>${await form(session, SUDO_FORM)}`))
    await session.completeFactor('pwd', { data: { csrf: newCsrf() } }) // step-up: a new id, a fresh time for 'pwd'
    res.redirect(303, '/settings/security')
  })

  app.get('/settings/security', (req, res) => {
    const session = getSession<Data>(req)
    if (!session.userId) return void res.redirect(303, '/login')
    if (!elevated(session)) return void res.redirect(303, '/sudo')
    res.send(
      page(
        'Security settings',
        `<p>Elevated: you may change the e-mail address and password of ${escape(usernameOf(session.userId))}.</p>`,
      ),
    )
  })

  app.post('/logout', async (req, res) => {
    const session = getSession<Data>(req)
    if (!csrfOk(session, req.body?._csrf)) return void res.status(403).send(page('Error', '<p>Reload the page and sign out again.</p>'))
    await session.logout()
    res.redirect(303, '/login')
  })

  // store trouble and lost races answer with the library's status (503, 409) instead of a stack trace
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const status = (err as { statusCode?: unknown })?.statusCode
    if (typeof status !== 'number' || res.headersSent) return next(err)
    res.status(status).send(page('Error', `<p>${escape((err as { code?: string }).code ?? 'session error')}</p>`))
  })

  return { app, sessions }
}
