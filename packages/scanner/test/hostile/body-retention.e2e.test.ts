// Issue 15 item 7: what the engine keeps per response does not grow with the page size: a 2 MB page
// leaves a 4 KiB excerpt and its links, and a session id linked at the very end of such a page is
// still found (SG-URL).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'
import { engineOptions } from '../engine/engine-options.js'

const bigPage = (tail: string): string =>
  `<!doctype html><html><body><p>${'lorem ipsum '.repeat((2 * 1024 * 1024) / 12)}</p>${tail}</body></html>`

test('the engine keeps an excerpt and the links of each response, whatever the page size', async () => {
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(bigPage(`<a href="/next?page=${req.url}">next</a>`))
  })
  const http = new HttpEngine(new Scope(app.url), engineOptions({ maxBody: 4 * 1024 * 1024 }))
  try {
    for (let i = 0; i < 20; i++) {
      const res = await http.send({ actor: 'scanner', path: `/p${i}` })
      assert.ok(res.body.length > 2_000_000, 'the caller still gets the whole body')
    }
    const kept = http.observations.reduce((n, o) => n + o.body.length + o.links.join('').length, 0)
    assert.ok(kept < 20 * 8 * 1024, `kept ${kept} characters for 20 pages of 2 MB`)
    assert.deepEqual(http.observations.at(-1)!.links, ['/next?page=/p19'])
  } finally {
    await http.close()
    await app.close()
  }
})

test('a session id linked at the end of a 2 MB page is still reported (SG-URL)', async () => {
  const sid = randomBytes(16).toString('hex')
  const app = await startHostileApp((req, res) => {
    const has = /sid=/.test(req.headers.cookie ?? '')
    if (!has) res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly`)
    res.setHeader('content-type', 'text/html')
    res.end(bigPage(`<a href="/account;jsessionid=${sid}">account</a>`))
  })
  try {
    const report = await scan({ target: app.url, scope: { timeout: 5000, budget: 60_000, max_body: 4 * 1024 * 1024 } })
    assert.ok(
      report.findings.some((f) => f.id === 'SG-URL'),
      JSON.stringify(report.checks.find((c) => c.id === 'SG-URL')),
    )
    assert.ok(!JSON.stringify(report).includes(sid), 'and the id is masked in the report')
  } finally {
    await app.close()
  }
})
