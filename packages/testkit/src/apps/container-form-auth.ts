// Hand-written node:http imitation of servlet-container FORM authentication: GET /account without
// an authenticated session answers 200 with the login form (j_username / j_password, action
// j_security_check) and remembers /account as the saved request; POST /j_security_check without that
// session answers 408, as containers do when the login "timed out"; a successful login changes the
// session id (as containers do on authentication) and 303s back to /account. A failed login answers
// 200 with the form and an error. Cookie `JSESSIONID` (`Path=/; HttpOnly`, no SameSite).
//
// SAFE with respect to fixation: invented ids are replaced, login rotates, POST /logout invalidates.
// A correct scanner reports no fixation or lifecycle finding; SG-COOKIE-SAMESITE (+ -SECURE/-PREFIX
// per policy).
//
// sessionAt: 'failed-login' — the Jetty shape where nothing but a failed login starts a session: the
//   protected page redirects to /login.html without one, a failed j_security_check creates the session
//   (it keeps the error for the form page) and redirects to /login.html?error. With rotate: false the
//   login keeps that session's id — VULNERABLE, SG-FIX-LOGIN, found only by the failed-login source
//   (not a page a victim browses); with rotate: true — SAFE. Login page /login.html; the config is a
//   browser login (`browser: true`) or a form login.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions } from './cookie-sessions.js'
import { scanConfig } from './config.js'
import { escapeHtml, html, methodNotAllowed, notFound, readFields, redirect, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

const loginForm = (error?: string) =>
  [
    '<h1>Login</h1>',
    error ? `<p class="error">${escapeHtml(error)}</p>` : '',
    '<form method="post" action="j_security_check">',
    '<label>User <input type="text" name="j_username"></label>',
    '<label>Password <input type="password" name="j_password"></label>',
    '<input type="submit" value="Log in">',
    '</form>',
  ].join('\n')

export interface ContainerFormAuthOptions {
  sessionAt?: 'protected-page' | 'failed-login'
  rotate?: boolean
  browser?: boolean
}

export function startContainerFormAuthApp(opts: ContainerFormAuthOptions = {}): Promise<TargetApp> {
  if (opts.sessionAt === 'failed-login') return startFailedLoginSessionApp(opts.rotate ?? true, opts.browser ?? false)
  const sessions = new CookieSessions({
    cookie: 'JSESSIONID',
    attributes: '; Path=/; HttpOnly',
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/account') {
      const found = sessions.current(req)
      if (found?.session.user) {
        return html(
          res,
          200,
          `<h1>Account</h1><p>Welcome ${escapeHtml(found.session.user)}</p><form method="post" action="/logout"><button type="submit">Log out</button></form>`,
        )
      }
      const { session } = sessions.ensure(req, res)
      session.data.savedRequest = '/account'
      return html(res, 200, loginForm())
    }
    if (pathname === '/j_security_check') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const found = sessions.current(req)
      const saved = found?.session.data.savedRequest
      if (typeof saved !== 'string') return html(res, 408, '<p>The time allowed for the login process has been exceeded.</p>')
      const body = await readFields(req)
      const user = checkCredentials(body.j_username, body.j_password)
      if (!user) return html(res, 200, loginForm('Invalid username or password'))
      const { session } = sessions.login(req, res, user)
      delete session.data.savedRequest
      return redirect(res, saved, 303)
    }
    if (pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/account', 303)
    }
    if (pathname === '/') return html(res, 200, '<a href="/account">Account</a>')
    return notFound(res)
  }

  return serveHandler('container-form-auth', handler, (url) =>
    scanConfig(
      url,
      {
        page: '/account',
        url: '/j_security_check',
        type: 'form',
        fields: { username: 'j_username', password: 'j_password' },
        check: { url: '/account' },
      },
      { url: '/logout', method: 'POST' },
    ),
  )
}

function startFailedLoginSessionApp(rotate: boolean, browser: boolean): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'JSESSIONID',
    attributes: '; Path=/; HttpOnly; SameSite=Lax',
    adoptUnknown: false,
    onLogin: rotate ? 'rotate' : 'keep',
    onLogout: 'destroy',
  })
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req)
    // a servlet container takes ;jsessionid= and other path parameters off before routing
    url.pathname = url.pathname.replace(/;[^/]*/g, '')
    if (url.pathname === '/login.html') {
      const error = sessions.current(req)?.session.data.error
      return html(res, 200, loginForm(url.searchParams.has('error') && typeof error === 'string' ? error : undefined))
    }
    if (url.pathname === '/account') {
      const user = sessions.current(req)?.session.user
      if (!user) return redirect(res, '/login.html', 302)
      return html(
        res,
        200,
        `<h1>Account</h1><p>Welcome ${escapeHtml(user)}</p><form method="post" action="/logout"><button type="submit">Log out</button></form>`,
      )
    }
    if (url.pathname === '/j_security_check') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const body = await readFields(req)
      const user = checkCredentials(body.j_username, body.j_password)
      if (!user) {
        // the container keeps the error for the form page in a session it creates now
        const { session } = sessions.ensure(req, res)
        session.data.error = 'Invalid username or password'
        return redirect(res, '/login.html?error', 302)
      }
      sessions.login(req, res, user)
      return redirect(res, '/account', 303)
    }
    if (url.pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/login.html', 303)
    }
    if (url.pathname === '/') return html(res, 200, '<a href="/account">Account</a>')
    return notFound(res)
  }
  const name = `jetty-failed-login${rotate ? '' : '-no-rotate'}${browser ? '-browser' : ''}`
  return serveHandler(name, handler, (url) => {
    const base = scanConfig(
      url,
      {
        page: '/login.html',
        url: '/j_security_check',
        type: 'form',
        fields: { username: 'j_username', password: 'j_password' },
        check: { url: '/account' },
      },
      { url: '/logout', method: 'POST' },
    )
    if (!browser) return base
    const login = base.login as Record<string, unknown>
    return { ...base, login: { type: 'browser', page: '/login.html', credentials: login.credentials, check: login.check } }
  })
}
