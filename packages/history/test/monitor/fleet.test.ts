// The monitor as a fleet member: scans at once within its limits, claims shared through the store,
// and rounds on a clock the test controls. Scans are held by the test to force every overlap; nothing
// here waits for time to pass.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { ScanReport } from '../../../scanner/src/model/index.js'
import { FileHistoryStore } from '../../src/store/index.js'
import { Monitor, webhookSink, type MonitorTarget, type ScanFn } from '../../src/monitor/index.js'
import { targetKey } from '../../src/index.js'
import { buildReport } from '../helpers/report-builder.js'
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 1, 10)

function target(url: string, extra: Partial<MonitorTarget> = {}, browser = false): MonitorTarget {
  const config = browser ? { target: url, login: { type: 'browser' as const, url: '/login' } } : { target: url }
  return { name: url.replace('http://127.0.0.1:', 'app '), config, everyMs: HOUR, key: targetKey(url), tags: [], ...extra } as MonitorTarget
}

/** Lets every pending promise and I/O callback run, until `done()` holds. Polls the event loop, never the clock. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100_000 && !done(); i++) await new Promise((r) => setImmediate(r))
  assert.ok(done(), 'the condition never held')
}

/** A scan function whose scans stay open until the test releases them, oldest first. */
function heldScans(report: (target: string) => ScanReport = (t) => buildReport({ target: t })) {
  const held: Array<{ target: string; release: () => void }> = []
  const calls: string[] = []
  const fn: ScanFn = async (config) => {
    calls.push(config.target)
    await new Promise<void>((release) => held.push({ target: config.target, release }))
    return report(config.target)
  }
  return { fn, held, calls, releaseOldest: () => held.shift()!.release() }
}

let dir: string
let store: FileHistoryStore
let receiver: Receiver
before(async () => {
  receiver = await startReceiver()
})
after(async () => {
  await receiver.close()
})
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-fleet-'))
  store = new FileHistoryStore(dir)
  receiver.received.length = 0
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('monitor concurrency', () => {
  it('runs up to N scans at once, never two of one origin, and at most the browser limit with a browser login', async () => {
    const A = 'http://127.0.0.1:7101'
    const targets = [
      target(`${A}/shop`),
      target(`${A}/admin`),
      target(`${A}/blog`),
      target('http://127.0.0.1:7201', {}, true),
      target('http://127.0.0.1:7202', {}, true),
      ...[7301, 7302, 7303, 7304].map((p) => target(`http://127.0.0.1:${p}`)),
    ]
    const scans = heldScans()
    const active = new Set<string>()
    let most = 0
    const violations: string[] = []
    const fn: ScanFn = async (config, opts) => {
      active.add(config.target)
      most = Math.max(most, active.size)
      const sameOrigin = [...active].filter((t) => new URL(t).origin === new URL(config.target).origin)
      const browsers = [...active].filter((t) => t.startsWith('http://127.0.0.1:72'))
      if (active.size > 3) violations.push(`${active.size} at once: ${[...active].join(' ')}`)
      if (sameOrigin.length > 1) violations.push(`one origin twice: ${sameOrigin.join(' ')}`)
      if (browsers.length > 1) violations.push(`two browsers: ${browsers.join(' ')}`)
      try {
        return await scans.fn(config, opts)
      } finally {
        active.delete(config.target)
      }
    }
    const m = new Monitor({ targets, store, scanFn: fn, sinks: [], limits: { scans: 3, perOrigin: 1, browsers: 1 } })
    let finished = false
    const done = m.runOnce().then((r) => {
      finished = true
      return r
    })
    // the first three that fit start together: one of origin A, one browser login, one plain
    await until(() => scans.held.length === 3)
    assert.deepEqual(
      scans.held.map((h) => h.target),
      [`${A}/shop`, 'http://127.0.0.1:7201', 'http://127.0.0.1:7301'],
    )
    while (!finished) {
      await until(() => scans.held.length > 0 || finished)
      if (scans.held.length > 0) scans.releaseOldest()
    }
    const rounds = await done
    assert.deepEqual(violations, [])
    assert.equal(most, 3, 'the bound is reached, not only respected')
    assert.deepEqual([...scans.calls].sort(), targets.map((t) => t.config.target).sort(), 'every target scanned exactly once')
    assert.deepEqual(
      rounds.map((r) => [r.target, r.status]),
      targets.map((t) => [t.key, 'baseline']),
    )
  })
})

