// Hand-written node:http form-login apps (in-memory sessions) for the edges of the fixation-at-login
// verdict, each shaped so that one rule of the verdict decides its status (issue 29).
//
// startCookiePairApp: the session needs two cookies, `sid` and `sig` (a per-session value the server
// checks beside the id). VULNERABLE: at login `sid` is renewed but the old `sid` is left pointing at
// the same session, and `sig` is never renewed. The pre-auth pair therefore still reaches the account
// after the victim's login: SG-FIX-OLDID (not SG-FIX-LOGIN: one cookie of the set was renewed).
//
// startOneFormViewApp: a session may show the login form once; a login from a session that was shown
// the form twice is refused (an anti-replay rule). A victim who logs in carrying an id the attacker
// already used to open the form cannot log in: the fixation checks cannot tell anything (error).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { formLoginConfig } from './config.js'
import { formLoginHandler } from './form-login-app.js'
import { addCookie, html, methodNotAllowed, notFound, parseCookies, readFields, redirect, requestUrl } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { serveHandler } from './serve.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

interface PairSession {
  sig: string
  user?: string | undefined
}

export function startCookiePairApp(): Promise<TargetApp> {
  const sessions = new Map<string, PairSession>()
  const current = (req: IncomingMessage): { id: string; session: PairSession } | undefined => {
    const cookies = parseCookies(req)
    const id = cookies.get('sid')
    const session = id ? sessions.get(id) : undefined
    return id && session && cookies.get('sig') === session.sig ? { id, session } : undefined
  }
  const issue = (res: ServerResponse): PairSession => {
    const id = newSessionId()
    const session: PairSession = { sig: randomBytes(12).toString('hex') }
    sessions.set(id, session)
    addCookie(res, `sid=${id}${SAFE_ATTRIBUTES}`)
    addCookie(res, `sig=${session.sig}${SAFE_ATTRIBUTES}`)
    return session
  }
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = requestUrl(req).pathname
    if (path === '/') return html(res, 200, '<a href="/login">Sign in</a>')
    if (path === '/login') {
      if (req.method === 'GET') {
        if (!current(req)) issue(res)
        return html(res, 200, loginFormHtml({ action: '/login' }))
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return html(res, 401, loginFormHtml({ action: '/login', error: 'Invalid username or password' }))
      const found = current(req)
      const session = found?.session ?? issue(res)
      session.user = user
      // the mistake: a new `sid` for the same session object, the old key kept, `sig` unchanged
      const next = newSessionId()
      sessions.set(next, session)
      addCookie(res, `sid=${next}${SAFE_ATTRIBUTES}`)
      return redirect(res, '/account', 303)
    }
    if (path === '/account') {
      const user = current(req)?.session.user
      if (!user) return redirect(res, '/login')
      return html(res, 200, accountHtml(user, '/logout'))
    }
    if (path === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const found = current(req)
      if (found) found.session.user = undefined
      addCookie(res, `sid=; Max-Age=0${SAFE_ATTRIBUTES}`)
      return redirect(res, '/login', 303)
    }
    return notFound(res)
  }
  return serveHandler('cookie-pair', handler, formLoginConfig)
}

export function startOneFormViewApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'sid',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })
  const refuseReplayed = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== '/login') return false
    const found = sessions.current(req)
    if (!found) return false
    const views = (found.session.data.views as number | undefined) ?? 1
    if (req.method === 'GET') {
      found.session.data.views = views + 1
      return false
    }
    if (views < 2) return false
    html(res, 403, loginFormHtml({ action: '/login', error: 'This sign-in form was already used: reload the page' }))
    return true
  }
  return serveHandler('one-form-view', formLoginHandler(sessions, refuseReplayed), formLoginConfig)
}
