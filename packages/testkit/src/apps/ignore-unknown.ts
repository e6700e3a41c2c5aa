// Hand-written node:http form login (cookie `sid`, in-memory sessions) that NEVER uses an id it did not
// issue, yet never replaces one either: a visitor who comes without a cookie gets a session (and its
// anti-CSRF token) on /login; a request whose cookie names no session is served as anonymous — nothing
// stored, no new cookie, the stale cookie left in the browser — and its login form carries a signed
// one-time token instead of a session's. The login accepts either kind of token and always issues a
// new id. Logout destroys the session. Cookie `HttpOnly; SameSite=Lax; Path=/`.
//
// SAFE: an invented `sid` is kept by the browser (no Set-Cookie replaces it) but the server never keeps
// state under it — the login page shows a new token on each request that carries it, while it shows one
// token per session for ids it issued — and the login issues a new id: no SG-PERMISSIVE (it would be a
// false alarm: nothing was accepted), no fixation finding. Only -SECURE/-PREFIX per policy.
//
// tokens: 'none' — the same app with a login form that carries no token at all (SameSite cookies
//   only): nothing on its pages tells whether the server keeps state under an id, so whether an
//   invented id is used as a session cannot be observed — SG-PERMISSIVE not tested, with the reason.
import { createHmac, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formLoginConfig } from './config.js'
import { addCookie, html, methodNotAllowed, notFound, parseCookies, readFields, redirect, requestUrl } from './http.js'
import { accountHtml, loginFormHtml } from './login-form.js'
import { serveHandler } from './serve.js'
import { newCsrfToken, newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

interface Session {
  csrf: string
  user?: string
}

const ATTRIBUTES = '; HttpOnly; SameSite=Lax; Path=/'

export function startIgnoreUnknownApp(opts: { tokens?: 'session' | 'none' } = {}): Promise<TargetApp> {
  const withTokens = (opts.tokens ?? 'session') === 'session'
  const store = new Map<string, Session>()
  const secret = randomBytes(32)
  const sign = (nonce: string) => createHmac('sha256', secret).update(nonce).digest('base64url')
  const anonymousToken = () => {
    const nonce = randomBytes(12).toString('base64url')
    return `${nonce}.${sign(nonce)}`
  }
  const validAnonymous = (token: string | undefined) => {
    const [nonce, sig] = (token ?? '').split('.')
    return Boolean(nonce && sig && sign(nonce) === sig)
  }
  const issue = (res: ServerResponse, session: Session): string => {
    const id = newSessionId()
    store.set(id, session)
    addCookie(res, `sid=${id}${ATTRIBUTES}`)
    return id
  }
  const current = (req: IncomingMessage) => {
    const id = parseCookies(req).get('sid')
    const session = id === undefined ? undefined : store.get(id)
    return id !== undefined && session ? { id, session } : undefined
  }
  const form = (token: string | undefined, error?: string) =>
    loginFormHtml({ action: '/login', hidden: withTokens && token ? { csrf_token: token } : {}, ...(error ? { error } : {}) })

  return serveHandler(
    `ignore-unknown${withTokens ? '' : '-no-tokens'}`,
    async (req, res) => {
      const path = requestUrl(req).pathname
      if (path === '/') return html(res, 200, '<a href="/login">Sign in</a> · <a href="/account">Account</a>')
      if (path === '/login' && req.method === 'GET') {
        const found = current(req)
        if (found) return html(res, 200, form(found.session.csrf))
        // a cookie that names no session: served as anonymous, nothing stored, the cookie left alone
        if (parseCookies(req).has('sid')) return html(res, 200, form(anonymousToken()))
        const session: Session = { csrf: newCsrfToken() }
        issue(res, session)
        return html(res, 200, form(session.csrf))
      }
      if (path === '/login') {
        if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
        const body = await readFields(req)
        const found = current(req)
        const tokenOk = !withTokens || (found ? body.csrf_token === found.session.csrf : validAnonymous(body.csrf_token))
        if (!tokenOk) return html(res, 403, '<p>Invalid CSRF token</p>')
        const user = checkCredentials(body.username, body.password)
        if (!user) return html(res, 401, form(found ? found.session.csrf : anonymousToken(), 'Invalid username or password'))
        // a new id at every login; the pre-login session (if any) is gone
        if (found) store.delete(found.id)
        issue(res, { csrf: newCsrfToken(), user })
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
        if (found) store.delete(found.id)
        addCookie(res, `sid=; Max-Age=0${ATTRIBUTES}`)
        return redirect(res, '/login', 303)
      }
      return notFound(res)
    },
    formLoginConfig,
  )
}
