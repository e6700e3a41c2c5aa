import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CookieSessions } from './cookie-sessions.js'
import { html, methodNotAllowed, notFound, readFields, redirect, requestUrl } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { newCsrfToken } from './tokens.js'
import { checkCredentials } from './users.js'

/**
 * The plain HTML form-login app (GET/POST /login with a `csrf_token` hidden input, /account, POST
 * /logout) on top of a CookieSessions policy. `extra` adds routes before the common ones.
 */
export function formLoginHandler(
  sessions: CookieSessions,
  extra?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = requestUrl(req).pathname
    if (extra && (await extra(req, res, path))) return
    if (path === '/') return html(res, 200, '<a href="/login">Sign in</a> · <a href="/account">Account</a>')
    if (path === '/login') {
      if (req.method === 'GET') {
        const { session } = sessions.ensure(req, res)
        session.csrf ??= newCsrfToken()
        return html(res, 200, loginFormHtml({ action: '/login', hidden: { csrf_token: session.csrf } }))
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const found = sessions.current(req)
      if (!found?.session.csrf || body.csrf_token !== found.session.csrf) return html(res, 403, '<p>Invalid CSRF token</p>')
      const user = checkCredentials(body.username, body.password)
      if (!user) {
        found.session.csrf = newCsrfToken()
        return html(
          res,
          401,
          loginFormHtml({ action: '/login', hidden: { csrf_token: found.session.csrf }, error: 'Invalid username or password' }),
        )
      }
      found.session.csrf = newCsrfToken()
      sessions.login(req, res, user)
      return redirect(res, '/account', 303)
    }
    if (path === '/account') {
      const user = sessions.current(req)?.session.user
      if (!user) return redirect(res, '/login')
      return html(res, 200, accountHtml(user, '/logout'))
    }
    if (path === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/login', 303)
    }
    return notFound(res)
  }
}
