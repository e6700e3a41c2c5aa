import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { FileHistoryStore } from '../../src/store/index.js'
import { Monitor, streamSink, webhookSink, type Alert, type MonitorTarget } from '../../src/monitor/index.js'
import { FakeLoginFailed, FakeUnreachable, fakeNow, scriptedScan } from '../helpers/fake-scan.js'
import { buildReport } from '../helpers/report-builder.js'
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js'

const T = 'http://127.0.0.1:5001'
const clean = () => buildReport({ target: T, findings: [{ id: 'SG-COOKIE-SECURE' }] })
const worse = () => buildReport({ target: T, findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }] })
const target = (t = T, everyMs = 60_000): MonitorTarget => ({ name: `app ${t}`, config: { target: t }, everyMs, key: t, tags: [] })

let receiver: Receiver
let dir: string
let store: FileHistoryStore
const stdout: string[] = []
const webhookErrors: string[] = []

before(async () => {
  receiver = await startReceiver()
})
after(async () => {
  await receiver.close()
})
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-monitor-'))
  store = new FileHistoryStore(dir)
  receiver.received.length = 0
  receiver.status = 200
  stdout.length = 0
  webhookErrors.length = 0
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

function monitor(scanFn: ReturnType<typeof scriptedScan>, targets = [target()], attempts = 3): Monitor {
  return new Monitor({
    targets,
    store,
    scanFn,
    sinks: [webhookSink(receiver.url, { onError: (m) => webhookErrors.push(m), attempts: 1 }), streamSink((l) => stdout.push(l))],
    retry: { attempts, baseDelayMs: 1, maxDelayMs: 4 },
    log: (l) => stdout.push(l),
    now: fakeNow,
  })
}

