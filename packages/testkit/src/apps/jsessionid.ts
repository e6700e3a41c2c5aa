// Hand-written node:http imitation of a servlet container's URL rewriting: the session travels in a
// `JSESSIONID` cookie (`Path=/; HttpOnly`) or a `;jsessionid=<id>` path parameter. Like a container
// that does not yet know whether the client keeps cookies, it writes `;jsessionid=` into links, the
// form action and redirects whenever the id did not arrive in the cookie.
//
// VULNERABLE: an unknown id in the `;jsessionid=` path parameter is adopted as a new session (an
// unknown cookie id is not: it is replaced), and login keeps the id. A correct scanner reports
// SG-FIX-ADOPT (via the path parameter) and SG-URL; the pre-auth id also survives login
// (SG-FIX-LOGIN, if reported alongside adoption). Logout invalidates the session (no SG-LOGOUT).
// Cookie without SameSite: SG-COOKIE-SAMESITE (+ -SECURE/-PREFIX per policy).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { scanConfig } from './config.js'
import { addCookie, escapeHtml, html, methodNotAllowed, notFound, parseCookies, readFields, redirect, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

interface Resolved {
  id: string
  session: { user?: string }
  fromCookie: boolean
}

/** Splits `/account;jsessionid=ABC` into the path and the id. */
function splitPathParam(pathname: string): { path: string; urlId?: string | undefined } {
  const m = /^(.*?);jsessionid=([^;/?]*)$/i.exec(pathname)
  return m ? { path: m[1] || '/', urlId: m[2] || undefined } : { path: pathname }
}

export interface JsessionidOptions {
  /**
   * A login posted without a `;jsessionid=` parameter gets a new id (the old one deleted); one posted
   * with it keeps the id. Only the URL carrier is then fixable at login: SG-FIX-LOGIN
   * through it, while the cookie attack passes.
   */
  rotateCookieAtLogin?: boolean
}

export function startJsessionidApp(opts: JsessionidOptions = {}): Promise<TargetApp> {
  const sessions = new Map<string, { user?: string }>()
  const setCookie = (res: ServerResponse, id: string) => addCookie(res, `JSESSIONID=${id}; Path=/; HttpOnly`)

  const resolve = (req: IncomingMessage, urlId: string | undefined, create: boolean, res: ServerResponse): Resolved | undefined => {
    const cookieId = parseCookies(req).get('JSESSIONID')
    if (cookieId && sessions.has(cookieId)) return { id: cookieId, session: sessions.get(cookieId)!, fromCookie: true }
    if (urlId) {
      let session = sessions.get(urlId)
      if (!session) {
        // The bug under test: an id the server never issued becomes a session.
        session = {}
        sessions.set(urlId, session)
        setCookie(res, urlId)
      }
      return { id: urlId, session, fromCookie: false }
    }
    if (!create) return undefined
    const id = newSessionId()
    const session = {}
    sessions.set(id, session)
    setCookie(res, id)
    return { id, session, fromCookie: false }
  }

  const encode = (path: string, s: Resolved | undefined) => (s && !s.fromCookie ? `${path};jsessionid=${s.id}` : path)

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { path, urlId } = splitPathParam(requestUrl(req).pathname)
    if (path === '/login') {
      const s = resolve(req, urlId, true, res)!
      if (req.method === 'GET') {
        return html(
          res,
          200,
          `<h1>Sign in</h1><form method="post" action="${escapeHtml(encode('/login', s))}"><label>Username <input type="text" name="username"></label><label>Password <input type="password" name="password"></label><button type="submit">Sign in</button></form>`,
        )
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return html(res, 401, '<p>Invalid username or password</p>')
      if (opts.rotateCookieAtLogin && !urlId) {
        sessions.delete(s.id)
        const next = { id: newSessionId(), session: { user }, fromCookie: true }
        sessions.set(next.id, next.session)
        setCookie(res, next.id)
        return redirect(res, encode('/account', next), 303)
      }
      s.session.user = user
      return redirect(res, encode('/account', s), 303)
    }
    if (path === '/account') {
      const s = resolve(req, urlId, false, res)
      if (!s?.session.user) return redirect(res, encode('/login', s))
      return html(
        res,
        200,
        `<h1>Account</h1><p>Welcome ${escapeHtml(s.session.user)}</p><a href="${escapeHtml(encode('/', s))}">Home</a><form method="post" action="${escapeHtml(encode('/logout', s))}"><button type="submit">Sign out</button></form>`,
      )
    }
    if (path === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const s = resolve(req, urlId, false, res)
      if (s) sessions.delete(s.id)
      addCookie(res, 'JSESSIONID=; Max-Age=0; Path=/; HttpOnly')
      return redirect(res, '/login', 303)
    }
    if (path === '/') return html(res, 200, '<a href="/login">Sign in</a>')
    return notFound(res)
  }

  return serveHandler('jsessionid', handler, (url) =>
    scanConfig(url, { page: '/login', url: '/login', type: 'form', check: { url: '/account' } }, { url: '/logout', method: 'POST' }),
  )
}
