// Hand-written node:http form login whose CSRF token appears only in
// `<meta name="csrf-token" content="…">` (the form itself has no hidden token, as in apps where
// script adds it); POST /login accepts it as the form field `_token` or the `X-CSRF-Token` header.
// Cookie `app_session` (`HttpOnly; SameSite=Lax; Path=/`).
//
// SAFE with respect to fixation: invented ids are replaced, login rotates the id, logout deletes the
// session. A correct scanner reports no fixation or lifecycle finding (only -SECURE/-PREFIX per policy).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { scanConfig } from './config.js'
import { escapeHtml, header, html, methodNotAllowed, notFound, readFields, redirect, requestUrl } from './http.js'
import { accountHtml } from './login-form.js'
import { serveHandler } from './serve.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

function loginPage(res: ServerResponse, status: number, token: string, error?: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(
    [
      '<!doctype html>',
      `<html><head><meta charset="utf-8"><meta name="csrf-token" content="${escapeHtml(token)}"><title>Sign in</title></head><body>`,
      error ? `<p class="error">${escapeHtml(error)}</p>` : '',
      '<form method="post" action="/login">',
      '<label>Username <input type="text" name="username"></label>',
      '<label>Password <input type="password" name="password"></label>',
      '<button type="submit">Sign in</button>',
      '</form>',
      '</body></html>',
      '',
    ].join('\n'),
  )
}

export function startMetaCsrfApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'app_session',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/login') {
      if (req.method === 'GET') {
        const { session } = sessions.ensure(req, res)
        session.csrf ??= newCsrfToken()
        return loginPage(res, 200, session.csrf)
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const found = sessions.current(req)
      const token = body._token ?? header(req, 'x-csrf-token')
      if (!found?.session.csrf || token !== found.session.csrf) return html(res, 419, '<p>Page expired (CSRF token missing or invalid)</p>')
      const user = checkCredentials(body.username, body.password)
      if (!user) return loginPage(res, 401, found.session.csrf, 'Invalid username or password')
      sessions.login(req, res, user).session.csrf = newCsrfToken()
      return redirect(res, '/account', 303)
    }
    if (pathname === '/account') {
      const user = sessions.current(req)?.session.user
      return user ? html(res, 200, accountHtml(user, '/logout')) : redirect(res, '/login')
    }
    if (pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/login', 303)
    }
    if (pathname === '/') return html(res, 200, '<a href="/login">Sign in</a>')
    return notFound(res)
  }

  return serveHandler('meta-csrf', handler, (url) =>
    scanConfig(url, { page: '/login', url: '/login', type: 'form', check: { url: '/account' } }, { url: '/logout', method: 'POST' }),
  )
}
