// r26r R5: a header a page sends after typing is carried when its value is one the target handed out. r25d
// decided that by the answer's key (token, access_token, …), so common SPA logins (Strapi's `jwt`, SimpleJWT's
// `access`, dj-rest-auth's `key` sent as `Token <key>`, a nested `data.token`) failed to log in. A value no
// answer of the target holds is the page's text and stays behind, and the failure says so in fixed words.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'

/**
 * A login by fetch whose JSON answer hands the token out as `field` (`data.token`: nested); the app's page
 * sends it as `<scheme> <token>` from localStorage. `own`: the page sends a value of its own instead.
 */
function spa(field: string, scheme: string, own = false): Promise<HostileApp> {
  const tokens = new Set<string>()
  const stored = own ? `'made-by-the-page-' + f.get('password').length` : field === 'data.token' ? 'j.data.token' : `j.${field}`
  const loginScript = `
document.querySelector('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const r = await fetch('/api/auth/local', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({identifier: f.get('username'), password: f.get('password')})});
  if (!r.ok) return;
  const j = await r.json();
  localStorage.setItem('t', ${stored});
  location.href = '/app';
});`
  const appScript = `fetch('/api/me', {headers: {Authorization: '${scheme} ' + localStorage.getItem('t')}}).then(r => r.text()).then(t => { document.body.textContent = t });`
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/api/auth/local' && req.method === 'POST') {
      const b = JSON.parse(body || '{}') as { identifier?: string; password?: string }
      if (b.identifier !== 'alice' || b.password !== PASSWORD) return void res.writeHead(400).end('{}')
      const t = randomBytes(24).toString('base64url')
      tokens.add(t)
      res.setHeader('content-type', 'application/json')
      const payload =
        field === 'data.token' ? { data: { token: t, user: { username: 'alice' } } } : { [field]: t, user: { username: 'alice' } }
      return void res.end(JSON.stringify(payload))
    }
    if (url.pathname === '/api/me') {
      const m = new RegExp(`^${scheme} (.+)$`).exec(String(req.headers.authorization ?? ''))
      // the page's own value is honoured too: only the scanner's rule keeps it out of the session
      if (m && (tokens.has(m[1]!) || (own && m[1]!.startsWith('made-by-the-page-'))))
        return void res.setHeader('content-type', 'application/json').end('{"username":"alice"}')
      return void res.writeHead(401).end('{"error":"unauthorized"}')
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login')
      return void res.end(
        `<!doctype html><form><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${loginScript}</script>`,
      )
    if (url.pathname === '/app') return void res.end(`<!doctype html><body>loading</body><script>${appScript}</script>`)
    res.end('<p>home</p>')
  })
}

const config = (target: string) => ({
  target,
  login: {
    type: 'browser' as const,
    url: '/login',
    credentials: { username: 'alice', password: PASSWORD },
    check: { url: '/api/me', contains: '"alice"' },
  },
  scope: { timeout: '10s', budget: '3m' },
})

describe('a header sent after typing is carried by the value the target handed out, under any key', { concurrency: 1 }, () => {
  for (const [field, scheme] of [
    ['jwt', 'Bearer'],
    ['access', 'Bearer'],
    ['data.token', 'Bearer'],
    ['key', 'Token'],
  ] as const)
    test(`${field} sent as ${scheme}: logged in and scanned`, async () => {
      const app = await spa(field, scheme)
      try {
        const report = await scan(config(app.url))
        assert.equal(report.session.carrier?.kind, 'header', JSON.stringify(report.session))
        assert.equal(report.session.carrier?.name, 'Authorization')
        assert.match(report.session.provenBy ?? '', /removing header Authorization/)
      } finally {
        await app.close()
      }
    })

  test('a value no answer handed out is not carried, and the failure says why in fixed words', async () => {
    const app = await spa('jwt', 'Bearer', true)
    try {
      const err = await scan(config(app.url)).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      )
      assert.ok(app.sent().includes('made-by-the-page-'), 'the page did send its own value')
      assert.equal(err?.code, 'SG_LOGIN_FAILED', String(err))
      assert.match(
        err.message,
        /a page sent a session-like header after the password was typed whose value the target.s answer to the login request did not hand out; it is not carried/,
      )
      assert.ok(!err.message.includes('made-by-the-page'), err.message)
    } finally {
      await app.close()
    }
  })
})
