// Hand-written node:http form login built to exercise field auto-discovery: the page has a search
// form before the login form; the login form uses `user_login` / `user_pass`, a hidden `nonce` (kept
// in the session and checked), a hidden `redirect_to`, and a `remember` checkbox whose field the
// server requires to be present as "0" or "1" (an unticked box is not sent, so the scan config passes
// it as `extra`). Pages: /signin, /dashboard ("Howdy, alice"), POST /signout. Cookie `wp_session`
// (`HttpOnly; SameSite=Lax; Path=/`).
//
// SAFE with respect to fixation: invented ids are replaced, login rotates, logout deletes the
// session. A correct scanner reports no fixation or lifecycle finding (only -SECURE/-PREFIX per policy).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { scanConfig } from './config.js'
import { escapeHtml, html, methodNotAllowed, notFound, readFields, redirect, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

const signinPage = (nonce: string, error?: string) =>
  [
    '<form role="search" method="get" action="/search"><input type="search" name="q"><button>Search</button></form>',
    '<h1>Log in</h1>',
    error ? `<div id="login_error">${escapeHtml(error)}</div>` : '',
    '<form name="loginform" id="loginform" method="post" action="/signin">',
    '<p><label for="user_login">Username or Email Address</label><input type="text" name="user_login" id="user_login"></p>',
    '<p><label for="user_pass">Password</label><input type="password" name="user_pass" id="user_pass"></p>',
    '<p><label><input name="remember" type="checkbox" id="remember" value="1"> Remember Me</label></p>',
    `<input type="hidden" name="nonce" value="${escapeHtml(nonce)}">`,
    '<input type="hidden" name="redirect_to" value="/dashboard">',
    '<p><input type="submit" name="submit" value="Log In"></p>',
    '</form>',
  ].join('\n')

export function startHiddenFieldsApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'wp_session',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/signin') {
      if (req.method === 'GET') {
        const { session } = sessions.ensure(req, res)
        session.csrf ??= newCsrfToken()
        return html(res, 200, signinPage(session.csrf))
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const found = sessions.current(req)
      if (!found?.session.csrf || body.nonce !== found.session.csrf) return html(res, 403, '<p>The link you followed has expired.</p>')
      if (body.remember !== '0' && body.remember !== '1')
        return html(res, 400, signinPage(found.session.csrf, 'The remember field is required (0 or 1).'))
      const user = checkCredentials(body.user_login, body.user_pass)
      if (!user) return html(res, 401, signinPage(found.session.csrf, 'Unknown username or incorrect password.'))
      sessions.login(req, res, user).session.csrf = newCsrfToken()
      return redirect(res, body.redirect_to === '/dashboard' ? '/dashboard' : '/', 303)
    }
    if (pathname === '/dashboard') {
      const user = sessions.current(req)?.session.user
      if (!user) return redirect(res, '/signin')
      return html(
        res,
        200,
        `<h1>Dashboard</h1><p>Howdy, ${escapeHtml(user)}</p><form method="post" action="/signout"><button>Log Out</button></form>`,
      )
    }
    if (pathname === '/signout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/signin', 303)
    }
    if (pathname === '/search') return html(res, 200, '<p>No results.</p>')
    if (pathname === '/') return html(res, 200, '<a href="/signin">Log in</a>')
    return notFound(res)
  }

  return serveHandler('hidden-fields', handler, (url) =>
    scanConfig(
      url,
      { page: '/signin', url: '/signin', type: 'form', extra: { remember: '0' }, check: { url: '/dashboard' } },
      { url: '/signout', method: 'POST' },
    ),
  )
}
