// The behaviour every HistoryStore must have; run against the file store and against DynamoDB Local.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  fleetRows,
  migrateSummaries,
  summarize,
  TREND_POINTS,
  type HistoryStore,
  type ScanMeta,
  type ScanSummary,
} from '../../src/index.js'
import type { ScanReport } from '@sessionguard/scanner'
import { at, buildReport, tokenSummary } from './report-builder.js'

export interface StoreFactory {
  /** A store over empty storage. */
  fresh(): Promise<HistoryStore>
  /** A second, independent instance over the same storage (another process, another monitor). */
  reopen(store: HistoryStore): HistoryStore
  /**
   * Stores `report` with `summary` as a version from before summaries recorded `fixationRan` did: the
   * report, that summary, and (where the store keeps one) a target state of that one scan.
   */
  writeOld(store: HistoryStore, report: ScanReport, summary: ScanSummary): Promise<void>
}

/** The summary a version from before `fixationRan` wrote: the report's own letter, nothing about which checks ran. */
export function oldSummary(report: ScanReport, meta: ScanMeta): ScanSummary {
  const { fixationRan: _, ...rest } = summarize(report, meta)
  return { ...rest, grade: report.score.grade }
}

export function historyStoreConformance(name: string, factory: StoreFactory): void {
  const makeStore = () => factory.fresh()
  describe(`${name} (HistoryStore conformance)`, () => {
    it('returns a saved report exactly as it was given', async () => {
      const store = await makeStore()
      const report = buildReport({ findings: [{ id: 'SG-FIX-LOGIN' }, { id: 'SG-COOKIE-SECURE' }], tokens: tokenSummary() })
      const before = structuredClone(report)
      const summary = await store.save(report, { source: 'cli' })
      assert.deepEqual(report, before, 'save must not modify its argument')
      const got = await store.get(report.scanId)
      assert.ok(got)
      assert.deepEqual(got.report, before)
      assert.equal(summary.scanId, report.scanId)
      assert.equal(summary.findings, 2)
      assert.equal(summary.bySeverity.high, 1)
      assert.equal(summary.tokenBits, report.tokens!.effectiveBits)
      assert.deepEqual(got.summary, summary)
    })

    it('keeps a scan that earned no letter (no fixation check ran) as no letter, and lists an old record with a letter for such a scan the same way', async () => {
      const store = await makeStore()
      const fixation = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const
      const ungraded = buildReport({ startedAt: at(1), notTested: [...fixation] })
      assert.equal(ungraded.score.grade, null)
      const summary = await store.save(ungraded, { source: 'cli' })
      assert.equal(summary.grade, null)
      const got = await factory.reopen(store).get(ungraded.scanId)
      assert.equal(got?.report.score.grade, null)
      assert.equal(got?.summary.grade, null)
      // what a scanner from before the grade could be null wrote for the same scan
      const old = buildReport({ startedAt: at(2), notTested: [...fixation] })
      old.score.grade = 'A'
      assert.equal((await store.save(old, { source: 'cli' })).grade, null)
      const listed = (await factory.reopen(store).list()).filter((e) => e.kind === 'scan')
      assert.deepEqual(
        listed.map((e) => (e.kind === 'scan' ? e.grade : 'outage')),
        [null, null],
      )
    })

    it('shows no letter for an old summary that cannot prove a fixation check ran, keeps one that can, and migrates old summaries from their reports', async () => {
      const store = await makeStore()
      const t = (n: number) => `http://127.0.0.1:${5100 + n}`
      // written by a scanner and history from before: the letter each report carried, and no fixationRan
      const none = buildReport({ target: t(1), startedAt: at(1), notTested: ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'] })
      none.score.grade = 'A'
      const all = buildReport({ target: t(2), startedAt: at(2), score: 85 })
      const some = buildReport({ target: t(3), startedAt: at(3), notTested: ['SG-FIX-LOGIN', 'SG-FIX-OLDID'] })
      for (const r of [none, all, some]) await factory.writeOld(store, r, oldSummary(r, { source: 'monitor' }))
      assert.deepEqual([none.score.grade, all.score.grade, some.score.grade], ['A', 'B', 'A'])

      const shown = async (s: HistoryStore) => {
        const listed = (await s.list()).flatMap((e) => (e.kind === 'scan' ? [e.grade] : []))
        const states = await Promise.all([t(1), t(2), t(3)].map((x) => s.state(x)))
        const rows = fleetRows(await s.fleet(), Date.parse(at(10)))
        const statuses = await s.targets()
        return {
          listed,
          got: await Promise.all([none, all, some].map(async (r) => (await s.get(r.scanId))?.summary.grade)),
          latest: states.map((x) => x?.latest?.grade),
          points: states.map((x) => x?.recent.map((p) => p.grade)),
          fleet: [t(1), t(2), t(3)].map((x) => rows.find((r) => r.target === x)?.grade),
          targets: [t(1), t(2), t(3)].map((x) => statuses.find((r) => r.target === x)?.latest?.grade),
        }
      }
      // the summary alone: only "complete" (every fixation check ran) proves the letter
      assert.deepEqual(await shown(factory.reopen(store)), {
        listed: [null, 'B', null],
        got: [null, 'B', null],
        latest: [null, 'B', null],
        points: [[null], ['B'], [null]],
        fleet: [null, 'B', null],
        targets: [null, 'B', null],
      })

      // the stored reports tell which checks ran: the partial scan earns its letter back, the login-less one stays without
      assert.deepEqual(await migrateSummaries(store), { migrated: 3, missing: [] })
      const after = await shown(factory.reopen(store))
      assert.deepEqual(after, {
        listed: [null, 'B', 'A'],
        got: [null, 'B', 'A'],
        latest: [null, 'B', 'A'],
        points: [[null], ['B'], ['A']],
        fleet: [null, 'B', 'A'],
        targets: [null, 'B', 'A'],
      })
      assert.deepEqual(
        (await store.list()).map((e) => (e.kind === 'scan' ? e.fixationRan : undefined)),
        [false, true, true],
      )
      assert.deepEqual(
        (await Promise.all([t(1), t(2), t(3)].map((x) => store.state(x)))).map((x) => x?.scans),
        [1, 1, 1],
        'a migrated scan is not counted twice',
      )
      assert.deepEqual((await store.get(some.scanId))?.report, some, 'the report is kept as it was')
      assert.deepEqual(await migrateSummaries(store), { migrated: 0, missing: [] }, 'a second run changes nothing')
    })

    it('lists scans oldest first and filters by target, whatever the spelling of the URL', async () => {
      const store = await makeStore()
      const a2 = buildReport({ target: 'http://127.0.0.1:4001', startedAt: at(20) })
      const a1 = buildReport({ target: 'http://127.0.0.1:4001/', startedAt: at(10) })
      const b1 = buildReport({ target: 'http://127.0.0.1:4002', startedAt: at(15) })
      for (const r of [a2, b1, a1]) await store.save(r, { source: 'monitor' })
      const all = await store.list()
      assert.deepEqual(
        all.map((e) => (e.kind === 'scan' ? e.scanId : e.id)),
        [a1.scanId, b1.scanId, a2.scanId],
      )
      const onlyA = await store.list('HTTP://127.0.0.1:4001/')
      assert.deepEqual(
        onlyA.map((e) => (e.kind === 'scan' ? e.scanId : '')),
        [a1.scanId, a2.scanId],
      )
      assert.deepEqual(await store.list('http://127.0.0.1:4999'), [])
    })

    it('latest() is the newest successful scan; outages are listed but never taken as a result', async () => {
      const store = await makeStore()
      const target = 'http://127.0.0.1:4010'
      const old = buildReport({ target, startedAt: at(1), findings: [{ id: 'SG-FIX-LOGIN' }] })
      await store.save(old, { source: 'monitor' })
      const outage = await store.recordOutage({
        target,
        at: at(2),
        source: 'monitor',
        error: 'connect ECONNREFUSED',
        code: 'SG_TARGET_UNREACHABLE',
        attempts: 4,
      })
      const latest = await store.latest(target)
      assert.equal(latest?.report.scanId, old.scanId)
      const entries = await store.list(target)
      assert.deepEqual(
        entries.map((e) => e.kind),
        ['scan', 'down'],
      )
      assert.deepEqual(entries[1], outage)
      const [status] = await store.targets()
      assert.equal(status?.status, 'down')
      assert.equal(status?.latest?.scanId, old.scanId)

      const fresh = buildReport({ target, startedAt: at(3) })
      await store.save(fresh, { source: 'monitor' })
      assert.equal((await store.latest(target))?.report.scanId, fresh.scanId)
      const [after] = await store.targets()
      assert.equal(after?.status, 'up')
      assert.equal(after?.scans, 2)
    })

    it('saving the same scan twice keeps one copy', async () => {
      const store = await makeStore()
      const r = buildReport({ startedAt: at(5) })
      await store.save(r, { source: 'cli' })
      await store.save(r, { source: 'action' })
      const entries = await store.list(r.target)
      assert.equal(entries.length, 1)
      assert.equal(entries[0]?.kind === 'scan' && entries[0].source, 'action')
    })

    it('answers unknown and path-like scan ids with nothing', async () => {
      const store = await makeStore()
      await store.save(buildReport(), { source: 'cli' })
      for (const id of ['no-such-scan', '../reports/x', '..', '', 'a/b', '%2e%2e']) assert.equal(await store.get(id), undefined, id)
      assert.equal(await store.latest('http://127.0.0.1:1'), undefined)
    })

    it('refuses a report whose id could name a path', async () => {
      const store = await makeStore()
      await assert.rejects(store.save(buildReport({ scanId: '../../escape' }), { source: 'cli' }), { code: 'SG_HISTORY_STORE' })
    })

    it('keeps every scan when many are saved at once', async () => {
      const s1 = await makeStore()
      const s2 = factory.reopen(s1)
      const target = 'http://127.0.0.1:4020'
      const reports = Array.from({ length: 24 }, (_, i) => buildReport({ target, startedAt: at(100 + (i % 5)) }))
      await Promise.all(reports.map((r, i) => (i % 2 ? s1 : s2).save(r, { source: 'monitor' })))
      const listed = (await s1.list(target)).map((e) => (e.kind === 'scan' ? e.scanId : ''))
      assert.deepEqual(new Set(listed), new Set(reports.map((r) => r.scanId)))
      assert.equal(listed.length, reports.length)
    })

    it('does not add anything to what it stores, not even from the environment', async () => {
      const store = await makeStore()
      const secret = `tripwire-${Math.random().toString(36).slice(2)}`
      process.env.SG_PASSWORD = secret
      try {
        const report = buildReport({ findings: [{ id: 'SG-FIX-ADOPT' }] })
        const summary = await store.save(report, { source: 'cli' })
        const got = await store.get(report.scanId)
        assert.ok(!JSON.stringify(got).includes(secret))
        assert.deepEqual(got?.report, report)
        // the summary holds only derived counts and identifiers
        assert.deepEqual(
          Object.keys(summary).sort(),
          [
            'bySeverity',
            'complete',
            'coverage',
            'findings',
            'finishedAt',
            'fixationRan',
            'grade',
            'kind',
            'scanId',
            'score',
            'source',
            'startedAt',
            'target',
          ].sort(),
        )
      } finally {
        delete process.env.SG_PASSWORD
      }
    })

    it("keeps each target's state: newest entry, latest scan and a trend of the newest scans, whatever the order of arrival", async () => {
      const store = await makeStore()
      const target = 'http://127.0.0.1:4030'
      const reports = Array.from({ length: TREND_POINTS + 3 }, (_, i) => buildReport({ target, startedAt: at(200 + i), score: 50 + i }))
      // the newest first, then the older ones, one of them twice: a late save must not become "latest"
      for (const r of [reports.at(-1)!, ...reports.slice(0, -1), reports[3]!]) await store.save(r, { source: 'monitor' })
      const state = await store.state(`${target}/`)
      assert.ok(state)
      assert.equal(state.target, target)
      assert.equal(state.scans, reports.length, 'saving a scan again does not count it twice')
      assert.equal(state.latest?.scanId, reports.at(-1)!.scanId)
      assert.equal(state.status, 'up')
      assert.equal(state.lastEntryAt, reports.at(-1)!.startedAt)
      assert.deepEqual(
        state.recent.map((p) => p.scanId),
        reports.slice(-TREND_POINTS).map((r) => r.scanId),
      )
      assert.deepEqual(state.recent.at(-1), {
        at: reports.at(-1)!.startedAt,
        scanId: reports.at(-1)!.scanId,
        score: 50 + TREND_POINTS + 2,
        grade: reports.at(-1)!.score.grade,
      })

      await store.recordOutage({ target, at: at(100), source: 'monitor', error: 'old outage', attempts: 1 })
      assert.equal((await store.state(target))?.status, 'up', 'an outage older than the newest scan does not mark the target down')
      await store.recordOutage({ target, at: at(300), source: 'monitor', error: 'connect ECONNREFUSED', attempts: 4 })
      const down = await store.state(target)
      assert.equal(down?.status, 'down')
      assert.equal(down?.lastEntryAt, at(300))
      assert.equal(down?.latest?.scanId, reports.at(-1)!.scanId)
      assert.equal(await store.state('http://127.0.0.1:4999'), undefined)
    })

    it("records a scan under the history key it is given instead of the report's target, and refuses the store's own keys", async () => {
      const store = await makeStore()
      const r = buildReport({ target: 'http://127.0.0.1:3000', startedAt: at(7) })
      const summary = await store.save(r, { source: 'action', target: 'https://github.com/acme/shop' })
      assert.equal(summary.target, 'https://github.com/acme/shop')
      assert.deepEqual(
        (await store.list('https://github.com/acme/shop')).map((e) => e.kind === 'scan' && e.scanId),
        [r.scanId],
      )
      assert.deepEqual(await store.list('http://127.0.0.1:3000'), [])
      assert.equal((await store.state('https://github.com/acme/shop'))?.latest?.scanId, r.scanId)
      for (const key of ['#fleet', '#claim']) {
        await assert.rejects(store.save(buildReport(), { source: 'action', target: key }), { code: 'SG_HISTORY_STORE' })
        await assert.rejects(store.recordOutage({ target: key, at: at(1), source: 'monitor', error: 'x', attempts: 1 }), {
          code: 'SG_HISTORY_STORE',
        })
      }
    })

    it('lists every registered target in the fleet, scanned or not, keeps the first registration time, and forgets a registration but not the history', async () => {
      const store = await makeStore()
      const a = 'http://127.0.0.1:4041'
      const b = 'http://127.0.0.1:4042'
      await store.save(buildReport({ target: a, startedAt: at(1) }), { source: 'monitor' })
      await store.register(
        [
          { target: `${a}/`, name: 'shop', tags: ['payments'], everyMs: 60_000, shard: '0/2', fleet: 'f' },
          { target: b, name: 'admin', tags: [], everyMs: 3_600_000, fleet: 'f' },
        ],
        at(2),
      )
      await store.register([{ target: a, name: 'shop (eu)', tags: ['payments', 'eu'], everyMs: 60_000, shard: '1/2', fleet: 'f' }], at(9))
      const fleet = await store.fleet()
      assert.deepEqual(fleet.map((s) => s.target).sort(), [a, b])
      const sa = fleet.find((s) => s.target === a)!
      assert.deepEqual(sa.registration, {
        target: a,
        name: 'shop (eu)',
        tags: ['payments', 'eu'],
        everyMs: 60_000,
        shard: '1/2',
        fleet: 'f',
        registeredAt: at(2),
      })
      assert.equal(sa.scans, 1)
      const sb = fleet.find((s) => s.target === b)!
      assert.equal(sb.status, 'never')
      assert.equal(sb.scans, 0)

      await store.unregister([a, b])
      const after = await store.fleet()
      assert.deepEqual(
        after.map((s) => [s.target, s.registration]),
        [[a, undefined]],
      )
      assert.equal((await store.list(a)).length, 1)
      assert.deepEqual(
        (await store.targets()).map((t) => t.target),
        [a],
      )
    })

    it('gives a claim to exactly one of many callers, in any instance, and keeps rounds and kinds apart', async () => {
      const s1 = await makeStore()
      const s2 = factory.reopen(s1)
      const target = 'http://127.0.0.1:4050'
      const claim = { target, round: '2026-01-01T00:00:00.000Z/60000', kind: 'scan' }
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? s1 : s2).claim({ ...claim, by: `worker ${i}` })))
      assert.equal(results.filter(Boolean).length, 1)
      assert.equal(
        await s1.claim({ ...claim, target: `${target}/`, by: 'late' }),
        false,
        'the same target spelt differently is the same claim',
      )
      assert.equal(await s1.claim({ ...claim, kind: 'alert-regression', by: 'w' }), true)
      assert.equal(await s2.claim({ ...claim, round: '2026-01-01T00:01:00.000Z/60000', by: 'w' }), true)
      assert.deepEqual(await s1.list(target), [], 'claims are not history entries')
      assert.deepEqual(await s1.fleet(), [])
    })

    it("keeps a target's state whole when two instances save scans of it at once", async () => {
      const s1 = await makeStore()
      const s2 = factory.reopen(s1)
      const target = 'http://127.0.0.1:4060'
      const reports = Array.from({ length: 10 }, (_, i) => buildReport({ target, startedAt: at(500 + i) }))
      await Promise.all(reports.map((r, i) => (i % 2 ? s1 : s2).save(r, { source: 'monitor' })))
      const state = await s1.state(target)
      assert.equal(state?.scans, 10)
      assert.equal(state?.latest?.scanId, reports.at(-1)!.scanId)
      assert.deepEqual(
        state?.recent.map((p) => p.scanId),
        reports.map((r) => r.scanId),
      )
    })
  })
}