describe('Monitor', () => {
  it('records a baseline without alerting, then alerts on a new finding with Slack text and structured fields', async () => {
    const scan = scriptedScan({ [T]: [clean(), worse()] })
    const m = monitor(scan)
    const [first] = await m.runOnce()
    assert.equal(first?.status, 'baseline')
    assert.equal(receiver.received.length, 0)

    const [second] = await m.runOnce()
    assert.equal(second?.status, 'regression')
    assert.equal(receiver.received.length, 1)
    const alert = receiver.received[0]!.body as unknown as Alert
    assert.equal(alert.kind, 'regression')
    assert.match(alert.text, /SG-FIX-LOGIN/)
    assert.equal(alert.previousScanId, first?.scanId)
    assert.equal(alert.scanId, second?.scanId)
    assert.deepEqual(
      alert.newFindings?.map((f) => f.id),
      ['SG-FIX-LOGIN'],
    )
    assert.equal(receiver.received[0]!.headers['content-type'], 'application/json')
    assert.ok(stdout.some((l) => l.startsWith('ALERT REGRESSION')))
    assert.equal((await store.list(T)).length, 2)
  })

  it('alerts on a grade drop even without a new finding', async () => {
    const scan = scriptedScan({ [T]: [buildReport({ target: T, score: 95 }), buildReport({ target: T, score: 64 })] })
    const m = monitor(scan)
    await m.runOnce()
    const [r] = await m.runOnce()
    assert.equal(r?.status, 'regression')
    const alert = receiver.received[0]!.body as unknown as Alert
    assert.deepEqual(alert.grade, { before: 'A', after: 'D' })
    assert.deepEqual(alert.newFindings, [])
  })

  it('stays quiet when nothing got worse and says what improved', async () => {
    const scan = scriptedScan({ [T]: [worse(), clean(), clean()] })
    const m = monitor(scan)
    await m.runOnce()
    assert.equal((await m.runOnce())[0]?.status, 'improved')
    assert.equal((await m.runOnce())[0]?.status, 'unchanged')
    assert.equal(receiver.received.length, 0)
  })

  it('retries an unreachable target with backoff, records it DOWN once alerted, and never reports its findings as fixed', async () => {
    const down = new FakeUnreachable('connect ECONNREFUSED 127.0.0.1:5001')
    const scan = scriptedScan({ [T]: [worse(), down, down, down, down, down, down, worse()] })
    const m = monitor(scan)
    await m.runOnce()

    const [r1] = await m.runOnce()
    assert.equal(r1?.status, 'down')
    assert.equal(r1?.attempts, 3)
    assert.equal(scan.calls[T], 4)
    assert.equal(receiver.received.length, 1)
    assert.equal((receiver.received[0]!.body as unknown as Alert).kind, 'down')
    assert.deepEqual((receiver.received[0]!.body as unknown as Alert).error, {
      message: down.message,
      attempts: 3,
      code: 'SG_TARGET_UNREACHABLE',
    })
    assert.equal(stdout.filter((l) => l.includes('retrying in')).length, 2)

    const [r2] = await m.runOnce()
    assert.equal(r2?.status, 'down')
    assert.equal(receiver.received.length, 1, 'a target still down is not alerted again')

    const [r3] = await m.runOnce()
    assert.equal(r3?.status, 'unchanged')
    assert.deepEqual(r3?.diff?.fixed, [])
    assert.equal(r3?.diff?.unchanged.length, 2)
    assert.deepEqual(
      receiver.received.map((x) => (x.body as unknown as Alert).kind),
      ['down', 'recovered'],
    )

    const kinds = (await store.list(T)).map((e) => e.kind)
    assert.deepEqual(kinds, ['scan', 'down', 'down', 'scan'])
    assert.equal((await store.targets())[0]?.status, 'up')
  })

  it('does not retry a failed login: it is reported as an error, not as DOWN', async () => {
    const scan = scriptedScan({ [T]: [new FakeLoginFailed('login did not reach /account')] })
    const [r] = await monitor(scan).runOnce()
    assert.equal(r?.status, 'error')
    assert.equal(scan.calls[T], 1)
    const alert = receiver.received[0]!.body as unknown as Alert
    assert.equal(alert.kind, 'error')
    assert.equal(alert.error?.code, 'SG_LOGIN_FAILED')
  })

  it('keeps monitoring when the webhook rejects an alert, and says so without printing the hook URL', async () => {
    receiver.status = 500
    const scan = scriptedScan({ [T]: [clean(), worse()] })
    const m = monitor(scan)
    await m.runOnce()
    const [r] = await m.runOnce()
    assert.equal(r?.status, 'regression')
    assert.equal(webhookErrors.length, 1)
    assert.match(webhookErrors[0]!, /HTTP 500/)
    assert.ok(!webhookErrors[0]!.includes('secret-part'))
  })

  it('scans each target on its own interval until stopped, and records nothing for a scan cut short', async () => {
    const fast = 'http://127.0.0.1:5002'
    const ctrl = new AbortController()
    let fastScans = 0
    const scan = scriptedScan({
      [T]: [clean()],
      [fast]: [
        async (signal) => {
          fastScans += 1
          if (fastScans < 4) return buildReport({ target: fast })
          // the 4th scan is in flight when the monitor is told to stop
          ctrl.abort()
          await new Promise((r) => setTimeout(r, 5))
          if (signal?.aborted) throw new Error('aborted')
          return buildReport({ target: fast })
        },
      ],
    })
    const m = monitor(scan, [target(T, 3_600_000), target(fast, 2)])
    await m.run(ctrl.signal)
    assert.equal(scan.calls[T], 1)
    assert.equal(scan.calls[fast], 4)
    assert.equal((await store.list(fast)).length, 3)
  })

  it('keeps running when the history store fails once, and says the scan was not recorded', async () => {
    const ctrl = new AbortController()
    let saves = 0
    const flaky = Object.create(store) as FileHistoryStore
    flaky.save = async (report, meta) => {
      saves += 1
      if (saves === 1) throw Object.assign(new Error('disk full'), { code: 'SG_HISTORY_STORE' })
      if (saves === 3) ctrl.abort()
      return store.save(report, meta)
    }
    const scan = scriptedScan({ [T]: [async () => clean()] })
    const m = new Monitor({ targets: [target(T, 1)], store: flaky, scanFn: scan, sinks: [], log: (l) => stdout.push(l), now: fakeNow })
    await m.run(ctrl.signal)
    assert.equal(saves, 3)
    assert.ok(stdout.some((l) => l.includes('not recorded: disk full')))
    assert.equal((await store.list(T)).length, 2)
  })
})
