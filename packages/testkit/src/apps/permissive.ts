// Hand-written node:http form login (cookie `sid`, in-memory sessions) in the "permissive" mode: an
// id the client invents is accepted as a new anonymous session (no new cookie is issued; a shopping
// cart at /cart is kept under it), but login always rotates to a fresh server id and deletes the
// old one, so the planted id never becomes authenticated. A correct scanner reports SG-PERMISSIVE
// and no fixation finding (not SG-FIX-ADOPT, not SG-FIX-LOGIN). Logout destroys the session.
// Cookie `HttpOnly; SameSite=Lax; Path=/`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { formLoginConfig } from './config.js'
import { formLoginHandler } from './form-login-app.js'
import { json, methodNotAllowed, readFields } from './http.js'
import { serveHandler } from './serve.js'
import type { TargetApp } from './types.js'

export function startPermissiveApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'sid',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: true,
    onLogin: 'rotate',
    onLogout: 'destroy',
  })
  // GET /cart lists the items, POST /cart {item} adds one: anonymous state kept under whatever id came in.
  const cart = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== '/cart') return false
    const { session } = sessions.ensure(req, res)
    const items = (session.data.cart ??= []) as string[]
    if (req.method === 'POST') {
      const { item } = await readFields(req)
      if (item) items.push(item)
    } else if (req.method !== 'GET') {
      methodNotAllowed(res, 'GET, POST')
      return true
    }
    json(res, 200, { items })
    return true
  }
  return serveHandler('permissive', formLoginHandler(sessions, cart), formLoginConfig)
}
