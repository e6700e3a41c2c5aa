import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cookiesProbe } from '../../../src/checks/cookies/cookies.js'
import type { ProbeContext } from '../../../src/checks/types.js'
import { context } from '../observed-context.js'

// The cookie probe reads what the engine observed; these cases hand it observations directly, so each
// attribute rule is seen failing and passing without a server.

const statuses = async (ctx: ProbeContext): Promise<Record<string, string>> =>
  Object.fromEntries((await cookiesProbe.run(ctx)).outcomes.map((o) => [o.id, o.status]))

test('a proven session cookie with every protection passes every attribute check', async () => {
  const s = await statuses(context(['__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax'], { proven: ['__Host-sid'], https: true }))
  for (const id of [
    'SG-COOKIE-HTTPONLY',
    'SG-COOKIE-SECURE',
    'SG-COOKIE-SAMESITE',
    'SG-COOKIE-SCOPE',
    'SG-COOKIE-PREFIX',
    'SG-COOKIE-PERSISTENT',
  ])
    assert.equal(s[id], 'passed', id)
  assert.equal(s['SG-EXPIRY'], undefined, 'the lifetime half of SG-EXPIRY is judged in checks/lifecycle')
})

test('each missing protection fails its own check, at full severity on the proven carrier', async () => {
  const { findings, outcomes } = await cookiesProbe.run(
    context(['sid=abc; Path=/; Domain=example.test; Max-Age=604800; SameSite=None'], { proven: ['sid'] }),
  )
  const failed = outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => o.id)
    .sort()
  assert.deepEqual(failed, [
    'SG-COOKIE-HTTPONLY',
    'SG-COOKIE-PERSISTENT',
    'SG-COOKIE-PREFIX',
    'SG-COOKIE-SAMESITE',
    'SG-COOKIE-SCOPE',
    'SG-COOKIE-SECURE',
  ])
  const httpOnly = findings.find((f) => f.id === 'SG-COOKIE-HTTPONLY')!
  assert.equal(httpOnly.severity, 'medium')
  assert.equal(httpOnly.confidence, 'firm')
  assert.match(httpOnly.summary, /proven to carry the session/)
  assert.equal(httpOnly.evidence[0]!.response!.headers['set-cookie'], 'sid=abc; Path=/; Domain=example.test; Max-Age=604800; SameSite=None')
})

test('without a login the session-like cookie is checked one severity lower, as tentative', async () => {
  const { findings } = await cookiesProbe.run(context(['PHPSESSID=abc; Path=/'], { issued: ['PHPSESSID', 'theme'] }))
  const httpOnly = findings.find((f) => f.id === 'SG-COOKIE-HTTPONLY')!
  assert.equal(httpOnly.severity, 'low')
  assert.equal(httpOnly.confidence, 'tentative')
  assert.ok(
    !findings.some((f) => f.carrier?.kind === 'cookie' && f.carrier.name === 'theme'),
    'a cookie that does not look like a session is not judged',
  )
})

test('a CSRF cookie that scripts must read is not reported for missing HttpOnly', async () => {
  const s = await statuses(context(['csrf_token=abc; Path=/; Secure; SameSite=Strict'], { proven: ['csrf_token'], https: true }))
  assert.equal(s['SG-COOKIE-HTTPONLY'], 'passed')
})

test('a deletion of the cookie at logout is not judged as the cookie', async () => {
  const s = await statuses(
    context(['__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict', '__Host-sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], {
      proven: ['__Host-sid'],
      https: true,
    }),
  )
  assert.equal(s['SG-COOKIE-PERSISTENT'], 'passed')
  assert.equal(s['SG-COOKIE-HTTPONLY'], 'passed')
})

test('no session cookie and no proven carrier: not tested, with the situation that enables it', async () => {
  const { outcomes } = await cookiesProbe.run(context([], {}))
  for (const o of outcomes) {
    assert.equal(o.status, 'not-tested', o.id)
    assert.match(o.enableWith ?? '', /^login:/)
  }
})
