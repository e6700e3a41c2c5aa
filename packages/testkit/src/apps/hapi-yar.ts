// @hapi/hapi 21 + @hapi/yar 11 with server-side storage (maxCookieSize: 0 keeps the data in hapi's
// in-memory cache; the `session` cookie is an iron-sealed {id}) and storeBlank: false, so a session
// is issued only when a page writes to it. The shop's home page links to /cart, which creates the
// cart in the session: that is where the pre-login session starts. /login writes nothing.
//
// reset: false — VULNERABLE. Login stores the user in the cart's session (same yar id). yar seals a
//   fresh cookie value each time the session changes, so the cookie the attacker holds differs from
//   the victim's new one but names the same, now logged-in, session: SG-FIX-OLDID (or SG-FIX-LOGIN
//   if the value were kept) — the attacker's pre-login cookie reaches /account as the victim.
// reset: true — SAFE. request.yar.reset() drops the cached session and issues a new id at login.
// Both: an invented cookie cannot be unsealed, so nothing is adopted; logout calls reset().
// Cookie as issued: `HttpOnly; SameSite=Lax; Path=/`, no Secure, browser-session lifetime.
import { randomBytes } from 'node:crypto'
import Hapi from '@hapi/hapi'
import Yar from '@hapi/yar'
import { scanConfig } from './config.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, checkCredentials } from './users.js'

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export async function startHapiYarApp(opts: { reset: boolean }): Promise<TargetApp> {
  const server = Hapi.server({ host: '127.0.0.1', port: 0 })
  await server.register({
    plugin: Yar,
    options: {
      name: 'session',
      maxCookieSize: 0,
      storeBlank: false,
      cookieOptions: { password: randomBytes(32).toString('hex'), isSecure: false, isSameSite: 'Lax', path: '/' },
    },
  })
  const html = (h: Hapi.ResponseToolkit, body: string, code = 200) => h.response(page(body)).type('text/html').code(code)
  server.route([
    {
      method: 'GET',
      path: '/',
      handler: (_r, h) =>
        html(h, '<h1>Shop</h1><a href="/cart">Your cart</a> · <a href="/login">Sign in</a> · <a href="/account">Account</a>'),
    },
    {
      method: 'GET',
      path: '/cart',
      handler: (r, h) => {
        const cart = (r.yar.get('cart') as string[] | null) ?? []
        r.yar.set('cart', cart)
        return html(h, `<h1>Cart</h1><p>${cart.length} item(s)</p><a href="/">Home</a>`)
      },
    },
    { method: 'GET', path: '/login', handler: (_r, h) => html(h, loginFormHtml({ action: '/login' })) },
    {
      method: 'POST',
      path: '/login',
      handler: (r, h) => {
        const body = (r.payload ?? {}) as Record<string, string | undefined>
        const user = checkCredentials(body.username, body.password)
        if (!user) return html(h, loginFormHtml({ action: '/login', error: 'Invalid username or password' }), 401)
        if (opts.reset) r.yar.reset()
        r.yar.set('user', user)
        return h.redirect('/account').code(303)
      },
    },
    {
      method: 'GET',
      path: '/account',
      handler: (r, h) => {
        const user = r.yar.get('user') as string | null
        if (!user) return h.redirect('/login')
        return html(h, accountHtml(user, '/logout'))
      },
    },
    {
      method: 'POST',
      path: '/logout',
      handler: (r, h) => {
        r.yar.reset()
        return h.redirect('/login').code(303)
      },
    },
  ])
  await server.start()
  const url = `http://127.0.0.1:${server.info.port}`
  return {
    name: `hapi-yar${opts.reset ? '-reset' : '-no-reset'}`,
    url,
    config: scanConfig(
      url,
      { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
      { url: '/logout', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: async () => {
      await server.stop({ timeout: 1000 })
    },
  }
}
