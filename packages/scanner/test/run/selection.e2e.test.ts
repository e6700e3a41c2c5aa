import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scan, type ProgressEvent } from '@sessionguard/scanner'
import { startExpressSession } from '@sessionguard/testkit'
import { PROBES } from '../../src/checks/probes.js'
import { SCAN_CHECK_IDS } from '../../src/model/vocabulary.js'

test('the probes together report every check a scan runs, each id claimed by a probe (the source checks read code, not the target)', () => {
  assert.deepEqual([...new Set(PROBES.flatMap((p) => p.checks))].sort(), [...SCAN_CHECK_IDS].sort())
})

test('a probe whose every check is left out sends no request, and its checks say why they did not run', async () => {
  const app = await startExpressSession({ regenerate: false })
  try {
    const phases = async (
      extra: Record<string, unknown>,
    ): Promise<{ phases: string[]; requests: number; report: Awaited<ReturnType<typeof scan>> }> => {
      const seen: string[] = []
      const report = await scan({ ...(app.config as Record<string, unknown>), ...extra } as never, {
        onProgress: (e: ProgressEvent) => {
          if (e.kind === 'phase') seen.push(e.phase)
        },
      })
      return { phases: seen, requests: report.requestCount, report }
    }
    const all = await phases({})
    const some = await phases({ checks: { exclude: ['fixation', 'SG-LOGOUT'] } })
    for (const name of ['adoption of invented ids', 'pre-auth id after login', 'ids in URLs', 'logout']) {
      assert.ok(all.phases.includes(name), `${name} runs by default`)
      assert.ok(!some.phases.includes(name), `${name} is skipped when its checks are left out`)
    }
    assert.ok(some.phases.includes('cookie attributes'))
    assert.ok(some.requests < all.requests / 2, `${some.requests} requests with fixation left out, ${all.requests} with everything`)
    const fixLogin = some.report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!
    assert.deepEqual([fixLogin.status, fixLogin.reason], ['not-tested', 'left out by checks.exclude'])
    assert.ok(!some.report.findings.some((f) => f.id.startsWith('SG-FIX')))
    assert.ok(
      all.report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      'the app is vulnerable: the default scan proves it',
    )
  } finally {
    await app.close()
  }
})
