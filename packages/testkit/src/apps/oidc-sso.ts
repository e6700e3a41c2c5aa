// Single sign-on through a local OpenID Connect provider (npm oidc-provider, in-memory adapter, one
// client, its development login form) on a second loopback port, into an app with a server-side
// session in the `notes.sid` cookie. GET /login issues (or keeps) the visitor's session, stores
// state and nonce in it and redirects to the provider; GET /callback checks state, redeems the code
// at the provider's token endpoint (server to server), checks the nonce and logs the session in;
// GET /account answers "Signed in as <user>" or 401; POST /logout deletes the session.
// The provider's development form accepts any password: what is tested is the app's session.
//
// rotate: false — VULNERABLE. The callback marks the pre-auth session (the one /login issued) as
//   logged in without changing its id: SG-FIX-LOGIN across the SSO round trip.
// rotate: true — SAFE. The callback deletes the pre-auth session and issues a new id.
// Both: the cookie lacks Secure over http (SG-COOKIE-SECURE, SG-COOKIE-PREFIX).
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listen } from '../listen.js'
import { addCookie, escapeHtml, html, methodNotAllowed, notFound, parseCookies, redirect, requestUrl } from './http.js'
import { newSessionId } from './tokens.js'
import { serveLocalProvider } from './local-idp.js'
import type { TargetApp } from './types.js'
import { ALICE } from './users.js'

const CLIENT_ID = 'notes'

export interface OidcSsoApp extends TargetApp {
  /** The provider's origin (for scope.login_origins). */
  idp: string
}

export async function startOidcSsoApp(opts: { rotate: boolean }): Promise<OidcSsoApp> {
  const appServer = createServer()
  const idpServer = createServer()
  const app = await listen(appServer)
  const idp = await listen(idpServer)
  const clientSecret = randomBytes(24).toString('hex')
  const redirectUri = `${app.url}/callback`

  await serveLocalProvider(idpServer, idp.url, { clientId: CLIENT_ID, clientSecret, redirectUri, authMethod: 'client_secret_post' })

  const sessions = new Map<string, { user?: string; state?: string; nonce?: string }>()
  const current = (req: IncomingMessage): string | undefined => {
    const id = parseCookies(req).get('notes.sid')
    return id !== undefined && sessions.has(id) ? id : undefined
  }
  const issue = (res: ServerResponse): string => {
    const id = newSessionId()
    sessions.set(id, {})
    addCookie(res, `notes.sid=${id}; Path=/; HttpOnly; SameSite=Lax`)
    return id
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req)
    if (url.pathname === '/') return html(res, 200, '<h1>Notes</h1><p><a href="/login">Sign in with SSO</a></p>')
    if (url.pathname === '/login') {
      const id = current(req) ?? issue(res)
      const s = sessions.get(id)!
      s.state = randomBytes(16).toString('hex')
      s.nonce = randomBytes(16).toString('hex')
      const auth = new URL('/auth', idp.url)
      for (const [k, v] of Object.entries({
        client_id: CLIENT_ID,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: redirectUri,
        state: s.state,
        nonce: s.nonce,
      }))
        auth.searchParams.set(k, v)
      return redirect(res, auth.href)
    }
    if (url.pathname === '/callback') {
      const id = current(req)
      const s = id ? sessions.get(id) : undefined
      const code = url.searchParams.get('code')
      if (!id || !s || !s.state || url.searchParams.get('state') !== s.state || !code)
        return html(res, 400, '<p>Sign-in failed: unknown or stale login attempt.</p>')
      const token = await fetch(new URL('/token', idp.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: CLIENT_ID,
          client_secret: clientSecret,
        }).toString(),
      })
      if (!token.ok) return html(res, 400, '<p>Sign-in failed at the provider.</p>')
      const { id_token: idToken } = (await token.json()) as { id_token?: string }
      // the token came straight from the provider over the back channel; its claims are read, not re-verified
      const claims = JSON.parse(Buffer.from(String(idToken).split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        sub?: string
        nonce?: string
      }
      if (!claims.sub || claims.nonce !== s.nonce) return html(res, 400, '<p>Sign-in failed: nonce mismatch.</p>')
      let sid = id
      if (opts.rotate) {
        sessions.delete(id)
        sid = issue(res)
      }
      sessions.set(sid, { user: claims.sub })
      return redirect(res, '/account')
    }
    if (url.pathname === '/account') {
      const id = current(req)
      const user = id ? sessions.get(id)?.user : undefined
      return user
        ? html(res, 200, `<h1>Notes</h1><p>Signed in as ${escapeHtml(user)}</p>`)
        : html(res, 401, '<p>Please <a href="/login">sign in</a>.</p>')
    }
    if (url.pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const id = current(req)
      if (id) sessions.delete(id)
      return redirect(res, '/', 303)
    }
    return notFound(res)
  }
  appServer.on('request', (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`internal error: ${(err as Error).message}\n`)
    })
  })

  return {
    name: opts.rotate ? 'oidc-sso-rotate' : 'oidc-sso',
    url: app.url,
    idp: idp.url,
    config: {
      target: app.url,
      login: {
        type: 'browser',
        page: '/login',
        credentials: { username: ALICE.username, password: ALICE.password },
        check: { url: '/account', contains: ALICE.username },
      },
      logout: { url: '/logout', method: 'POST' },
      scope: { login_origins: [idp.url] },
    },
    close: async () => {
      await app.close()
      await idp.close()
    },
  }
}
