import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ScanError, scan, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// The timed SG-EXPIRY test on koa-session with limits of a few seconds: a session the store keeps a
// day is reported by the replay; one the app ends after 2 s idle / 3 s of age is not.

const timed = (app: apps.TargetApp, session: Record<string, string>) => ({ ...(app.config as object), session }) as never
const expiry = (r: ScanReport) => r.checks.find((c) => c.id === 'SG-EXPIRY')!

test('no idle or absolute limit: both replays after the limits still reach the account page', async () => {
  const app = await apps.startKoaSessionApp({ regenerate: true })
  try {
    const events: string[] = []
    const report = await scan(timed(app, { idle_timeout: '2s', absolute_timeout: '3s' }), {
      onProgress: (e) => e.kind === 'check' && e.id === 'SG-EXPIRY' && e.detail && events.push(e.detail),
    })
    const found = report.findings
      .filter((f) => f.id === 'SG-EXPIRY')
      .map((f) => f.title)
      .sort()
    assert.equal(found.length, 2, JSON.stringify(found))
    assert.match(found.join('\n'), /absolute lifetime not enforced/)
    assert.match(found.join('\n'), /idle timeout not enforced/)
    for (const f of report.findings.filter((x) => x.id === 'SG-EXPIRY')) {
      assert.equal(f.confidence, 'confirmed')
      const last = f.evidence.at(-1)!
      assert.match(last.note ?? '', /replays the session after/)
      assert.equal(last.response?.status, 200)
    }
    assert.equal(expiry(report).status, 'failed')
    assert.ok(
      events.some((d) => /idle test.*left of 3 s/.test(d)),
      `a countdown is shown: ${events.join(' | ')}`,
    )
  } finally {
    await app.close()
  }
})

test('idle and absolute limits enforced: the replays are refused and SG-EXPIRY passes on the timed evidence', async () => {
  const app = await apps.startKoaSessionApp({ regenerate: true, idleMs: 2000, absoluteMs: 3000 })
  try {
    const report = await scan(timed(app, { idle_timeout: '2s', absolute_timeout: '3s' }))
    assert.ok(
      !report.findings.some((f) => f.id === 'SG-EXPIRY' && /not enforced/.test(f.title)),
      JSON.stringify(report.findings.map((f) => f.title)),
    )
    assert.equal(expiry(report).status, 'passed')
    assert.match(
      expiry(report).reason ?? '',
      /timed: idle: the session was refused after 3 s idle.*absolute: the session was refused after 4 s of activity/,
    )
  } finally {
    await app.close()
  }
})

test('the wait is interruptible: aborting the scan ends a 60 s idle wait at once', async () => {
  const app = await apps.startKoaSessionApp({ regenerate: true })
  try {
    const abort = new AbortController()
    const started = Date.now()
    const pending = scan(timed(app, { idle_timeout: '60s' }), {
      signal: abort.signal,
      onProgress: (e) => {
        if (e.kind === 'check' && e.id === 'SG-EXPIRY' && /left of/.test(e.detail ?? '')) abort.abort()
      },
    })
    await assert.rejects(pending, (e: unknown) => e instanceof ScanError && /cancelled/.test(e.message))
    assert.ok(Date.now() - started < 10_000, `ended in ${Date.now() - started} ms`)
  } finally {
    await app.close()
  }
})
