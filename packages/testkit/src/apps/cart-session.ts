// A shop on express 5 + express-session (MemoryStore, saveUninitialized: false): only a POST starts a
// session. The home page lists a teapot with an "Add to cart" form (POST /shop/cart, the item in a
// hidden field) and a "Clear cart" form (POST /shop/cart/clear); adding writes the cart into the session,
// so express-session issues `connect.sid` there and nowhere else before login. GET pages, the login page
// and a failed login write nothing. Form login at /login, /account answers "Welcome <user>" or 302s
// to /login, POST /logout destroys the session.
//
// regenerate: false — VULNERABLE. The login marks the shopper's session (cart and all) as logged in
//   without a new id: SG-FIX-LOGIN, provable once the scanner knows how a visitor gets a session
//   (session.start, or login.discovery.forms).
// regenerate: true — SAFE. req.session.regenerate() at login, the cart copied over: no fixation finding.
// Both: express-session only accepts ids it signed (no SG-FIX-ADOPT, no SG-PERMISSIVE); the cookie is
//   HttpOnly, SameSite=Lax, session-only, no Secure over http (SG-COOKIE-SECURE, SG-COOKIE-PREFIX).
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import express from 'express'
import session from 'express-session'
import { listen } from '../listen.js'
import { scanConfig } from './config.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, checkCredentials } from './users.js'

declare module 'express-session' {
  interface SessionData {
    cart?: string[]
  }
}

const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`

export async function startCartSessionApp(opts: { regenerate: boolean }): Promise<TargetApp> {
  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false }))
  app.use(
    session({
      secret: randomBytes(32).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  )

  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        page(
          [
            '<h1>Teapots</h1><p><a href="/login">Sign in</a> · <a href="/shop/cart">Cart</a></p>',
            '<form method="post" action="/shop/cart"><input type="hidden" name="item" value="teapot"><button type="submit">Add to cart</button></form>',
            '<form method="post" action="/shop/cart/clear"><button type="submit">Clear cart</button></form>',
          ].join('\n'),
        ),
      )
  })
  app.get('/shop/cart', (req, res) => {
    res.type('html').send(page(`<p>${(req.session.cart ?? []).length} item(s) in your cart</p><a href="/">Shop</a>`))
  })
  app.post('/shop/cart', (req, res) => {
    const item = String((req.body as Record<string, unknown>).item ?? '')
    if (!/^[a-z]{1,20}$/.test(item)) return void res.status(400).type('text').send('unknown item\n')
    req.session.cart = [...(req.session.cart ?? []), item]
    res.redirect(303, '/shop/cart')
  })
  app.post('/shop/cart/clear', (req, res) => {
    if (req.session.cart) req.session.cart = []
    res.redirect(303, '/shop/cart')
  })
  app.get('/login', (_req, res) => {
    res.type('html').send(page(loginFormHtml({ action: '/login', hidden: {} })))
  })
  app.post('/login', (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>
    const user = checkCredentials(body.username, body.password)
    if (!user)
      return void res
        .status(401)
        .type('html')
        .send(page(loginFormHtml({ action: '/login', hidden: {}, error: 'Invalid username or password' })))
    const cart = req.session.cart
    const finish = () => {
      req.session.user = user
      if (cart) req.session.cart = cart
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
    name: `cart-session${opts.regenerate ? '-regenerate' : ''}`,
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
