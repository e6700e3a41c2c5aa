import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { BudgetExhaustedError, scan, TargetUnreachableError, type ProgressEvent } from '@sessionguard/scanner'
import { listen } from '@sessionguard/testkit'
import { HttpEngine } from '../../src/http/client.js'
import { engineOptions } from './engine-options.js'
import { Scope } from '../../src/http/scope.js'
import { startTinyApp } from './tiny-app.js'

test('a redirect to another origin is reported, not followed: nothing reaches the other server', async () => {
  let otherHits = 0
  const other = await listen(createServer((_req, res) => void (otherHits++, res.end('other'))))
  const target = await listen(
    createServer((req, res) => {
      if (req.url === '/away') res.writeHead(302, { location: `${other.url}/steal` }).end()
      else if (req.url === '/hop') res.writeHead(302, { location: '/home' }).end()
      else res.end('home')
    }),
  )
  const http = new HttpEngine(new Scope(target.url), engineOptions())
  try {
    const away = await http.send({ actor: 'scanner', path: '/away' })
    assert.equal(away.status, 302)
    assert.equal(away.offOriginRedirect, `${other.url}/steal`)
    const hop = await http.send({ actor: 'scanner', path: '/hop' })
    assert.equal(hop.status, 200, 'a same-origin redirect is followed')
    assert.equal(hop.exchanges.length, 2)
    assert.equal(otherHits, 0)
  } finally {
    await http.close()
    await target.close()
    await other.close()
  }
})

test('the request budget stops the engine before the request that would exceed it', async () => {
  let hits = 0
  const target = await listen(createServer((_req, res) => void (hits++, res.end('ok'))))
  const http = new HttpEngine(new Scope(target.url), engineOptions({ maxRequests: 3 }))
  try {
    for (let i = 0; i < 3; i++) await http.send({ actor: 'scanner', path: '/' })
    await assert.rejects(http.send({ actor: 'scanner', path: '/' }), BudgetExhaustedError)
    assert.equal(hits, 3)
  } finally {
    await http.close()
    await target.close()
  }
})

test('a target that never answers ends in a per-request timeout, and the time budget ends a whole scan', async () => {
  const sockets = new Set<import('node:net').Socket>()
  const silent = createServer(() => undefined)
  silent.on('connection', (s) => sockets.add(s))
  const target = await listen(silent)
  const http = new HttpEngine(new Scope(target.url), engineOptions({ timeoutMs: 300 }))
  try {
    await assert.rejects(
      http.send({ actor: 'scanner', path: '/' }),
      (err: unknown) => err instanceof TargetUnreachableError && /within 300 ms/.test(err.message),
    )
    await assert.rejects(scan({ target: target.url, scope: { timeout: '20s', budget: '400ms' } }), BudgetExhaustedError)
  } finally {
    await http.close()
    for (const s of sockets) s.destroy()
    await target.close()
  }
})

test('a body larger than max_body is cut, not buffered whole', async () => {
  const chunk = Buffer.alloc(64 * 1024, 97)
  const target = await listen(
    createServer((_req, res) => {
      let sent = 0
      const more = (): void => {
        while (sent < 64 && res.write(chunk)) sent++
        if (sent >= 64) res.end()
        else res.once('drain', more)
      }
      more()
    }),
  )
  const http = new HttpEngine(new Scope(target.url), engineOptions({ maxBody: 100_000 }))
  try {
    const res = await http.send({ actor: 'scanner', path: '/' })
    assert.equal(res.truncated, true)
    assert.equal(res.body.length, 100_000)
  } finally {
    await http.close()
    await target.close()
  }
})

test('headers and cookies from `request:` go with every request, login and attacks included', async () => {
  const app = await startTinyApp({ requireHeaders: true })
  try {
    const report = await scan(app.config as never)
    assert.equal(report.session.carrier?.name, 'sid', 'the app answered every request: the carrier was proven')
    assert.ok(!report.findings.some((f) => f.id.startsWith('SG-FIX-')))
    const withoutHeaders = { ...app.config }
    delete withoutHeaders.request
    await assert.rejects(scan(withoutHeaders as never), { code: 'SG_LOGIN_FAILED' })
  } finally {
    await app.close()
  }
})

test('a Secure cookie issued over http is replayed anyway, and the report says so', async () => {
  const app = await startTinyApp({ secureCookie: true })
  try {
    const report = await scan(app.config as never)
    assert.equal(report.session.carrier?.name, 'sid')
    assert.ok(!report.findings.some((f) => f.id === 'SG-COOKIE-SECURE'))
    assert.ok(
      report.notes.some((n) => /Secure cookies were issued over http/.test(n)),
      report.notes.join('\n'),
    )
  } finally {
    await app.close()
  }
})

test('a session lost mid-scan is re-established, so a broken logout is still found (never a false "passed")', async () => {
  // the scanner's own session dies after three uses (login redirect, login check, URL probe), right
  // before the logout probe needs it; a fresh one lives long enough for logout and replay
  const app = await startTinyApp({ maxHits: 3, logoutNoop: true })
  const events: ProgressEvent[] = []
  try {
    const report = await scan(app.config as never, { onProgress: (e) => events.push(e) })
    assert.ok(
      events.some((e) => e.kind === 'warning' && /session lost/.test(e.message)),
      'the loss was detected',
    )
    assert.ok(
      report.findings.some((f) => f.id === 'SG-LOGOUT' && f.confidence === 'confirmed'),
      JSON.stringify(report.checks.find((c) => c.id === 'SG-LOGOUT')),
    )
  } finally {
    await app.close()
  }
})
