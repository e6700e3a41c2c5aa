// A single-page app that keeps a bearer token in localStorage and sends it in the Authorization
// header; no cookie at all. Its login form is rendered by JavaScript behind a "Sign in" button.
// POST /api/login answers {token} (a fresh 256-bit token every time); GET /api/me answers {user} or 401.
//
// revoke: false — VULNERABLE. POST /api/logout answers ok but the token stays valid on the server
//   (the page only forgets it): SG-LOGOUT.
// revoke: true — SAFE. Logout deletes the token on the server.
// Fixation does not apply: the server never adopts a token it did not issue, and the login ignores any
// token the page still holds, so neither variant may get an SG-FIX-* finding.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { header, json, methodNotAllowed, notFound, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { spaPage } from './spa-page.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { ALICE, checkCredentials } from './users.js'

export function startSpaTokenApp(opts: { revoke: boolean }): Promise<TargetApp> {
  const tokens = new Map<string, string>()
  const bearer = (req: IncomingMessage): string | undefined => /^Bearer (\S+)$/.exec(header(req, 'authorization') ?? '')?.[1]

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/' || pathname === '/dashboard') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(spaPage({ mode: 'token' }))
      return
    }
    if (pathname === '/api/login') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      const token = newSessionId()
      tokens.set(token, user)
      return json(res, 200, { token })
    }
    if (pathname === '/api/me') {
      const t = bearer(req)
      const user = t ? tokens.get(t) : undefined
      return user ? json(res, 200, { user }) : json(res, 401, { error: 'not logged in' })
    }
    if (pathname === '/api/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const t = bearer(req)
      if (t && opts.revoke) tokens.delete(t)
      return json(res, 200, { ok: true })
    }
    return notFound(res)
  }

  return serveHandler(opts.revoke ? 'spa-token-revoke' : 'spa-token', handler, (url) => ({
    target: url,
    login: {
      type: 'browser',
      page: '/',
      credentials: { username: ALICE.username, password: ALICE.password },
      steps: [
        { click: 'text=Sign in' },
        { fill: { selector: '#email', value: '{username}' } },
        { fill: { selector: '#password', value: '{password}' } },
        { click: 'button[type=submit]' },
        { wait: { url: '/dashboard' } },
      ],
      check: { url: '/api/me', contains: ALICE.username },
    },
    logout: { url: '/api/logout', method: 'POST' },
  }))
}
