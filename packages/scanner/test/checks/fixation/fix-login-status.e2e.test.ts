// The fixation-at-login verdict, asserted on check statuses (the target matrix compares finding ids,
// which stay the same when a status is wrong): SG-FIX-LOGIN against SG-FIX-OLDID, the merge over
// every carrier that takes the id, a victim whose login fails, and a set of cookies where one was
// renewed (issue 29).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

const AT_LOGIN: CheckId[] = ['SG-FIX-LOGIN', 'SG-FIX-OLDID']

async function scanAtLogin(start: () => Promise<apps.TargetApp>): Promise<ScanReport> {
  const app = await start()
  try {
    return await scan({ ...app.config, checks: { include: AT_LOGIN } } as never)
  } finally {
    await app.close()
  }
}

const statuses = (r: ScanReport): Record<string, string> =>
  Object.fromEntries(r.checks.filter((c) => AT_LOGIN.includes(c.id)).map((c) => [c.id, c.status]))
const reason = (r: ScanReport, id: CheckId): string => r.checks.find((c) => c.id === id)!.reason ?? ''
const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()

describe('fixation at login: check statuses', () => {
  test('a pre-auth id kept through login fails SG-FIX-LOGIN and passes SG-FIX-OLDID', async () => {
    const r = await scanAtLogin(() => apps.startExpressSession({ regenerate: false }))
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'failed', 'SG-FIX-OLDID': 'passed' })
    assert.deepEqual(ids(r), ['SG-FIX-LOGIN'])
    assert.match(reason(r, 'SG-FIX-LOGIN'), /^pre-auth id survived login; pre-login id from \/\S*/)
    assert.match(reason(r, 'SG-FIX-OLDID'), /no new id was issued at login/)
  })

  test('a new id at login with the old one still valid passes SG-FIX-LOGIN and fails SG-FIX-OLDID', async () => {
    const r = await scanAtLogin(() => apps.startOldIdValidApp())
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'passed', 'SG-FIX-OLDID': 'failed' })
    assert.deepEqual(ids(r), ['SG-FIX-OLDID'])
    assert.match(reason(r, 'SG-FIX-LOGIN'), /^a new id was issued at login; /)
    assert.match(reason(r, 'SG-FIX-OLDID'), /^old id still authenticates; /)
  })

  test('a new id at login with the old one dead passes both, and says why', async () => {
    const r = await scanAtLogin(() => apps.startExpressSession({ regenerate: true }))
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'passed', 'SG-FIX-OLDID': 'passed' })
    assert.deepEqual(ids(r), [])
    assert.match(reason(r, 'SG-FIX-LOGIN'), /^a new id was issued at login and the old one is dead; /)
    assert.match(reason(r, 'SG-FIX-OLDID'), /^replaying the pre-auth id: /)
  })

  test('failed through any carrier is failed: the id kept only when it comes in the URL fails SG-FIX-LOGIN', async () => {
    const r = await scanAtLogin(() => apps.startJsessionidApp({ rotateCookieAtLogin: true }))
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'failed', 'SG-FIX-OLDID': 'passed' })
    assert.deepEqual(ids(r), ['SG-FIX-LOGIN'])
    const merged = reason(r, 'SG-FIX-LOGIN')
    // each carrier's own verdict is kept in the reason
    assert.match(merged, /cookie JSESSIONID: passed, a new id was issued at login and the old one is dead/)
    assert.match(merged, /jsessionid\S*: failed, pre-auth id survived login/)
  })

  test("a victim's login that fails while carrying the planted id is an error, never passed", async () => {
    const r = await scanAtLogin(() => apps.startOneFormViewApp())
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'error', 'SG-FIX-OLDID': 'error' })
    assert.deepEqual(ids(r), [])
    assert.match(reason(r, 'SG-FIX-LOGIN'), /^the victim's login carrying a pre-auth id did not succeed \(/)
  })

  test('a cookie set counts as kept only when every cookie of it is: one renewed cookie makes it a new id', async () => {
    const r = await scanAtLogin(() => apps.startCookiePairApp())
    assert.deepEqual(statuses(r), { 'SG-FIX-LOGIN': 'passed', 'SG-FIX-OLDID': 'failed' })
    assert.deepEqual(ids(r), ['SG-FIX-OLDID'])
    const f = r.findings.find((x) => x.id === 'SG-FIX-OLDID')!
    assert.match(f.summary, /cookie sid \+ cookie sig \(the whole set the session needs\)/)
  })
})
