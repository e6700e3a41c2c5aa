// A login with a TOTP second factor and a "confirm your password" step-up, on @sessionguard/session:
// every privilege change (password, code, step-up) mints a new session id, and a session that passed
// only the password step reaches nothing. The scanner's SG-FIX-MFA, SG-MFA-PARTIAL and SG-FIX-STEPUP
// attack exactly these seams (see README.md here for the scan config).
import express from 'express'
import { Secret, TOTP } from 'otpauth'
import { createSessionManager, type Session, type SessionManager, type SessionStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'
import { checkPassword } from '../../users.js'

type Data = { codeTries?: number }

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

const LOGIN_FORM = `<form method="post" action="/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button>Sign in</button></form>`
const CODE_FORM = `<form method="post" action="/2fa">
<label>Code from your authenticator app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>
<button>Verify</button></form>`
const SUDO_FORM = `<form method="post" action="/sudo">
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

  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false, limit: '4kb' }))
  app.use(expressSessions({ sessions }))

  app.get('/', (_req, res) => void res.redirect(303, '/login'))

  app.get('/login', (_req, res) => void res.send(page('Sign in', LOGIN_FORM)))

  app.post('/login', async (req, res) => {
    const userId = checkPassword(req.body?.username, req.body?.password)
    if (!userId) return void res.status(401).send(page('Sign in', `<p>Wrong username or password.</p>${LOGIN_FORM}`))
    // A new id for the password step, and not logged in yet: userId stays undefined until the code.
    await getSession<Data>(req).login(userId, { amr: ['pwd'], pending: ['otp'] })
    res.redirect(303, '/2fa')
  })

  app.get('/2fa', (req, res) => {
    if (!getSession<Data>(req).pendingUserId) return void res.redirect(303, '/login')
    res.send(page('Two-factor authentication', CODE_FORM))
  })

  app.post('/2fa', async (req, res) => {
    const session = getSession<Data>(req)
    const userId = session.pendingUserId
    if (!userId) return void res.redirect(303, '/login')
    if (!codeMatches(userId, req.body?.code)) {
      const tries = (session.data.codeTries ?? 0) + 1
      if (tries >= MAX_CODE_TRIES) {
        await session.logout() // the password step is used up: start again
        return void res.status(429).send(page('Sign in', `<p>Too many wrong codes.</p>${LOGIN_FORM}`))
      }
      await session.set({ codeTries: tries })
      return void res.status(401).send(page('Two-factor authentication', `<p>Wrong code.</p>${CODE_FORM}`))
    }
    await session.completeFactor('otp') // a new id again: the one from the password step is dead
    res.redirect(303, '/account')
  })

  app.get('/account', (req, res) => {
    const { userId } = getSession<Data>(req)
    if (!userId) return void res.redirect(303, '/login')
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escape(usernameOf(userId))}.</p><p><a href="/settings/security">Security settings</a></p>` +
          `<form method="post" action="/logout"><button>Sign out</button></form>`,
      ),
    )
  })

  app.get('/sudo', (req, res) => {
    if (!getSession<Data>(req).userId) return void res.redirect(303, '/login')
    res.send(page('Confirm your password', SUDO_FORM))
  })

  app.post('/sudo', async (req, res) => {
    const session = getSession<Data>(req)
    const userId = session.userId
    if (!userId) return void res.redirect(303, '/login')
    if (checkPassword(usernameOf(userId), req.body?.password) !== userId)
      return void res.status(401).send(page('Confirm your password', `<p>Wrong password.</p>${SUDO_FORM}`))
    await session.completeFactor('pwd') // step-up: a new id, and a fresh time for 'pwd'
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
    await getSession<Data>(req).logout()
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
