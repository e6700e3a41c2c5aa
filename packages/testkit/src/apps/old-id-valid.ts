// Hand-written node:http form login (cookie `sid`, in-memory sessions). VULNERABLE: at login it
// issues a new id but stores the same session object under it and never deletes the old key, so the
// pre-auth id the attacker obtained still authenticates as the victim: SG-FIX-OLDID (a new id was
// issued, so this is not reported as SG-FIX-LOGIN). Invented ids are replaced (no SG-FIX-ADOPT, no
// SG-PERMISSIVE); logout deletes the session and de-authenticates the shared object (no SG-LOGOUT).
// Cookie `HttpOnly; SameSite=Lax; Path=/` (only -SECURE/-PREFIX per policy).
import { CookieSessions, SAFE_ATTRIBUTES } from './cookie-sessions.js'
import { formLoginConfig } from './config.js'
import { formLoginHandler } from './form-login-app.js'
import { serveHandler } from './serve.js'
import type { TargetApp } from './types.js'

export function startOldIdValidApp(): Promise<TargetApp> {
  const sessions = new CookieSessions({
    cookie: 'sid',
    attributes: SAFE_ATTRIBUTES,
    adoptUnknown: false,
    onLogin: 'rotate-keep-old',
    onLogout: 'destroy',
  })
  return serveHandler('old-id-valid', formLoginHandler(sessions), formLoginConfig)
}
