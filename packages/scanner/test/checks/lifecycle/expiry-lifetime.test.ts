import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expiryLifetimeProbe } from '../../../src/checks/lifecycle/expiry-lifetime.js'
import { context } from '../observed-context.js'

// SG-EXPIRY's untimed half on observations handed in directly: the lifetime the session cookie announces.

test('a session cookie that lives longer than 24 h fails SG-EXPIRY, firm on the proven carrier, with its Set-Cookie as proof', async () => {
  const header = 'sid=abc; Path=/; HttpOnly; Max-Age=604800'
  const { findings, outcomes } = await expiryLifetimeProbe.run(context([header], { proven: ['sid'] }))
  assert.deepEqual(
    outcomes.map((o) => [o.id, o.status]),
    [['SG-EXPIRY', 'failed']],
  )
  assert.equal(findings.length, 1)
  const f = findings[0]!
  assert.equal(f.id, 'SG-EXPIRY')
  assert.equal(f.confidence, 'firm')
  assert.equal(f.severity, 'medium')
  assert.match(f.summary, /longer than 24 h, .*proven to carry the session/)
  assert.equal(f.evidence[0]!.response!.headers['set-cookie'], header)
})

test('a browser-session cookie, or one within 24 h, passes; a cookie only looking like the session is judged one level lower', async () => {
  for (const header of ['sid=abc; Path=/; HttpOnly', 'sid=abc; Path=/; Max-Age=3600']) {
    const { findings, outcomes } = await expiryLifetimeProbe.run(context([header], { proven: ['sid'] }))
    assert.deepEqual(findings, [])
    assert.equal(outcomes[0]!.status, 'passed', header)
  }
  const { findings } = await expiryLifetimeProbe.run(context(['PHPSESSID=abc; Max-Age=999999'], { issued: ['PHPSESSID'] }))
  assert.equal(findings[0]!.severity, 'low')
  assert.equal(findings[0]!.confidence, 'tentative')
})

test('no session cookie and no proven carrier: not tested, with the situation that enables it', async () => {
  const { outcomes } = await expiryLifetimeProbe.run(context([], {}))
  assert.equal(outcomes[0]!.status, 'not-tested')
  assert.match(outcomes[0]!.enableWith ?? '', /^login:/)
})
