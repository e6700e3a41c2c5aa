import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { registerDashboard } from '../src/commands/dashboard.js'
import { saveToHistory } from '../src/commands/history.js'
import { buildReport } from '../../history/test/helpers/report-builder.js'
import { runCommand, testIO, type TestIO } from '../../history/test/helpers/cli-io.js'

let dir: string
const report = buildReport({ target: 'http://127.0.0.1:8201', findings: [{ id: 'SG-LOGOUT' }] })

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-dash-'))
  await saveToHistory(report, { dataDir: dir, source: 'cli' })
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function waitForUrl(io: TestIO): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /dashboard: (http:\/\/\S+)/.exec(io.stdout)
    if (m) return m[1]!
    if (io.code !== 0) throw new Error(`dashboard exited: ${io.stderr}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('dashboard printed no URL')
}

describe('sessionguard dashboard', () => {
  it('serves the recorded history on loopback until stopped', async () => {
    const ctrl = new AbortController()
    const io = testIO(ctrl.signal)
    const done = runCommand((p) => registerDashboard(p, io), ['dashboard', '--data-dir', dir, '--port', '0'], io)
    try {
      const printed = await waitForUrl(io)
      const m = /^(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]{32})$/.exec(printed)
      assert.ok(m, printed)
      const [, url, token] = m
      assert.equal((await fetch(`${url}/api/targets`)).status, 401)
      const targets = (await (await fetch(`${url}/api/targets?token=${token}`)).json()) as Array<{ target: string; grade: string }>
      assert.deepEqual(
        targets.map((t) => [t.target, t.grade]),
        [[report.target, report.score.grade]],
      )
      const page = await fetch(printed)
      assert.match(await page.text(), /<title>sessionguard dashboard<\/title>/)
    } finally {
      ctrl.abort()
    }
    const r = await done
    assert.equal(r.code, 0)
    assert.equal(r.stderr, '')
  })

  it('rejects a port that is not one', async () => {
    const io = testIO()
    const r = await runCommand((p) => registerDashboard(p, io), ['dashboard', '--data-dir', dir, '--port', '99999'], io)
    assert.equal(r.code, 2)
  })
})
