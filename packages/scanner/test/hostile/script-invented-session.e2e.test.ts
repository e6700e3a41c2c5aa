import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { test } from 'node:test'
import { render, scan, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from '../browser/processes.js'

// A login page whose own script writes a random `sid` cookie, on an app that issues no session before
// the login (and a fresh one at it). The value the browser holds was never the server's: SG-FIX-LOGIN,
// which attacks with a pre-login id the server issued, has nothing to plant, in a browser scan exactly as
// over HTTP. Taking the script's value for the server's would report the attack as run and resisted.

markChromiumOfThisFile()

const FORM =
  '<form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form>'
const INVENT =
  "<script>document.cookie = 'sid=' + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('') + '; path=/'</script>"

function html(res: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html', ...headers })
  res.end(`<!doctype html><html><body>${body}</body></html>`)
}

async function scriptInventsTheCookie() {
  const users = new Map<string, string>()
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const sid = /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (url.pathname === '/login' && req.method === 'GET') return html(res, `${FORM}${INVENT}`)
    if (url.pathname === '/login' && req.method === 'POST') {
      const f = Object.fromEntries(new URLSearchParams(body))
      if (f.username !== 'alice' || f.password !== 'alice-password-1') return html(res, `bad ${FORM}`, 401)
      const fresh = randomBytes(16).toString('hex')
      users.set(fresh, 'alice')
      res.writeHead(303, { location: '/account', 'set-cookie': `sid=${fresh}; Path=/; HttpOnly; SameSite=Lax` })
      return void res.end()
    }
    if (url.pathname === '/account') return sid && users.has(sid) ? html(res, 'Welcome alice') : html(res, 'please sign in', 401)
    if (url.pathname === '/logout') {
      if (sid) users.delete(sid)
      res.writeHead(303, { location: '/login' })
      return void res.end()
    }
    return html(res, 'not found', 404)
  })
}

const statusOf = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id)

for (const type of ['form', 'browser'] as const) {
  test(`a cookie the login page's script invents is no pre-login session (${type} login): SG-FIX-LOGIN not tested`, async () => {
    const app = await scriptInventsTheCookie()
    try {
      const report = await scan({
        target: app.url,
        login: {
          type,
          page: '/login',
          url: '/login',
          credentials: { username: 'alice', password: 'alice-password-1' },
          check: { url: '/account', contains: 'Welcome alice' },
        },
        logout: { url: '/logout', method: 'GET' },
        scope: { timeout: '10s', budget: '120s' },
      } as never)
      const fixLogin = statusOf(report, 'SG-FIX-LOGIN')
      assert.equal(fixLogin?.status, 'not-tested', render(report, 'pretty'))
      assert.match(String(fixLogin && 'reason' in fixLogin ? fixLogin.reason : ''), /no cookie sid was issued before login/)
      assert.ok(!report.findings.some((f) => f.id === 'SG-FIX-LOGIN'))
    } finally {
      await app.close()
    }
  })
}
