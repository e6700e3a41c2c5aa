// Issue 15 item 6: a value the target chose that cannot be decoded, or decodes to CR/LF, is skipped
// or sent as given; the scan goes on to a report instead of ending with "URI malformed".
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

/** A form login whose CSRF cookie (XSRF-TOKEN, copied into X-XSRF-TOKEN by the scanner) holds `csrf`. */
function login(csrf: string) {
  const authed = new Set<string>()
  return startHostileApp((req, res, body) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    res.setHeader('content-type', 'text/html')
    if (req.method === 'POST' && req.url === '/login' && /password=pw-1/.test(body)) {
      const fresh = randomBytes(16).toString('hex')
      authed.add(fresh)
      res.writeHead(303, { location: '/account', 'set-cookie': `sid=${fresh}; Path=/; HttpOnly` })
      return void res.end()
    }
    const cookies = [`XSRF-TOKEN=${csrf}; Path=/`]
    if (!sid) cookies.push(`sid=${randomBytes(16).toString('hex')}; Path=/; HttpOnly`)
    res.setHeader('set-cookie', cookies)
    if (req.url === '/account') return void res.end(sid && authed.has(sid) ? '<h1>alice</h1>' : '<h1>sign in</h1>')
    res.end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
  })
}

describe('malformed values from the target do not end the scan', () => {
  for (const [name, csrf] of [
    ['undecodable percent-encoding', '%E0%A4%A'],
    ['CR/LF once decoded', 'abc%0D%0AX-Injected:%20yes'],
    ['a lone surrogate escape', '%ED%A0%80'],
  ] as const) {
    test(`a CSRF cookie with ${name}: a report, with the login done`, async () => {
      const app = await login(csrf)
      try {
        const report = await scan({
          target: app.url,
          login: { url: '/login', credentials: { username: 'alice', password: 'pw-1' }, check: { url: '/account', contains: 'alice' } },
          scope: { timeout: 2000, budget: 30_000 },
        })
        assert.equal(report.session.loginConfigured, true)
        assert.ok(
          report.checks.some((c) => c.id === 'SG-FIX-LOGIN' && c.status !== 'not-tested'),
          JSON.stringify(report.checks),
        )
        for (const r of app.requests) assert.equal(r.headers['x-injected'], undefined, 'no header was injected')
      } finally {
        await app.close()
      }
    })
  }
})
