// Issue 15 item 9: another local user (any process on this machine) cannot read the history
// through the dashboard without the token printed at start.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileHistoryStore } from '../../src/store/index.js'
import { startDashboard, type RunningDashboard } from '../../src/server/index.js'
import { tokenMatches } from '../../src/server/access-token.js'
import { buildReport } from '../helpers/report-builder.js'

let dir: string
let dash: RunningDashboard
let scanId: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-dash-token-'))
  const store = new FileHistoryStore(dir)
  const report = buildReport({ target: 'http://127.0.0.1:6001', findings: [{ id: 'SG-FIX-LOGIN' }] })
  await store.save(report, { source: 'cli' })
  scanId = report.scanId
  dash = await startDashboard({ store })
})
after(async () => {
  await dash?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('dashboard access token', () => {
  it('is random per start, at least 192 bits, and part of the URL to open', async () => {
    assert.match(dash.token, /^[\w-]{32}$/)
    assert.equal(dash.openUrl, `${dash.url}/?token=${dash.token}`)
    const other = await startDashboard({ store: new FileHistoryStore(dir) })
    try {
      assert.notEqual(other.token, dash.token)
    } finally {
      await other.close()
    }
  })

  it('the page and every API route refuse a request without it, with a wrong one, or with a prefix of it', async () => {
    const wrong = [
      undefined,
      '',
      'x',
      dash.token.slice(0, -1),
      `${dash.token}x`,
      dash.token.toUpperCase() === dash.token ? dash.token.toLowerCase() : dash.token.toUpperCase(),
    ]
    for (const path of ['/', '/api/targets', '/api/scans', `/api/scans/${scanId}`, `/api/diff?a=${scanId}&b=${scanId}`, '/api/nope']) {
      for (const t of wrong) {
        const res = await fetch(`${dash.url}${path}`, t === undefined ? {} : { headers: { authorization: `Bearer ${t}` } })
        assert.equal(res.status, 401, `${path} with ${JSON.stringify(t)}`)
        const body = await res.text()
        assert.ok(!body.includes(scanId) && !body.includes('SG-FIX-LOGIN'), `${path}: nothing of the history`)
      }
      const q = await fetch(`${dash.url}${path}${path.includes('?') ? '&' : '?'}token=${dash.token.slice(1)}`)
      assert.equal(q.status, 401)
    }
  })

  it('with the token (header or query) the page and the API answer; the script and styles need none', async () => {
    assert.equal((await fetch(dash.openUrl)).status, 200)
    const scans = await fetch(`${dash.url}/api/scans`, { headers: { authorization: `Bearer ${dash.token}` } })
    assert.equal(scans.status, 200)
    assert.ok((await scans.text()).includes(scanId))
    assert.equal((await fetch(`${dash.url}/api/targets?token=${dash.token}`)).status, 200)
    assert.equal((await fetch(`${dash.url}/assets/app.js`)).status, 200)
    assert.equal((await fetch(`${dash.url}/assets/app.css`)).status, 200)
  })

  it('comparison is by digest: any length is compared in the same way', () => {
    assert.equal(tokenMatches('abc', 'abc'), true)
    assert.equal(tokenMatches('abc', 'abd'), false)
    assert.equal(tokenMatches('abc', 'ab'), false)
    assert.equal(tokenMatches('abc', undefined), false)
  })
})
