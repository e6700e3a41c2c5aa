// Hand-written node:http JSON API whose session travels only in the `X-Session-Id` request header and
// is issued in the `X-Session-Id` response header of POST /login (no cookie at all). GET /me answers
// {user} or 401; POST /logout deletes the session in both variants (no SG-LOGOUT).
//
// adopt: true — VULNERABLE. Login keeps the X-Session-Id the client sent (creating the session under
//   that key when unknown): SG-FIX-ADOPT via header.
// adopt: false — SAFE. Login always issues a fresh 256-bit id and deletes the one the client sent:
//   no fixation finding. No cookie, so no SG-COOKIE-* finding in either variant.
// ownShape: true — login adopts only an X-Session-Id shaped like its own (43 base64url characters), as a
//   server that checks an id's format before using it; any other id gets a fresh one.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { scanConfig } from './config.js'
import { header, json, methodNotAllowed, notFound, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { newSessionId } from './tokens.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

const OWN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function startHeaderSessionApp(opts: { adopt: boolean; ownShape?: boolean }): Promise<TargetApp> {
  const sessions = new Map<string, { user: string }>()

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    const presented = header(req, 'x-session-id')
    if (pathname === '/login') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      let id: string
      if (opts.adopt && presented && (!opts.ownShape || OWN_SHAPE.test(presented))) id = presented
      else {
        if (presented) sessions.delete(presented)
        id = newSessionId()
      }
      sessions.set(id, { user })
      res.setHeader('x-session-id', id)
      return json(res, 200, { ok: true, user })
    }
    if (pathname === '/me') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET')
      const user = presented ? sessions.get(presented)?.user : undefined
      return user ? json(res, 200, { user }) : json(res, 401, { error: 'not logged in' })
    }
    if (pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      if (presented) sessions.delete(presented)
      return json(res, 200, { ok: true })
    }
    return notFound(res)
  }

  return serveHandler(opts.adopt ? 'header-session-adopt' : 'header-session', handler, (url) =>
    scanConfig(
      url,
      { url: '/login', type: 'json', fields: { username: 'username', password: 'password' }, check: { url: '/me' } },
      { url: '/logout', method: 'POST' },
    ),
  )
}
