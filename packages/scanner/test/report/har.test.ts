import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HTTPSnippet } from 'httpsnippet'
import { render } from '../../src/report/render.js'
import type { ScanReport } from '../../src/model/report.js'
import { cleanReport, hostileReport, sampleReport } from './sample-report.js'
import { errorsText, harValidator, reportValidator } from './validators.js'

interface HarEntry {
  pageref: string
  startedDateTime: string
  request: { method: string; url: string; headers: Array<{ name: string; value: string }>; cookies: Array<{ name: string; value: string }> }
  response: { status: number; content: { text?: string }; cookies: Array<{ name: string; value: string; httpOnly?: boolean }> }
  comment: string
}
interface Har {
  log: { version: string; creator: { name: string }; pages: Array<{ id: string; title: string }>; entries: HarEntry[] }
}

const har = (report: ScanReport): Har => JSON.parse(render(report, 'har')) as Har

/** The sample report with the scan's traffic recorded: every evidence exchange, in order, plus one request of no finding. */
function withTraffic(): ScanReport {
  const report = sampleReport()
  const extra = {
    actor: 'anonymous',
    request: { method: 'GET', url: 'http://127.0.0.1:3000/', headers: {} },
    error: 'connection closed by the target mid-response',
  }
  return { ...report, traffic: [...report.findings.flatMap((f) => f.evidence), extra] }
}

describe('har report', () => {
  const validate = harValidator()

  it('validates against the HAR 1.2 schema, with findings, without, hostile, and with the whole scan', () => {
    for (const report of [sampleReport(), cleanReport(), hostileReport(), withTraffic()]) {
      const log = har(report)
      assert.ok(validate(log), errorsText(validate))
      assert.equal(log.log.version, '1.2')
    }
  })

  it('a report with the recorded traffic and send times is still a valid JSON report (schema version 1, additive fields)', () => {
    const report = withTraffic()
    report.traffic![0] = { ...report.traffic![0]!, startedAt: '2025-01-01T10:00:01.250Z' }
    const validate = reportValidator()
    assert.ok(validate(JSON.parse(render(report, 'json'))), errorsText(validate))
  })

  it('the HAR validator rejects a log that breaks the schema (so the check above can fail)', () => {
    const log = har(sampleReport())
    ;(log.log.entries[0] as unknown as { request: Record<string, unknown> }).request.headers = 'cookie: x'
    assert.equal(validate(log), false)
    const noTime = har(sampleReport())
    delete (noTime.log.entries[0] as Partial<HarEntry>).startedDateTime
    assert.equal(validate(noTime), false)
  })

  it("has one page per finding and that finding's proof as its entries, in order", () => {
    const report = sampleReport()
    const log = har(report).log
    assert.equal(log.pages.length, report.findings.length)
    for (const [i, f] of report.findings.entries()) {
      const page = log.pages.find((p) => p.title.includes(f.id))!
      const entries = log.entries.filter((e) => e.pageref === page.id)
      assert.deepEqual(
        entries.map((e) => `${e.request.method} ${e.request.url} ${e.response.status}`),
        f.evidence.map((x) => `${x.request.method} ${x.request.url} ${x.response?.status ?? 0}`),
        `finding ${i}`,
      )
    }
  })

  it('adds the whole scan as one more page when the traffic was recorded; a request without an answer has status 0 and its error', () => {
    const report = withTraffic()
    const log = har(report).log
    const scan = log.entries.filter((e) => e.pageref === 'scan')
    assert.equal(scan.length, report.traffic!.length)
    assert.equal(scan.at(-1)!.response.status, 0)
    assert.match(JSON.stringify(scan.at(-1)), /no response: connection closed by the target mid-response/)
    assert.equal(har(sampleReport()).log.entries.filter((e) => e.pageref === 'scan').length, 0)
  })

  it('shows cookies and headers as the report has them: masked values, never more', () => {
    const report = sampleReport()
    const text = render(report, 'har')
    const evidence = JSON.stringify(report.findings.map((f) => f.evidence))
    const log = JSON.parse(text) as Har
    for (const e of log.log.entries) {
      for (const c of [...e.request.cookies, ...e.response.cookies])
        assert.ok(evidence.includes(c.value), `${c.name}=${c.value} is in the report`)
      for (const h of e.request.headers) assert.ok(evidence.includes(JSON.stringify(h.value).slice(1, -1)), h.name)
    }
  })

  it('is read back by an independent HAR reader (httpsnippet), which turns each entry into a request it can send', () => {
    const log = har(withTraffic())
    const snippet = new HTTPSnippet(log as never)
    const curl = snippet.convert('shell', 'curl') as string[]
    assert.equal(curl.length, log.log.entries.length)
    for (const [i, e] of log.log.entries.entries()) {
      assert.ok(curl[i]!.includes(`--request ${e.request.method}`), curl[i])
      assert.ok(curl[i]!.includes(new URL(e.request.url).pathname), curl[i])
    }
  })
})
