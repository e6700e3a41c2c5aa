// Hand-written node:http JSON API with double-submit CSRF, the way SPA frameworks do it: GET /login
// issues the session cookie `session` (`HttpOnly; SameSite=Lax; Path=/`) and an `XSRF-TOKEN` cookie
// that script must read (deliberately not HttpOnly); POST /login {username,password} is accepted only
// when the X-XSRF-TOKEN header echoes that cookie and matches the token the session holds.
//
// SAFE with respect to fixation: invented ids are replaced, login rotates the id and the XSRF token,
// logout deletes the session. A correct scanner reports no fixation or lifecycle finding, and no
// SG-COOKIE-HTTPONLY for XSRF-TOKEN (a CSRF cookie script must read is not a session carrier); only
// -SECURE/-PREFIX per policy for the `session` cookie.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { scanConfig } from './config.js'
import { addCookie, header, json, methodNotAllowed, notFound, parseCookies, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { newCsrfToken } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

export function startJsonCsrfApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'session',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })
  const issueXsrf = (res: ServerResponse, session: { csrf?: string }) => {
    session.csrf = newCsrfToken()
    addCookie(res, `XSRF-TOKEN=${session.csrf}; Path=/; SameSite=Lax`)
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/login') {
      if (req.method === 'GET') {
        const { session } = sessions.ensure(req, res)
        issueXsrf(res, session)
        return json(res, 200, { login: 'POST /login {username, password} with the X-XSRF-TOKEN header' })
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const found = sessions.current(req)
      const cookieToken = parseCookies(req).get('XSRF-TOKEN')
      const headerToken = header(req, 'x-xsrf-token')
      if (!found?.session.csrf || !headerToken || headerToken !== cookieToken || headerToken !== found.session.csrf) {
        return json(res, 403, { error: 'CSRF token missing or invalid' })
      }
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      issueXsrf(res, sessions.login(req, res, user).session)
      return json(res, 200, { ok: true, user })
    }
    if (pathname === '/me') {
      const user = sessions.current(req)?.session.user
      return user ? json(res, 200, { user }) : json(res, 401, { error: 'not logged in' })
    }
    if (pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return json(res, 200, { ok: true })
    }
    return notFound(res)
  }

  return serveHandler('json-csrf', handler, (url) =>
    scanConfig(
      url,
      { page: '/login', url: '/login', type: 'json', fields: { username: 'username', password: 'password' }, check: { url: '/me' } },
      { url: '/logout', method: 'POST' },
    ),
  )
}
