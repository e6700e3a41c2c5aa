// A single-page app whose login form exists only after its script runs: the form is rendered by
// JavaScript and posted with fetch (JSON) to /api/login; the session is the `sid` cookie, issued to
// every visitor of a page (pre-auth session, as express-session with saveUninitialized does).
// GET /api/me answers {user} or 401; POST /api/logout deletes the session in both variants.
//
// rotate: false — VULNERABLE. /api/login marks the visitor's existing session as logged in and keeps
//   its id: SG-FIX-LOGIN (the pre-auth id the attacker took from the page is the victim's session).
//   Unknown ids are refused (a new one is issued), so no SG-FIX-ADOPT.
// rotate: true — SAFE. /api/login deletes the pre-auth session and issues a new id.
// Both: the cookie lacks Secure over http (SG-COOKIE-SECURE, SG-COOKIE-PREFIX).
// echoSession: true — /api/me also shows the session id (a debug field): a page no screenshot may keep.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { addCookie, json, methodNotAllowed, notFound, parseCookies, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { spaPage } from './spa-page.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { ALICE, checkCredentials } from './users.js'

export function startSpaCookieApp(opts: { rotate: boolean; echoSession?: boolean }): Promise<TargetApp> {
  const sessions = new Map<string, { user?: string }>()
  const issue = (res: ServerResponse): string => {
    const id = newSessionId()
    sessions.set(id, {})
    addCookie(res, `sid=${id}; Path=/; HttpOnly; SameSite=Lax`)
    return id
  }
  const current = (req: IncomingMessage): string | undefined => {
    const id = parseCookies(req).get('sid')
    return id !== undefined && sessions.has(id) ? id : undefined
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/' || pathname === '/dashboard') {
      if (!current(req)) issue(res)
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(spaPage({ mode: 'cookie' }))
      return
    }
    if (pathname === '/api/login') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      let id = current(req)
      if (opts.rotate || id === undefined) {
        if (id !== undefined) sessions.delete(id)
        id = issue(res)
      }
      sessions.get(id)!.user = user
      return json(res, 200, { ok: true })
    }
    if (pathname === '/api/me') {
      const id = current(req)
      const user = id ? sessions.get(id)?.user : undefined
      return user ? json(res, 200, { user, ...(opts.echoSession ? { session: id } : {}) }) : json(res, 401, { error: 'not logged in' })
    }
    if (pathname === '/api/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const id = current(req)
      if (id) sessions.delete(id)
      return json(res, 200, { ok: true })
    }
    return notFound(res)
  }

  return serveHandler(opts.rotate ? 'spa-cookie-rotate' : 'spa-cookie', handler, (url) => ({
    target: url,
    login: {
      type: 'browser',
      page: '/',
      credentials: { username: ALICE.username, password: ALICE.password },
      check: { url: '/api/me', contains: ALICE.username },
    },
    logout: { url: '/api/logout', method: 'POST' },
  }))
}
