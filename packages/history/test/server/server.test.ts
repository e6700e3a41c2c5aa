import assert from 'node:assert/strict'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileHistoryStore } from '../../src/store/index.js'
import { startDashboard, isLoopbackHost, type RunningDashboard } from '../../src/server/index.js'
import { handleApi } from '../../src/server/api.js'
import { at, buildReport, tokenSummary } from '../helpers/report-builder.js'

const A = 'http://127.0.0.1:6001'
const B = 'http://127.0.0.1:6002'
const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'

let dir: string
let dash: RunningDashboard
const ids: string[] = []

/** With the access token unless the test says otherwise (headers.authorization: '' sends none). */
function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    const withToken =
      'authorization' in headers
        ? Object.fromEntries(Object.entries(headers).filter(([k, v]) => k !== 'authorization' || v))
        : { ...headers, authorization: `Bearer ${dash.token}` }
    const req = request(`${dash.url}${path}`, { method, headers: withToken }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', fail)
    req.end()
  })
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-dash-'))
  const store = new FileHistoryStore(dir)
  const reports = [
    buildReport({ target: A, startedAt: at(0), findings: [{ id: 'SG-COOKIE-SECURE' }] }),
    buildReport({
      target: A,
      startedAt: at(60),
      findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN', title: HOSTILE }],
      tokens: tokenSummary(),
    }),
    buildReport({ target: B, startedAt: at(30), findings: [] }),
  ]
  for (const r of reports) {
    await store.save(r, { source: 'cli' })
    ids.push(r.scanId)
  }
  await store.recordOutage({ target: B, at: at(90), source: 'monitor', error: 'connect ECONNREFUSED', attempts: 4 })
  dash = await startDashboard({ store })
})
after(async () => {
  await dash?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('dashboard server', () => {
  it('listens on loopback by default', () => {
    assert.equal(dash.host, '127.0.0.1')
    assert.match(dash.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('lists targets with current grade, chart series and outages', async () => {
    const res = await get('/api/targets')
    assert.equal(res.status, 200)
    const targets = JSON.parse(res.body) as Array<{ target: string; grade: string; status: string; series: unknown[]; outages: unknown[] }>
    assert.deepEqual(
      targets.map((t) => [t.target, t.series.length, t.status, t.outages.length]),
      [
        [A, 2, 'up', 0],
        [B, 1, 'down', 1],
      ],
    )
    assert.equal(targets[0]!.grade, buildReport({ findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }] }).score.grade)
  })

  it('serves scans of a target, one scan with its report, and the diff of two', async () => {
    const list = JSON.parse((await get(`/api/scans?target=${encodeURIComponent(A)}`)).body) as Array<{ scanId: string }>
    assert.deepEqual(
      list.map((s) => s.scanId),
      [ids[0], ids[1]],
    )
    const one = JSON.parse((await get(`/api/scans/${ids[1]}`)).body) as { report: { findings: Array<{ title: string }> } }
    assert.equal(one.report.findings[1]!.title, HOSTILE)
    const diff = JSON.parse((await get(`/api/diff?a=${ids[0]}&b=${ids[1]}`)).body) as { new: Array<{ id: string }>; regression: boolean }
    assert.deepEqual(
      diff.new.map((f) => f.id),
      ['SG-FIX-LOGIN'],
    )
    assert.equal(diff.regression, true)
  })

  it('answers unknown scans, bad diffs and unknown paths with JSON errors', async () => {
    assert.equal((await get('/api/scans/does-not-exist')).status, 404)
    assert.equal((await get('/api/scans/..%2F..%2Fetc%2Fpasswd')).status, 404)
    assert.equal((await get(`/api/diff?a=${ids[0]}`)).status, 400)
    assert.equal((await get(`/api/diff?a=${ids[0]}&b=nope`)).status, 404)
    assert.equal((await get('/etc/passwd')).status, 404)
    assert.equal((await get('/api/scans/%E0%A4%A')).status, 400)
  })

  it('serves a static page with a strict CSP, so report text is never markup', async () => {
    const page = await get('/')
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /text\/html/)
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/)
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.ok(!page.body.includes('<script>alert'))
    assert.ok(!/https?:\/\/(?!127\.0\.0\.1)/.test(page.body.replace('http://www.w3.org/2000/svg', '')), 'no external resources')
    const js = await get('/assets/app.js')
    assert.equal(js.status, 200)
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(js.body), 'the script builds the DOM without HTML parsing')
    assert.ok(!/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(js.body), 'the script loads nothing from the network')
  })

  it('refuses requests that name a non-loopback host (DNS rebinding) and anything but GET', async () => {
    assert.equal((await get('/api/targets', { host: 'attacker.example:80' })).status, 421)
    assert.equal((await get('/api/targets', { host: `localhost:${dash.port}` })).status, 200)
    assert.equal((await get('/api/targets', {}, 'POST')).status, 405)
  })

  it('refuses a non-loopback address unless allowed explicitly', async () => {
    await assert.rejects(startDashboard({ store: new FileHistoryStore(dir), host: '0.0.0.0' }), { code: 'SG_DASHBOARD_HOST' })
    assert.equal(isLoopbackHost('127.0.0.1'), true)
    assert.equal(isLoopbackHost('[::1]'), true)
    assert.equal(isLoopbackHost('localhost'), true)
    assert.equal(isLoopbackHost('0.0.0.0'), false)
    assert.equal(isLoopbackHost('intranet.invalid'), false)
    assert.equal(isLoopbackHost('127.0.0.1.attacker.example'), false)
  })
})

describe('dashboard API and scans without a letter', () => {
  it('shows no letter for a scan in which no fixation check ran, also for an old record that stored one', async () => {
    const own = await mkdtemp(join(tmpdir(), 'sg-dash-nograde-'))
    try {
      const store = new FileHistoryStore(own)
      const old = buildReport({ target: A, startedAt: at(0), notTested: ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'] })
      old.score.grade = 'A' // as a scanner from before the grade could be null wrote it
      await store.save(old, { source: 'cli' })
      const scan = await handleApi(store, `/api/scans/${old.scanId}`, new URLSearchParams())
      assert.equal((scan.body as { report: { score: { grade: unknown } } }).report.score.grade, null)
      const targets = (await handleApi(store, '/api/targets', new URLSearchParams())).body as Array<{
        grade: unknown
        series: Array<{ grade: unknown }>
      }>
      assert.equal(targets[0]!.grade, null)
      assert.equal(targets[0]!.series[0]!.grade, null)
    } finally {
      await rm(own, { recursive: true, force: true })
    }
  })
})
