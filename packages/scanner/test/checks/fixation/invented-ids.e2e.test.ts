// An invented id counts as accepted only when the server is seen using it as a session (state kept
// under it), not merely when it is left alone. The false alarm this guards against: a server that
// serves an unknown id as no session without replacing it, then issues a new id at login, reported as
// SG-PERMISSIVE. Each app's fixation outcomes are compared in full.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-PERMISSIVE', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']
const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const statuses = (r: ScanReport): Record<string, string> =>
  Object.fromEntries(r.checks.filter((c) => FIXATION.includes(c.id)).map((c) => [c.id, c.status]))
const check = (r: ScanReport, id: CheckId) => r.checks.find((c) => c.id === id)!
const http = ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE']

async function scanApp(start: () => Promise<apps.TargetApp>, config?: (app: apps.TargetApp) => Record<string, unknown>) {
  const app = await start()
  try {
    return await scan((config ? config(app) : app.config) as never)
  } finally {
    await app.close()
  }
}

describe('with a login', () => {
  test('an app that leaves an unknown id alone but never uses it (a new token on each visit), and issues a new id at login: no SG-PERMISSIVE', async () => {
    const report = await scanApp(() => apps.startIgnoreUnknownApp())
    assert.deepEqual(ids(report), http, render(report, 'pretty'))
    assert.deepEqual(statuses(report), {
      'SG-FIX-ADOPT': 'passed',
      'SG-PERMISSIVE': 'passed',
      'SG-FIX-LOGIN': 'passed',
      'SG-FIX-OLDID': 'passed',
    })
    assert.match(
      check(report, 'SG-PERMISSIVE').reason ?? '',
      /cookie sid on the login page: \/login showed a new hidden field csrf_token \(form 1\) on each request that carried the invented id/,
    )
    assert.ok(report.requestCount <= 60, `one login flow within 60 requests, used ${report.requestCount}`)
  })

  test('the same app with nothing per session on its pages: whether the id is used cannot be seen, so SG-PERMISSIVE is not tested, with the reason', async () => {
    const report = await scanApp(() => apps.startIgnoreUnknownApp({ tokens: 'none' }))
    assert.deepEqual(ids(report), http, render(report, 'pretty'))
    assert.deepEqual(statuses(report), {
      'SG-FIX-ADOPT': 'passed',
      'SG-PERMISSIVE': 'not-tested',
      'SG-FIX-LOGIN': 'passed',
      'SG-FIX-OLDID': 'passed',
    })
    assert.match(
      check(report, 'SG-PERMISSIVE').reason ?? '',
      /could not be observed: cookie sid on the login page was not replaced before login and was replaced at login, but \/login shows no value the server keeps per session/,
    )
  })

  test('the permissive app (a cart and a token kept under whatever id comes in, rotated at login): SG-PERMISSIVE, proven by the token kept under the invented id', async () => {
    const report = await scanApp(() => apps.startPermissiveApp())
    assert.deepEqual(ids(report), ['SG-PERMISSIVE', ...http].sort(), render(report, 'pretty'))
    assert.deepEqual(statuses(report), {
      'SG-FIX-ADOPT': 'passed',
      'SG-PERMISSIVE': 'failed',
      'SG-FIX-LOGIN': 'passed',
      'SG-FIX-OLDID': 'passed',
    })
    const f = report.findings.find((x) => x.id === 'SG-PERMISSIVE')!
    assert.match(f.summary, /\/login showed the same hidden field csrf_token \(form 1\) on two requests that carried only the invented id/)
    // the proof: the fresh visitor's own id, the attacker's look at the login page with the invented id, the login, the failed replay
    assert.ok(f.evidence.some((x) => x.actor === 'attacker' && x.request.method === 'GET' && new URL(x.request.url).pathname === '/login'))
    assert.ok(f.evidence.some((x) => x.actor === 'victim' && x.request.method === 'POST'))
    assert.equal(f.evidence.at(-1)!.actor, 'attacker')
  })
})

describe('without a login', () => {
  test('PHP without strict mode keeps state under an invented PHPSESSID on its login page: SG-PERMISSIVE', async () => {
    const report = await scanApp(
      () => apps.startPhpSessions({ mode: 'lax' }),
      (app) => ({ target: `${app.url}/login.php` }),
    )
    assert.equal(check(report, 'SG-PERMISSIVE').status, 'failed')
    assert.match(report.findings.find((f) => f.id === 'SG-PERMISSIVE')!.summary, /showed the same hidden field csrf_token/)
  })

  test('the app that only leaves unknown ids alone: not SG-PERMISSIVE', async () => {
    const report = await scanApp(
      () => apps.startIgnoreUnknownApp(),
      (app) => ({ target: `${app.url}/login` }),
    )
    assert.equal(check(report, 'SG-PERMISSIVE').status, 'passed', render(report, 'pretty'))
    assert.ok(!report.findings.some((f) => f.id === 'SG-PERMISSIVE'))
    assert.match(check(report, 'SG-PERMISSIVE').reason ?? '', /sid: \/login showed a new hidden field csrf_token/)
  })
})
