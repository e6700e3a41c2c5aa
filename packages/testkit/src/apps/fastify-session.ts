// fastify 5 + @fastify/session (in-memory store) + @fastify/cookie + @fastify/formbody, HTML form
// login with a CSRF token kept in the session; cookie `sessionId`.
//
// regenerate: false — VULNERABLE. Login writes the user into the session GET /login created
//   (saveUninitialized: true issues the pre-auth cookie), so the pre-auth id is the authenticated
//   session: SG-FIX-LOGIN.
// regenerate: true — SAFE. request.session.regenerate() at login: no fixation finding.
// Both: @fastify/session only accepts ids it signed (no SG-FIX-ADOPT, no SG-PERMISSIVE); logout
//   destroys the session (no SG-LOGOUT). Cookie as issued: `sessionId=…; Path=/; HttpOnly` with
//   secure: false (plain http on loopback) and no SameSite: SG-COOKIE-SAMESITE, plus -SECURE/-PREFIX
//   per the scanner's policy.
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifySession from '@fastify/session'
import { scanConfig } from './config.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, checkCredentials } from './users.js'

declare module 'fastify' {
  interface Session {
    user?: string
    csrf?: string
  }
}

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export async function startFastifySession(opts: { regenerate: boolean }): Promise<TargetApp> {
  const app = Fastify({ logger: false })
  await app.register(fastifyCookie)
  await app.register(fastifyFormbody)
  await app.register(fastifySession, {
    secret: randomBytes(32).toString('hex'),
    cookieName: 'sessionId',
    saveUninitialized: true,
    cookie: { secure: false, httpOnly: true, path: '/' },
  })

  app.get('/', async (_req, reply) => reply.type('text/html').send(page('<a href="/login">Sign in</a> · <a href="/account">Account</a>')))

  app.get('/login', async (req, reply) => {
    req.session.csrf ??= newCsrfToken()
    return reply.type('text/html').send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf } })))
  })

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    if (!req.session.csrf || body._csrf !== req.session.csrf) return reply.code(403).type('text/plain').send('invalid CSRF token\n')
    const user = checkCredentials(body.username, body.password)
    if (!user) {
      req.session.csrf = newCsrfToken()
      return reply
        .code(401)
        .type('text/html')
        .send(page(loginFormHtml({ action: '/login', hidden: { _csrf: req.session.csrf }, error: 'Invalid username or password' })))
    }
    if (opts.regenerate) await req.session.regenerate()
    req.session.user = user
    req.session.csrf = newCsrfToken()
    return reply.code(303).redirect('/account')
  })

  app.get('/account', async (req, reply) => {
    if (!req.session.user) return reply.code(302).redirect('/login')
    return reply.type('text/html').send(page(accountHtml(req.session.user, '/logout')))
  })

  app.post('/logout', async (req, reply) => {
    await req.session.destroy()
    reply.clearCookie('sessionId', { path: '/' })
    return reply.code(303).redirect('/login')
  })

  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    name: `fastify-session${opts.regenerate ? '-regenerate' : '-no-regenerate'}`,
    url,
    config: scanConfig(
      url,
      { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
      { url: '/logout', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: () => app.close(),
  }
}
