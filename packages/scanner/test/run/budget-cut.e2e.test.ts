// A budget that runs out mid-scan is a cut, not a crash: what was proven stands, every check it cut is
// not tested with the budget as the reason, and the report is there to gate. The request budget makes
// the cut deterministic: a counting proxy in front of the app tells how many requests the scan had sent
// when the attack to cut began, and the second scan is given exactly one more.
import assert from 'node:assert/strict'
import { createServer, request } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { scan, type ProgressEvent, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

let db: apps.RunningDynamoDB
before(async () => {
  db = await apps.startDynalite()
})
after(async () => {
  await db?.stop()
})

const BUDGET_HINT = 'scope: { budget: 10m, max_requests: 5000 } in the config file (or --budget 10m / --max-requests 5000)'

/** Forwards every request to `target` and counts them: the scanner's own request count, seen from outside. */
async function countingProxy(target: string): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  const to = new URL(target)
  let n = 0
  const server = createServer((req, res) => {
    n++
    const up = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  const running = await apps.listen(server)
  return { url: running.url, count: () => n, close: () => running.close() }
}

const statusOf = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id)!

describe("the scan's request budget running out mid-scan", () => {
  test('keeps the finding proven through the first planting point, reports the cut attacks and later probes as not tested with the budget, and judges the rest', async () => {
    const app = await apps.startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
    const proxy = await countingProxy(app.url)
    try {
      const config = { ...(app.config as Record<string, unknown>), target: proxy.url }
      // first the whole scan, noting how many requests were sent when each planting point began
      const starts: number[] = []
      const onProgress = (e: ProgressEvent) => {
        if (e.kind === 'check' && e.id === 'SG-FIX-ADOPT' && e.status === 'start') starts.push(proxy.count())
      }
      const whole = await scan(config as never, { onProgress })
      const adopted = whole.findings.filter((f) => f.id === 'SG-FIX-ADOPT')
      assert.ok(adopted.length >= 2 && starts.length >= 2, 'the textbook app is adopted through two planting points')
      assert.equal(whole.budgetExhausted, undefined)

      // then the same scan with a budget that ends one request into the second planting point
      const max = starts[1]! + 1
      const before = proxy.count()
      const cut = await scan({ ...config, scope: { max_requests: max } } as never)
      assert.equal(proxy.count() - before, max, 'not one request past the budget')
      assert.equal(cut.budgetExhausted, `request budget of ${max} used up`)

      // the first planting point's finding stands; the second is not tested, with the budget
      const first = adopted[0]!.carrier
      assert.deepEqual(
        cut.findings.filter((f) => f.id === 'SG-FIX-ADOPT').map((f) => f.carrier),
        [first],
      )
      const adopt = statusOf(cut, 'SG-FIX-ADOPT')
      assert.equal(adopt.status, 'failed')
      assert.match(adopt.reason ?? '', new RegExp(`; not tested: .*the scan's budget ran out \\(request budget of ${max} used up\\)`))
      // probes that need requests after the cut: not tested, the budget their reason, how to raise it their hint
      for (const id of ['SG-LOGOUT'] as const) {
        const o = statusOf(cut, id)
        assert.equal(o.status, 'not-tested', `${id}: ${o.reason}`)
        assert.match(o.reason ?? '', new RegExp(`the scan's budget ran out \\(request budget of ${max} used up\\)`))
        assert.equal(o.enableWith, BUDGET_HINT)
      }
      // what needs no request is judged on what was seen: the cookie attributes
      assert.equal(statusOf(cut, 'SG-COOKIE-HTTPONLY').status, statusOf(whole, 'SG-COOKIE-HTTPONLY').status)
      assert.ok(cut.findings.some((f) => f.id === 'SG-COOKIE-HTTPONLY'))
      assert.ok(cut.notes.some((n) => n.startsWith(`The scan's budget ran out (request budget of ${max} used up)`)))
      assert.equal(cut.score.grade, 'F', 'the critical finding grades the scan')
    } finally {
      await proxy.close()
      await app.close()
    }
  })

  test('a budget that runs out before any check gave a verdict ends the scan with SG_BUDGET_EXHAUSTED and no report', async () => {
    const app = await apps.startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
    try {
      await assert.rejects(
        scan({ ...(app.config as Record<string, unknown>), scope: { max_requests: 3 } } as never),
        (err: Error & { code?: string; exitCode?: number }) =>
          err.code === 'SG_BUDGET_EXHAUSTED' && err.exitCode === 3 && /request budget of 3 used up/.test(err.message),
      )
    } finally {
      await app.close()
    }
  })
})
