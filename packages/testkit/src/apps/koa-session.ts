// koa 3 + koa-session 7 with its defaults (signed cookies: `koa.sess` holds the external store key,
// `koa.sess.sig` its HMAC under app.keys; both are needed) and an in-memory external store. Like
// most apps on it, nothing writes the session before login except the landing page, which counts
// visits: GET / issues the pre-login session, GET /login issues nothing.
//
// regenerate: false — VULNERABLE. POST /login stores the user in the session the landing page
//   created: the pre-login koa.sess + koa.sess.sig pair is the logged-in session. A correct scanner
//   finds the session on / and reports SG-FIX-LOGIN, planting both cookies.
// regenerate: true — SAFE. ctx.session.regenerate() drops the old store entry and issues a new
//   external key at login: no fixation finding.
// trackers: true (with regenerate) — SAFE, and every page also sets `theme`, `lang` and `seen`
//   cookies, none of them the session: no false alarm.
// idleMs / absoluteMs (timed SG-EXPIRY) — idleMs sets koa-session's maxAge with rolling: true, so
//   the store forgets a session idle that long; absoluteMs ends a session that old however busy
//   (koa-session has no absolute limit: the app checks the login time it stored). Without them the
//   store keeps a session a day: the timed test with limits of seconds reports SG-EXPIRY.
// Both: an invented koa.sess has no valid signature, so nothing is adopted; logout sets
//   ctx.session = null (store entry destroyed). Cookies as issued: `Path=/; HttpOnly; Expires=+1d`
//   without Secure or SameSite.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import Koa from 'koa'
import session from 'koa-session'
import { listen } from '../listen.js'
import { scanConfig } from './config.js'
import { readFields } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, checkCredentials } from './users.js'

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export async function startKoaSessionApp(opts: {
  regenerate: boolean
  trackers?: boolean
  idleMs?: number
  absoluteMs?: number
}): Promise<TargetApp> {
  const app = new Koa()
  app.keys = [randomBytes(32).toString('hex')]
  const entries = new Map<string, { data: Record<string, unknown>; expires: number }>()
  const store = {
    get: async (key: string) => {
      const e = entries.get(key)
      return e && e.expires > Date.now() ? e.data : undefined
    },
    set: async (key: string, data: Record<string, unknown>, maxAge: number) => {
      entries.set(key, { data, expires: Date.now() + (Number.isFinite(maxAge) ? maxAge : 86_400_000) })
    },
    destroy: async (key: string) => {
      entries.delete(key)
    },
  }
  app.use(session({ store, ...(opts.idleMs !== undefined ? { maxAge: opts.idleMs, rolling: true } : {}) }, app))
  app.use(async (ctx, next) => {
    if (opts.trackers) {
      ctx.cookies.set('theme', 'light', { httpOnly: false })
      ctx.cookies.set('lang', 'en', { httpOnly: false })
      ctx.cookies.set('seen', String(Date.now()), { httpOnly: false })
    }
    await next()
  })
  app.use(async (ctx) => {
    const s = ctx.session!
    if (opts.absoluteMs !== undefined && typeof s.since === 'number' && Date.now() - s.since > opts.absoluteMs) {
      ctx.session = null
      ctx.redirect('/login')
      return
    }
    if (ctx.method === 'GET' && ctx.path === '/') {
      s.views = ((s.views as number | undefined) ?? 0) + 1
      ctx.type = 'html'
      ctx.body = page(`<p>Welcome back: visit ${String(s.views)}</p><a href="/login">Sign in</a> · <a href="/account">Account</a>`)
    } else if (ctx.method === 'GET' && ctx.path === '/login') {
      ctx.type = 'html'
      ctx.body = page(loginFormHtml({ action: '/login' }))
    } else if (ctx.method === 'POST' && ctx.path === '/login') {
      const body = await readFields(ctx.req)
      const user = checkCredentials(body.username, body.password)
      if (!user) {
        ctx.status = 401
        ctx.type = 'html'
        ctx.body = page(loginFormHtml({ action: '/login', error: 'Invalid username or password' }))
        return
      }
      if (opts.regenerate) await s.regenerate()
      ctx.session!.user = user
      ctx.session!.since = Date.now()
      ctx.redirect('/account')
      ctx.status = 303
    } else if (ctx.method === 'GET' && ctx.path === '/account') {
      if (typeof s.user !== 'string') {
        ctx.redirect('/login')
        return
      }
      ctx.type = 'html'
      ctx.body = page(accountHtml(s.user, '/logout'))
    } else if (ctx.method === 'POST' && ctx.path === '/logout') {
      ctx.session = null
      ctx.redirect('/login')
      ctx.status = 303
    } else {
      ctx.status = 404
      ctx.body = 'not found\n'
    }
  })

  const running = await listen(createServer(app.callback()))
  return {
    name: `koa-session${opts.regenerate ? '-regenerate' : '-no-regenerate'}${opts.trackers ? '-trackers' : ''}`,
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