describe('claims across workers', () => {
  it('two workers of one shard scan each target of a round once between them', async () => {
    const targets = [7401, 7402, 7403, 7404, 7405].map((p) => target(`http://127.0.0.1:${p}`))
    const scans = heldScans()
    const now = () => new Date(T0 + 1000)
    const worker = (name: string) =>
      new Monitor({
        targets,
        store: new FileHistoryStore(dir),
        scanFn: scans.fn,
        sinks: [],
        now,
        shard: { index: 0, count: 1 },
        worker: name,
      })
    const logs: string[] = []
    const both = Promise.all([
      worker('first').runOnce(),
      new Monitor({
        targets,
        store: new FileHistoryStore(dir),
        scanFn: scans.fn,
        sinks: [],
        now,
        shard: { index: 0, count: 1 },
        worker: 'second',
        log: (l) => logs.push(l),
      }).runOnce(),
    ])
    let finished = false
    void both.then(() => (finished = true))
    while (!finished) {
      await until(() => scans.held.length > 0 || finished)
      if (scans.held.length > 0) scans.releaseOldest()
    }
    const [a, b] = await both
    assert.deepEqual([...scans.calls].sort(), targets.map((t) => t.config.target).sort())
    const statuses = [...a!, ...b!].map((r) => r.status)
    assert.equal(statuses.filter((s) => s === 'baseline').length, 5)
    assert.equal(statuses.filter((s) => s === 'skipped').length, 5)
    // the next round is a new claim
    const next = new Monitor({
      targets,
      store,
      scanFn: async (c) => buildReport({ target: c.target }),
      sinks: [],
      now: () => new Date(T0 + HOUR + 1),
      shard: { index: 0, count: 1 },
    })
    assert.deepEqual(
      (await next.runOnce()).map((r) => r.status),
      ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged'],
    )
  })

  it('sends a regression seen by two workers at once to the webhook once', async () => {
    const T = 'http://127.0.0.1:7501'
    const t = target(T)
    await store.save(buildReport({ target: T, startedAt: new Date(T0 - HOUR).toISOString() }), { source: 'monitor' })
    // both scans are held until both workers have read the same previous scan, so both see the regression
    const scans = heldScans(() =>
      buildReport({ target: T, startedAt: new Date(T0 + 5000).toISOString(), findings: [{ id: 'SG-FIX-ADOPT' }] }),
    )
    const monitor = () =>
      new Monitor({
        targets: [t],
        store: new FileHistoryStore(dir),
        scanFn: scans.fn,
        sinks: [webhookSink(receiver.url, { attempts: 1 })],
        now: () => new Date(T0 + 5000),
      })
    const both = Promise.all([monitor().runOnce(), monitor().runOnce()])
    await until(() => scans.held.length === 2)
    scans.releaseOldest()
    scans.releaseOldest()
    const [a, b] = await both
    assert.deepEqual([a![0]!.status, b![0]!.status], ['regression', 'regression'])
    assert.equal(receiver.received.length, 1)
    assert.equal(receiver.received[0]!.body.kind, 'regression')
    assert.equal(a![0]!.alerts.length + b![0]!.alerts.length, 1)
  })
})

describe('rounds of a long-running monitor', () => {
  it('a restarted worker does not scan again a target that already has an entry in this round, and scans it in the next', async () => {
    const T = 'http://127.0.0.1:7601'
    await store.save(buildReport({ target: T, startedAt: new Date(T0 + 60_000).toISOString() }), { source: 'monitor' })
    const calls: string[] = []
    const logs: string[] = []
    let clock = T0 + 120_000
    const ctrl = new AbortController()
    const m = new Monitor({
      targets: [target(T)],
      store,
      scanFn: async (c) => {
        calls.push(c.target)
        ctrl.abort()
        return buildReport({ target: c.target, startedAt: new Date(clock).toISOString() })
      },
      sinks: [],
      now: () => new Date(clock),
      log: (l) => logs.push(l),
    })
    const running = m.run(ctrl.signal)
    await until(() => logs.some((l) => l.includes('already has an entry in this round')))
    assert.equal(calls.length, 0)
    ctrl.abort()
    await running

    clock = T0 + HOUR + 1
    const ctrl2 = new AbortController()
    const m2 = new Monitor({
      targets: [target(T)],
      store,
      scanFn: async (c) => {
        calls.push(c.target)
        ctrl2.abort()
        return buildReport({ target: c.target, startedAt: new Date(clock).toISOString() })
      },
      sinks: [],
      now: () => new Date(clock),
    })
    await m2.run(ctrl2.signal)
    assert.deepEqual(calls, [T])
  })

  it('registers its targets with name, tags, interval and shard, and retires those of its fleet and share that left the file', async () => {
    const keep = target('http://127.0.0.1:7701', { tags: ['eu'] })
    const gone = 'http://127.0.0.1:7702'
    const otherFleet = 'http://127.0.0.1:7703'
    await store.register([{ target: gone, name: 'gone', tags: [], everyMs: HOUR, shard: '0/1', fleet: 'prod' }], new Date(T0).toISOString())
    await store.register([{ target: otherFleet, name: 'theirs', tags: [], everyMs: HOUR, fleet: 'staging' }], new Date(T0).toISOString())
    const m = new Monitor({
      targets: [keep],
      store,
      scanFn: async (c) => buildReport({ target: c.target }),
      sinks: [],
      shard: { index: 0, count: 1 },
      fleet: 'prod',
      now: () => new Date(T0 + 1000),
    })
    await m.runOnce()
    const regs = Object.fromEntries((await store.fleet()).map((s) => [s.target, s.registration]))
    assert.deepEqual(regs[keep.key], {
      target: keep.key,
      name: keep.name,
      tags: ['eu'],
      everyMs: HOUR,
      shard: '0/1',
      fleet: 'prod',
      registeredAt: new Date(T0 + 1000).toISOString(),
    })
    assert.equal(regs[gone], undefined)
    assert.equal(regs[otherFleet]?.name, 'theirs')
  })
})
