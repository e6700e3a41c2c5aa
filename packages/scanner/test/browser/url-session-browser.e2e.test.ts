// An honest URL-session app (a servlet container with cookies off): the login page the scanner opens is
// redirected to `;jsessionid=<id>`, the form posts there and the login answer keeps the id in the path.
// The name is the target's (its redirect of the opened navigation wrote it before typing), so the
// browser login carries it and the scanner's own requests reach the logged-in page with it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'

test('a ;jsessionid= the target wrote in the opened login page redirect is carried by the browser login', async () => {
  const sessions = new Map<string, boolean>()
  const scannerSent: string[] = []
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const id = /;jsessionid=([^;/?]+)/.exec(url.pathname)?.[1]
    const path = url.pathname.replace(/;jsessionid=[^;/?]+/, '')
    if (/sessionguard/i.test(String(req.headers['user-agent'] ?? ''))) scannerSent.push(url.pathname)
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (path === '/login' && req.method === 'GET') {
      if (!id || !sessions.has(id)) {
        const fresh = randomBytes(16).toString('hex').toUpperCase()
        sessions.set(fresh, false)
        return void res.writeHead(302, { location: `/login;jsessionid=${fresh}` }).end()
      }
      return void res.end(
        `<!doctype html><form method="post" action="/login;jsessionid=${id}"><input name="username"><input type="password" name="password"><button>Sign in</button></form>`,
      )
    }
    if (path === '/login' && req.method === 'POST') {
      const f = new URLSearchParams(body)
      if (!id || !sessions.has(id) || f.get('username') !== 'alice' || f.get('password') !== PASSWORD)
        return void res.writeHead(401).end('<p>bad</p>')
      sessions.set(id, true)
      return void res.writeHead(303, { location: `/account;jsessionid=${id}` }).end()
    }
    if (path === '/account') {
      if (id && sessions.get(id)) return void res.end('<p>Welcome alice</p>')
      return void res.writeHead(302, { location: '/login' }).end()
    }
    res.writeHead(404).end('<p>none</p>')
  })
  try {
    const report = await scan({
      target: app.url,
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: PASSWORD },
        check: { url: '/account', contains: 'Welcome' },
      },
      scope: { timeout: '10s', budget: '3m' },
    })
    assert.deepEqual(report.session.carrier && { kind: report.session.carrier.kind, name: report.session.carrier.name }, {
      kind: 'path',
      name: 'jsessionid',
    })
    assert.ok(
      scannerSent.some((p) => p.startsWith('/account;jsessionid=')),
      `the scanner reached the account page with the id: ${scannerSent.slice(0, 5).join(' ')}`,
    )
  } finally {
    await app.close()
  }
})
