// An OpenID Connect relying party on Auth0's express-openid-connect (npm), behind a local
// oidc-provider (npm, in-memory, its development login form) on a second loopback port. The session is
// the library's `appSession` cookie, kept server side in a custom store (express-session's
// MemoryStore, as the library's README suggests for connect-redis and friends). The shop's landing page
// keeps the visitor's recently viewed items in `req.appSession` before any login, so a visitor gets a
// session there; /login goes to the provider, /callback logs the session in, /account answers
// "Signed in as <sub>" (requiresAuth) or redirects to the provider.
//
// version: '2.5.1' — VULNERABLE (CVE-2021-41246, GHSA-7p99-3798-f85c). The store keeps whatever id the
//   cookie names (an unknown one just reads as an empty session) and the callback writes the login into
//   the current session without a new id: an invented appSession sent to the landing page becomes a
//   session there, and the victim's login lands in it — SG-FIX-ADOPT (critical; the attacker needs no
//   visit to issue it). The id the landing page issues survives the login too — SG-FIX-LOGIN.
// version: 'current' — FIXED (3.x with signSessionStoreCookie: true). Store ids are signed, an unsigned
//   (invented) one is replaced, and the callback moves the session to a new id: no fixation finding.
// version: 'current-unsigned' — 3.x with the default unsigned store cookie: the login rotates the id,
//   but an invented id is still kept before login on the landing page — SG-PERMISSIVE, nothing else.
// All: the cookie is HttpOnly, SameSite=Lax, with an expiry (rolling session), no Secure over http
//   (SG-COOKIE-SECURE, SG-COOKIE-PREFIX, SG-COOKIE-PERSISTENT per the scanner's policy).
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { createServer } from 'node:http'
import express from 'express'
import session from 'express-session'
import { listen } from '../listen.js'
import { serveLocalProvider } from './local-idp.js'
import type { TargetApp } from './types.js'
import { ALICE } from './users.js'

const require = createRequire(import.meta.url)
const CLIENT_ID = 'shop'

export type OpenIdRpVersion = '2.5.1' | 'current' | 'current-unsigned'

export interface OpenIdRpApp extends TargetApp {
  /** The provider's origin (for scope.login_origins). */
  idp: string
}

interface Library {
  auth(options: Record<string, unknown>): express.RequestHandler
  requiresAuth(): express.RequestHandler
}

export async function startOpenIdConnectRp(opts: { version: OpenIdRpVersion }): Promise<OpenIdRpApp> {
  const lib = require(opts.version === '2.5.1' ? 'express-openid-connect-2.5.1' : 'express-openid-connect') as Library
  const app = express()
  app.disable('x-powered-by')
  const appServer = createServer(app)
  const idpServer = createServer()
  const running = await listen(appServer)
  const idp = await listen(idpServer)
  const clientSecret = randomBytes(24).toString('hex')

  await serveLocalProvider(idpServer, idp.url, { clientId: CLIENT_ID, clientSecret, redirectUri: `${running.url}/callback` })

  app.use(
    lib.auth({
      issuerBaseURL: idp.url,
      baseURL: running.url,
      clientID: CLIENT_ID,
      clientSecret,
      secret: randomBytes(32).toString('hex'),
      authRequired: false,
      idpLogout: false,
      authorizationParams: { response_type: 'code', scope: 'openid' },
      session: {
        store: new session.MemoryStore(),
        ...(opts.version === 'current' ? { signSessionStoreCookie: true } : {}),
      },
    }),
  )

  const page = (body: string) => `<!doctype html>\n<html><body>\n${body}\n</body></html>\n`
  app.get('/', (req, res) => {
    // the shop remembers what a visitor looked at, logged in or not: this writes the session
    const s = (req as unknown as { appSession: Record<string, unknown> }).appSession
    s.viewed = [...((s.viewed as string[] | undefined) ?? []), 'teapot'].slice(-5)
    res.type('html').send(page('<h1>Teapots</h1><p><a href="/login">Sign in</a></p>'))
  })
  app.get('/account', lib.requiresAuth(), (req, res) => {
    const user = (req as unknown as { oidc: { user?: { sub?: string } } }).oidc.user?.sub ?? ''
    res.type('html').send(page(`<h1>Account</h1><p>Signed in as ${user.replace(/[<&>"]/g, '')}</p>`))
  })

  return {
    name: `express-openid-connect-${opts.version}`,
    url: running.url,
    idp: idp.url,
    config: {
      target: running.url,
      login: {
        type: 'browser',
        page: '/login',
        credentials: { username: ALICE.username, password: ALICE.password },
        check: { url: '/account', contains: `Signed in as ${ALICE.username}` },
      },
      scope: { login_origins: [idp.url] },
    },
    close: async () => {
      await running.close()
      await idp.close()
    },
  }
}
