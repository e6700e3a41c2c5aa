// fastify 5 + @fastify/session, a password then a 6-digit code sent by e-mail (nodemailer over SMTP
// to a local mail catcher, see mail-catcher.ts), then the account. The session id changes at the
// password step (regenerate()) in both modes; the code is one-time and expires after 10 minutes.
//
// mode 'keep' — VULNERABLE: POST /verify marks the session as signed in without a new id (SG-FIX-MFA).
// mode 'rotate' — SAFE: POST /verify calls regenerate() before recording the user.
// Both: sessionId is HttpOnly, no Secure, no SameSite; logout destroys the session.
import { randomBytes, randomInt } from 'node:crypto'
import Fastify from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifySession from '@fastify/session'
import nodemailer from 'nodemailer'
import { escapeHtml } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { startMailCatcher, type MailCatcher } from './mail-catcher.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB, checkCredentials } from './users.js'

declare module 'fastify' {
  interface Session {
    pending?: string
    code?: { value: string; expires: number }
  }
}

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`
export const mailOf = (user: string): string => `${user}@example.test`

export async function startEmailCodeApp(opts: { mode: 'keep' | 'rotate' }): Promise<TargetApp & { mail: MailCatcher }> {
  const mail = await startMailCatcher()
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true })
  const app = Fastify({ logger: false })
  await app.register(fastifyCookie)
  await app.register(fastifyFormbody)
  await app.register(fastifySession, {
    secret: randomBytes(32).toString('hex'),
    cookieName: 'sessionId',
    saveUninitialized: true,
    cookie: { secure: false, httpOnly: true, path: '/' },
  })
  const codeForm = (csrf: string, error?: string) =>
    page(
      `<h1>Check your e-mail</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : '<p>We sent a sign-in code to your address.</p>'}` +
        `<form method="post" action="/verify"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">` +
        '<label>Code <input type="text" name="code" autocomplete="one-time-code"></label><button type="submit">Continue</button></form>',
    )

  app.get('/', async (_req, reply) => reply.type('text/html').send(page('<a href="/login">Sign in</a>')))
  app.get('/login', async (req, reply) => {
    req.session.csrf ??= newCsrfToken()
    return reply.type('text/html').send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf } })))
  })
  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    if (!req.session.csrf || body._csrf !== req.session.csrf) return reply.code(403).type('text/plain').send('invalid CSRF token\n')
    const user = checkCredentials(body.username, body.password)
    if (!user)
      return reply
        .code(401)
        .type('text/html')
        .send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf }, error: 'Invalid username or password' })))
    await req.session.regenerate()
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    req.session.pending = user
    req.session.code = { value: code, expires: Date.now() + 10 * 60_000 }
    req.session.csrf = newCsrfToken()
    await transport.sendMail({
      from: 'no-reply@example.test',
      to: mailOf(user),
      subject: 'Your sign-in code',
      text: `Hello ${user},\n\nYour sign-in code is ${code}. It expires in 10 minutes.\n`,
    })
    return reply.code(303).redirect('/verify')
  })
  app.get('/verify', async (req, reply) => {
    if (!req.session.pending) return reply.code(302).redirect('/login')
    req.session.csrf ??= newCsrfToken()
    return reply.type('text/html').send(codeForm(req.session.csrf))
  })
  app.post('/verify', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    if (!req.session.pending) return reply.code(303).redirect('/login')
    if (!req.session.csrf || body._csrf !== req.session.csrf) return reply.code(403).type('text/plain').send('invalid CSRF token\n')
    const expected = req.session.code
    if (!expected || expected.expires < Date.now() || body.code !== expected.value)
      return reply.code(401).type('text/html').send(codeForm(req.session.csrf, 'That code is not valid.'))
    const user = req.session.pending
    if (opts.mode === 'rotate') await req.session.regenerate()
    delete req.session.pending
    delete req.session.code
    req.session.user = user
    req.session.csrf = newCsrfToken()
    return reply.code(303).redirect('/account')
  })
  app.get('/account', async (req, reply) => {
    if (!req.session.user) return reply.code(302).redirect(req.session.pending ? '/verify' : '/login')
    return reply.type('text/html').send(page(accountHtml(req.session.user, '/logout')))
  })
  app.post('/logout', async (req, reply) => {
    await req.session.destroy()
    reply.clearCookie('sessionId', { path: '/' })
    return reply.code(303).redirect('/login')
  })

  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    name: `email-code-${opts.mode}`,
    url,
    mail,
    config: {
      target: url,
      login: {
        page: '/login',
        url: '/login',
        type: 'form',
        credentials: { username: ALICE.username, password: ALICE.password },
        mfa: { type: 'url', code_url: `${mail.apiUrl}/api/latest?to={username}%40example.test`, pattern: 'sign-in code is (\\d{6})' },
        check: { url: '/account', contains: 'Welcome alice' },
      },
      logout: { url: '/logout', method: 'POST' },
    },
    accounts: [ALICE, BOB].map((a) => ({ ...a })),
    close: async () => {
      await app.close()
      transport.close()
      await mail.close()
    },
  }
}
