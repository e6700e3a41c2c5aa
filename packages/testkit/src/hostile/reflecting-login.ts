// A form-login target that reflects every secret it receives back at the scanner in every encoding a
// careless page uses: the password, the session id and every request header value, percent-encoded
// in both cases, as HTML character references, JSON/JS escapes and base64 (alone and inside a
// longer base64 string), one of them straddling the evidence excerpt's limit; and, in response
// headers (which reach the report whole), in the encodings one decoding step cannot undo: windows-1252
// percent bytes, URL-encoded two and three times, &amp;#NN;, base64 of base64, hex in both cases,
// UTF-16 base64, case-folded copies, the id's raw bytes in hex, '+' for space only. It adopts invented
// session ids and keeps them at login (SG-FIX-ADOPT), so the scan reports findings with evidence.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CookieSessions } from '../apps/cookie-sessions.js'
import { scanConfig } from '../apps/config.js'
import { html, methodNotAllowed, notFound, parseCookies, readFields, redirect, requestUrl } from '../apps/http.js'
import { accountHtml, loginFormHtml } from '../apps/login-form.js'
import { serveHandler } from '../apps/serve.js'
import type { TargetApp } from '../apps/types.js'

/** The account the reflecting app accepts; the password has characters every encoding changes (and ' \\"', which '+\\"' reflects). */
export const REFLECTED_ACCOUNT = { username: 'alice', password: 'Pä ss/w+rd \\"<&>\'=42!' } as const

/** The same text in each encoding; the test's own list of forms is written independently. */
export function reflections(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const lowerPct = [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
  return [
    secret,
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    lowerPct,
    new URLSearchParams({ v: secret }).toString().slice(2),
    [...secret].map((c) => `&#${c.codePointAt(0)};`).join(''),
    [...secret].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    Buffer.from(`x:${secret}`).toString('base64'),
    Buffer.from(`xy:${secret}`).toString('base64url'),
    Buffer.from(`xyz:${secret}`).toString('base64'),
  ]
}

/** The forms a single decoding step does not undo, each as a careless page writes it. */
export function deepReflections(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8')
  const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64')
  const latin1 = [...secret].every((c) => c.charCodeAt(0) <= 0xff)
    ? [...secret].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')
    : undefined
  const utf16be = Buffer.from(secret, 'utf16le').swap16()
  const raw = /^[A-Za-z0-9_-]{16,}$/.test(secret) ? Buffer.from(secret, 'base64url') : undefined
  return [
    ...(latin1 ? [latin1] : []),
    encodeURIComponent(encodeURIComponent(secret)),
    encodeURIComponent(encodeURIComponent(encodeURIComponent(secret))),
    [...secret].map((c) => `&amp;#${c.codePointAt(0)};`).join(''),
    b64(b64(utf8)),
    b64(`{"token":"${b64(`user:${secret}`)}"}`),
    utf8.toString('hex'),
    utf8.toString('hex').toUpperCase(),
    b64(Buffer.from(secret, 'utf16le')),
    b64(utf16be),
    secret.toLowerCase(),
    secret.toUpperCase(),
    secret.replace(/ /g, '+'),
    ...(raw ? [raw.toString('hex'), raw.toString('hex').toUpperCase()] : []),
  ]
}

/** Every secret the request carries: password field, cookie values, header values. */
function secretsOf(req: IncomingMessage, fields: Record<string, string>): string[] {
  const out: string[] = []
  if (fields.password) out.push(fields.password)
  for (const v of parseCookies(req).values()) if (v) out.push(v)
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-') && typeof v === 'string') out.push(v)
  return out
}

/** A page whose first reflection starts 4 characters before the 600-character excerpt ends. */
function reflecting(before: string, secrets: string[]): string {
  const all = secrets.flatMap(reflections)
  const first = encodeURIComponent(secrets[0] ?? '')
  const pad = Math.max(0, 596 - before.length)
  return `${before}${'.'.repeat(pad)}${first}\n<pre>${all.join('\n')}</pre><script>var echo = ${JSON.stringify({ all })}</script>`
}

export function startReflectingLogin(): Promise<TargetApp> {
  const sessions = new CookieSessions({ cookie: 'sid', attributes: '; Path=/', adoptUnknown: true, onLogin: 'keep', onLogout: 'destroy' })
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = requestUrl(req).pathname
    const fields = req.method === 'POST' ? await readFields(req) : {}
    const echoed = secretsOf(req, fields)
    if (echoed.length) res.setHeader('x-echo', Buffer.from(`${REFLECTED_ACCOUNT.username}:${echoed[0]}`).toString('base64'))
    // headers reach the report whole (bodies only as a 600-character excerpt): the deep forms go there
    let n = 0
    for (const secret of echoed.slice(0, 3))
      for (const form of deepReflections(secret)) if (/^[\x20-\x7e\xa0-\xff]*$/.test(form)) res.setHeader(`x-reflect-${n++}`, form)
    if (path === '/login') {
      if (req.method === 'GET') {
        sessions.ensure(req, res)
        return html(res, 200, reflecting(loginFormHtml({ action: '/login' }), echoed))
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      if (fields.username !== REFLECTED_ACCOUNT.username || fields.password !== REFLECTED_ACCOUNT.password) {
        return html(res, 401, reflecting(loginFormHtml({ action: '/login', error: 'Invalid username or password' }), echoed))
      }
      sessions.login(req, res, REFLECTED_ACCOUNT.username)
      return redirect(res, '/account', 303)
    }
    if (path === '/account') {
      const user = sessions.current(req)?.session.user
      if (!user) return redirect(res, '/login')
      return html(res, 200, reflecting(accountHtml(user, '/logout'), echoed))
    }
    if (path === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      sessions.logout(req, res)
      return redirect(res, '/login', 303)
    }
    if (path === '/') return html(res, 200, reflecting('<a href="/login">Sign in</a>', echoed))
    return notFound(res)
  }
  return serveHandler('reflecting-login', handler, (url) => {
    const config = scanConfig(
      url,
      { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
      { url: '/logout', method: 'POST' },
    )
    ;(config.login as { credentials: unknown }).credentials = { ...REFLECTED_ACCOUNT }
    return config
  })
}
