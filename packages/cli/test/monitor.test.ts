import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { FileHistoryStore } from '@sessionguard/history/store'
import type { ScanFn } from '@sessionguard/history/monitor'
import { registerMonitor } from '../src/commands/monitor.js'
import { buildReport } from '../../history/test/helpers/report-builder.js'
import { runCommand, testIO } from '../../history/test/helpers/cli-io.js'
import { FakeLoginFailed, FakeUnreachable, scriptedScan } from '../../history/test/helpers/fake-scan.js'
import { ConfigError } from '@sessionguard/scanner'
import { registerHistory } from '../src/commands/history.js'
import { startReceiver, type Receiver } from '../../history/test/helpers/webhook-receiver.js'

const T = 'http://127.0.0.1:8101'
let dir: string
let config: string
let receiver: Receiver

before(async () => {
  receiver = await startReceiver()
})
after(async () => {
  await receiver.close()
})
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-monitor-'))
  config = join(dir, 'targets.yml')
  await writeFile(config, `targets:\n  - name: shop\n    target: ${T}\n`)
  receiver.received.length = 0
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

function monitor(args: string[], scanFn: ScanFn, signal?: AbortSignal) {
  const io = Object.assign(testIO(signal), { scanFn })
  return runCommand((p) => registerMonitor(p, io), ['monitor', '--config', config, '--data-dir', join(dir, 'data'), ...args], io)
}

describe('sessionguard monitor', () => {
  it('--once records a baseline (exit 0), then exits 1 and posts to the webhook when a finding appears', async () => {
    const scan = scriptedScan({ [T]: [buildReport({ target: T }), buildReport({ target: T, findings: [{ id: 'SG-FIX-ADOPT' }] })] })
    const first = await monitor(['--once', '--webhook', receiver.url], scan)
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /shop: baseline grade A/)
    const second = await monitor(['--once', '--webhook', receiver.url], scan)
    assert.equal(second.code, 1)
    assert.match(second.stdout, /ALERT REGRESSION .*SG-FIX-ADOPT/)
    assert.equal(receiver.received.length, 1)
    assert.equal(receiver.received[0]!.body.kind, 'regression')
    assert.equal(typeof receiver.received[0]!.body.text, 'string')
    assert.equal((await new FileHistoryStore(join(dir, 'data')).list(T)).length, 2)
  })

  it('--once exits 3 and reports DOWN when the target stays unreachable', async () => {
    const scan = scriptedScan({ [T]: [new FakeUnreachable('connect ECONNREFUSED 127.0.0.1:8101')] })
    const r = await monitor(['--once', '--retries', '2', '--retry-delay', '1ms'], scan)
    assert.equal(r.code, 3)
    assert.equal(scan.calls[T], 2)
    assert.match(r.stdout, /shop: DOWN after 2 attempts/)
    assert.match(r.stdout, /ALERT DOWN/)
    const [entry] = await new FileHistoryStore(join(dir, 'data')).list(T)
    assert.equal(entry?.kind, 'down')
  })

  it('rejects a bad interval, a bad webhook and a missing targets file with exit 2', async () => {
    const scan = scriptedScan({})
    assert.equal((await monitor(['--once', '--every', 'often'], scan)).code, 2)
    assert.equal((await monitor(['--once', '--webhook', 'ftp://127.0.0.1/x'], scan)).code, 2)
    const io = Object.assign(testIO(), { scanFn: scan })
    const missing = await runCommand((p) => registerMonitor(p, io), ['monitor', '--config', join(dir, 'nope.yml'), '--once'], io)
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /\[SG_MONITOR_CONFIG\]/)
    assert.equal(Object.keys(scan.calls).length, 0)
  })

  it('an invalid target is a config error at its line (exit 2): nothing scanned, no outage recorded, no alert, no webhook', async () => {
    // the case: check: as a string where a mapping is needed
    await writeFile(
      config,
      `targets:\n  - name: shop\n    target: ${T}\n    login:\n      url: /login\n      credentials: { username: a, password: b }\n      check: /account\n`,
    )
    const scan = scriptedScan({ [T]: [buildReport({ target: T })] })
    const r = await monitor(['--once', '--webhook', receiver.url], scan)
    assert.equal(r.code, 2, r.stderr)
    assert.equal(
      r.stderr,
      `sessionguard: error: ${config}:7:7: login.check: expected a mapping with url, contains, status, got "/account" [SG_MONITOR_CONFIG]\n`,
    )
    assert.equal(Object.keys(scan.calls).length, 0)
    assert.equal(receiver.received.length, 0)
    assert.deepEqual(await new FileHistoryStore(join(dir, 'data')).list(T), [])
  })

  it('a scan the scanner refuses as misconfigured is no outage: nothing recorded, no alert, exit 2; a failed login still is an error', async () => {
    const refused = new ConfigError('/account answers as logged in without any session; set login.check.contains')
    const scan = scriptedScan({ [T]: [refused] })
    const r = await monitor(['--once', '--webhook', receiver.url], scan)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stdout, /shop: CONFIG ERROR, not scanned \(not an outage; fix the target's config\): .*\[SG_CONFIG\]/)
    assert.doesNotMatch(r.stdout, /ALERT/)
    assert.equal(receiver.received.length, 0)
    assert.deepEqual(await new FileHistoryStore(join(dir, 'data')).list(T), [])
    // a login that stopped working may be the target's doing: recorded and alerted, listed as ERROR (not DOWN)
    const login = await monitor(
      ['--once', '--webhook', receiver.url],
      scriptedScan({ [T]: [new FakeLoginFailed('login did not reach /account')] }),
    )
    assert.equal(login.code, 3)
    assert.equal(receiver.received.length, 1)
    const io = testIO()
    const listed = await runCommand((p) => registerHistory(p, io), ['history', T, '--data-dir', join(dir, 'data')], io)
    assert.match(listed.stdout, /\sERROR\s/)
    assert.doesNotMatch(listed.stdout, /\sDOWN\s/)
  })

  it('keeps scanning on schedule until SIGTERM, then stops cleanly', async () => {
    let scans = 0
    const scan: ScanFn = async () => {
      scans += 1
      if (scans === 3) setImmediate(() => process.kill(process.pid, 'SIGTERM'))
      return buildReport({ target: T, startedAt: new Date(Date.UTC(2026, 0, 1) + scans * 1000).toISOString() })
    }
    const listenersBefore = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')
    const r = await monitor(['--every', '1ms'], scan)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /monitoring 1 target: shop every 1ms/)
    assert.match(r.stdout, /monitor stopped/)
    // the signal lands between rounds: every scan that finished is in the history, none is lost
    assert.ok(scans >= 3)
    assert.equal((await new FileHistoryStore(join(dir, 'data')).list(T)).length, scans)
    assert.equal(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT'), listenersBefore, 'signal handlers are removed again')
  })
})
