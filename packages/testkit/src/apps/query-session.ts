// Hand-written node:http app whose session id travels only in the `?sid=` query parameter (no
// cookie). VULNERABLE: an unknown sid is adopted as a new session, login keeps the id, and the id is
// written into Location headers, links and the form action. A correct scanner reports SG-FIX-ADOPT
// (via query) and SG-URL; the pre-auth id it issues also survives login (SG-FIX-LOGIN holds too, if
// reported alongside adoption). Logout deletes the session (no SG-LOGOUT). No cookie, so no
// SG-COOKIE-* finding.
//
// Flow: GET /login without sid → 302 to /login?sid=<new>; the form posts to /login?sid=<id>; POST
// /login (no CSRF token) → 303 to /account?sid=<id>; POST /logout?sid=<id>.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { scanConfig } from './config.js'
import { escapeHtml, html, methodNotAllowed, notFound, readFields, redirect, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

export function startQuerySessionApp(): Promise<TargetApp> {
  const sessions = new Map<string, { user?: string }>()

  /** The id in ?sid=, adopted when unknown — the bug under test. */
  const fromQuery = (url: URL): string | undefined => {
    const sid = url.searchParams.get('sid')
    if (!sid) return undefined
    if (!sessions.has(sid)) sessions.set(sid, {})
    return sid
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req)
    const q = (sid: string) => `?sid=${encodeURIComponent(sid)}`
    if (url.pathname === '/login') {
      let sid = fromQuery(url)
      if (req.method === 'GET') {
        if (!sid) {
          sid = newSessionId()
          sessions.set(sid, {})
          return redirect(res, `/login${q(sid)}`)
        }
        return html(
          res,
          200,
          `<h1>Sign in</h1><form method="post" action="/login${escapeHtml(q(sid))}"><label>Username <input type="text" name="username"></label><label>Password <input type="password" name="password"></label><button type="submit">Sign in</button></form>`,
        )
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return html(res, 401, '<p>Invalid username or password</p>')
      if (!sid) {
        sid = newSessionId()
        sessions.set(sid, {})
      }
      sessions.get(sid)!.user = user
      return redirect(res, `/account${q(sid)}`, 303)
    }
    if (url.pathname === '/account') {
      const sid = url.searchParams.get('sid')
      const user = sid ? sessions.get(sid)?.user : undefined
      if (!sid || !user) return redirect(res, '/login')
      return html(
        res,
        200,
        `<h1>Account</h1><p>Welcome ${escapeHtml(user)}</p><a href="/${escapeHtml(q(sid))}">Home</a><form method="post" action="/logout${escapeHtml(q(sid))}"><button type="submit">Sign out</button></form>`,
      )
    }
    if (url.pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const sid = url.searchParams.get('sid')
      if (sid) sessions.delete(sid)
      return redirect(res, '/login', 303)
    }
    if (url.pathname === '/') return html(res, 200, '<a href="/login">Sign in</a>')
    return notFound(res)
  }

  return serveHandler('query-session', handler, (url) =>
    scanConfig(url, { page: '/login', url: '/login', type: 'form', check: { url: '/account' } }, { url: '/logout', method: 'POST' }),
  )
}
