// Hand-written node:http form login (cookie `sid`, in-memory sessions). Rotates the id at login
// (no fixation finding) but VULNERABLE at logout: POST /logout only sends an expired cookie and
// leaves the server-side session alive, so the id replayed after logout still reaches /account:
// SG-LOGOUT. Invented ids are replaced. Cookie `HttpOnly; SameSite=Lax; Path=/`.
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { formLoginConfig } from './config.js'
import { formLoginHandler } from './form-login-app.js'
import { serveHandler } from './serve.js'
import type { TargetApp } from './types.js'

export function startLogoutNoopApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'sid',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate',
    onLogout: 'clear-cookie',
  })
  return serveHandler('logout-noop', formLoginHandler(sessions), formLoginConfig)
}
