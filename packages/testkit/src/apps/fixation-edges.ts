// A hand-written node:http form-login app (cookie `sid`, in-memory sessions) whose behaviour at each
// step of the fixation attacks is an option, so one scan lands on one edge of the SG-FIX-LOGIN /
// SG-FIX-OLDID / SG-FIX-ADOPT / SG-PERMISSIVE verdicts: where a fresh visitor gets a session, what an
// id the server never issued gets, what login does to the id, and the ways a victim's login (or the
// login page) can fail when it carries a planted id (issue 29). Login at /login (a per-session
// `csrf_token` when the session exists), /account answers "Welcome alice" or 302s to /login, POST
// /logout destroys the session. Cookie `HttpOnly; SameSite=Lax; Path=/`.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { formLoginConfig } from './config.js'
import { addCookie, html, methodNotAllowed, notFound, parseCookies, readFields, redirect, requestUrl } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { serveHandler } from './serve.js'
import { newCsrfToken, newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { ALICE, checkCredentials } from './users.js'

export interface FixationEdges {
  /**
   * Where a fresh visitor is given a session: on the login page (default), on a cart page (GET /cart,
   * linked from the home page), by a failed login (to show its message), or only by the login itself.
   */
  issue?: 'login page' | 'cart' | 'failed login' | 'at login only'
  /** The session cookie's name (default `sid`). */
  cookie?: string
  /**
   * An id the server never issued: taken as a new session without a Set-Cookie (adopt), taken and set
   * back in a Set-Cookie of its own (echo), or replaced (default). Only ids shaped like the server's own
   * (43 base64url characters) are taken.
   */
  unknown?: 'adopt' | 'echo' | 'replace'
  /**
   * What the login does to the session's id: keep it, rotate it (default: new id, old one deleted), or
   * rotate it and leave the old id pointing at the logged-in session.
   */
  onLogin?: 'keep' | 'rotate' | 'rotate-keep-old'
  /**
   * The login page closes the connection without an answer: to a cookie id the server never issued, to
   * a `?sid=` in the URL, or to a session that has opened it before; `cart`: the cart page does so to a
   * cookie id the server never issued.
   */
  hangUp?: Array<'invented cookie' | 'query sid' | 'second view' | 'cart'>
  /** A login is refused (401): from a session the server adopted, or with a `?sid=` in its URL. */
  refuseLogin?: Array<'adopted' | 'query sid'>
  /** Any cookie id the server never issued reads as alice's session (a broken "remember me"). */
  inventedIsLoggedIn?: boolean
  /** The home page shows a "Delete all data" form (POST /delete-all), which looks destructive. */
  destructiveForm?: boolean
  /**
   * Other places the id is honoured besides the cookie: `?sid=` in the URL and the `X-Session-Id`
   * header. A login that carries the id in one of them keeps it (only the cookie is rotated).
   */
  accepts?: Array<'query' | 'header'>
  /** A `csrftoken` cookie is set beside `sid` on every page (an anti-CSRF cookie, not a session). */
  csrfCookie?: boolean
  /**
   * How many sessions the login page (or the cart) hands out to visitors without one; past that it
   * serves them the page without a session (as a server that gives each client address one session
   * would). Default: no limit.
   */
  preLoginSessions?: number
  /** Called each time the login page (or the cart) hands a session out to a visitor without one (to count them). */
  onPreLoginSession?: () => void
  /**
   * The shape of the ids the login itself issues: like the pre-login ones (default), or 64 hex characters
   * (a server that switches to another id format once logged in; only pre-login-shaped ids are adopted).
   */
  loginIds?: 'same' | 'hex'
  /** A `Server` header on every answer (e.g. `Apache-Coyote/1.1`, which fingerprints a servlet container). */
  server?: string
}

interface EdgeSession {
  user?: string | undefined
  csrf: string
  adopted: boolean
  views: number
}

const OWN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function startFixationEdgesApp(opts: FixationEdges = {}): Promise<TargetApp> {
  const name = opts.cookie ?? 'sid'
  const sessions = new Map<string, EdgeSession>()
  const hangUp = new Set(opts.hangUp ?? [])
  const refuse = new Set(opts.refuseLogin ?? [])
  const accepts = new Set(opts.accepts ?? [])
  const elsewhere = (req: IncomingMessage): string | undefined =>
    (accepts.has('query') ? requestUrl(req).searchParams.get('sid') : undefined) ||
    (accepts.has('header') ? req.headers['x-session-id']?.toString() : undefined) ||
    undefined
  const presented = (req: IncomingMessage): string | undefined => elsewhere(req) || parseCookies(req).get(name) || undefined
  const current = (req: IncomingMessage): { id: string; session: EdgeSession } | undefined => {
    const id = presented(req)
    const session = id ? sessions.get(id) : undefined
    return id && session ? { id, session } : undefined
  }
  const issue = (res: ServerResponse, atLogin = false): { id: string; session: EdgeSession } => {
    const id = atLogin && opts.loginIds === 'hex' ? randomBytes(32).toString('hex') : newSessionId()
    const session: EdgeSession = { csrf: newCsrfToken(), adopted: false, views: 0 }
    sessions.set(id, session)
    addCookie(res, `${name}=${id}${SAFE_ATTRIBUTES}`)
    return { id, session }
  }
  let handedOut = 0
  /** Whether a visitor without a session is past `preLoginSessions`. */
  const noMoreSessions = (req: IncomingMessage): boolean =>
    opts.preLoginSessions !== undefined && !current(req) && handedOut >= opts.preLoginSessions
  const ensure = (req: IncomingMessage, res: ServerResponse): { id: string; session: EdgeSession } => {
    const found = current(req)
    if (found) return found
    const id = presented(req)
    if (id && (opts.unknown === 'adopt' || opts.unknown === 'echo') && OWN_SHAPE.test(id)) {
      const session: EdgeSession = { csrf: newCsrfToken(), adopted: true, views: 0 }
      sessions.set(id, session)
      if (opts.unknown === 'echo') addCookie(res, `${name}=${id}${SAFE_ATTRIBUTES}`)
      return { id, session }
    }
    handedOut++
    opts.onPreLoginSession?.()
    return issue(res)
  }
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req)
    const path = url.pathname
    if (opts.server) res.setHeader('server', opts.server)
    if (opts.csrfCookie) addCookie(res, `csrftoken=${newCsrfToken()}${SAFE_ATTRIBUTES}`)
    if (path === '/') {
      const cart = opts.issue === 'cart' ? '<a href="/cart">Cart</a>' : ''
      const form = opts.destructiveForm ? '<form method="post" action="/delete-all"><button>Delete all data</button></form>' : ''
      return html(res, 200, `<a href="/login">Sign in</a>${cart}${form}`)
    }
    if (path === '/cart' && opts.issue === 'cart') {
      if (hangUp.has('cart') && presented(req) && !current(req)) {
        req.socket.destroy()
        return
      }
      if (!noMoreSessions(req)) ensure(req, res)
      return html(res, 200, '<p>Your cart is empty</p>')
    }
    if (path === '/login') {
      if (req.method === 'GET') {
        const id = presented(req)
        const known = current(req)
        if (
          (hangUp.has('invented cookie') && id && !known) ||
          (hangUp.has('query sid') && url.searchParams.has('sid')) ||
          (hangUp.has('second view') && known && known.session.views > 0)
        ) {
          req.socket.destroy()
          return
        }
        if ((opts.issue !== undefined && opts.issue !== 'login page' && !known) || noMoreSessions(req))
          return html(res, 200, loginFormHtml({ action: '/login' }))
        const { id: sid, session } = ensure(req, res)
        session.views++
        // like a container rewriting URLs: an id that came in the URL goes on in the form's action
        const action = url.searchParams.get('sid') === sid ? `/login?sid=${sid}` : '/login'
        return html(res, 200, loginFormHtml({ action, hidden: { csrf_token: session.csrf } }))
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const found = current(req)
      if (found && body.csrf_token !== found.session.csrf) return html(res, 403, '<p>Invalid CSRF token</p>')
      const refused = (refuse.has('adopted') && found?.session.adopted) || (refuse.has('query sid') && url.searchParams.has('sid'))
      const user = refused ? undefined : checkCredentials(body.username, body.password)
      if (!user) {
        if (opts.issue === 'failed login' && !found) issue(res)
        return html(res, 401, loginFormHtml({ action: '/login', error: 'Invalid username or password' }))
      }
      const { id, session } = found ?? issue(res, true)
      if (opts.onLogin === 'keep' || (found && elsewhere(req) === id)) session.user = user
      else if (opts.onLogin === 'rotate-keep-old') {
        session.user = user
        sessions.set(issue(res, true).id, session)
      } else {
        sessions.delete(id)
        issue(res, true).session.user = user
      }
      return redirect(res, url.searchParams.get('sid') === id ? `/account?sid=${id}` : '/account', 303)
    }
    if (path === '/account') {
      const id = presented(req)
      const known = current(req)
      if (opts.inventedIsLoggedIn && id && !known) return html(res, 200, accountHtml(ALICE.username, '/logout'))
      if (!known?.session.user) return redirect(res, '/login')
      return html(res, 200, accountHtml(known.session.user, '/logout'))
    }
    if (path === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const found = current(req)
      if (found) sessions.delete(found.id)
      addCookie(res, `${name}=; Max-Age=0${SAFE_ATTRIBUTES}`)
      return redirect(res, '/login', 303)
    }
    return notFound(res)
  }
  return serveHandler('fixation-edges', handler, formLoginConfig)
}
