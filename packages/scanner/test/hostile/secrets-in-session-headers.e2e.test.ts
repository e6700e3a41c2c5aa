// A JSON API whose session travels in X-Session-Id (handed out in the login answer's header) and whose
// every answer quotes the id in its body. The scan replaces its session along the way (logout, a new
// login): every id the target handed out must be masked in the recorded traffic, not only the last one.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

test('every id a header-carried session held is masked in the recorded traffic, the replaced ones too', async () => {
  const password = 'Zq7Vx-Horse-Battery9'
  const sessions = new Map<string, string>()
  const issued = new Set<string>()
  const app = await startHostileApp((req, res, body) => {
    const presented = typeof req.headers['x-session-id'] === 'string' ? req.headers['x-session-id'] : undefined
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/login' && req.method === 'POST') {
      let f: Record<string, unknown> = {}
      try {
        f = JSON.parse(body || '{}') as Record<string, unknown>
      } catch {
        f = Object.fromEntries(new URLSearchParams(body))
      }
      if (f.username !== 'alice' || f.password !== password) {
        res.writeHead(401)
        res.end('{"error":"bad"}')
        return
      }
      const id = randomBytes(24).toString('base64url')
      sessions.set(id, 'alice')
      issued.add(id)
      res.setHeader('x-session-id', id)
      res.end(JSON.stringify({ ok: true, note: `session ${id} started` }))
      return
    }
    if (url.pathname === '/me') {
      const user = presented === undefined ? undefined : sessions.get(presented)
      if (!user) {
        res.writeHead(401)
        res.end(JSON.stringify({ error: `unknown session ${presented ?? ''}` }))
        return
      }
      res.end(JSON.stringify({ user, session: presented }))
      return
    }
    if (url.pathname === '/logout' && req.method === 'POST') {
      if (presented !== undefined) sessions.delete(presented)
      res.end('{}')
      return
    }
    res.writeHead(404)
    res.end(JSON.stringify({ error: `no ${url.pathname} for ${presented ?? 'anonymous'}` }))
  })
  try {
    const report = await scan(
      {
        target: app.url,
        login: { type: 'json', url: '/login', credentials: { username: 'alice', password }, check: { url: '/me' } },
        logout: { url: '/logout' },
        session: { header: 'X-Session-Id' },
        scope: { timeout: 5000 },
      },
      { traffic: true },
    )
    assert.equal(report.session.carrier?.kind, 'header')
    // the scan logged in more than once: a replaced session is what this test is about
    assert.ok(issued.size >= 2, `sessions issued: ${issued.size}`)
    const leaks: string[] = []
    for (const f of FORMATS) {
      const text = render(report, f, { color: false })
      for (const id of issued) if (text.includes(id)) leaks.push(`${id} in ${f}`)
      if (text.includes(password)) leaks.push(`the password in ${f}`)
    }
    assert.deepEqual(leaks, [])
    // the bodies that quote the ids are in the report, masked
    // (by their length alone when issued after the password reached the target: r25c)
    assert.match(render(report, 'json'), /session (?:[A-Za-z0-9_-]{4}|\*{4})…\[32\] started/)
  } finally {
    await app.close()
  }
})
