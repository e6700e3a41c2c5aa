import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { render, scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// Every check family at once: one scan per target, every outcome compared. The family folders beside
// this file hold the tests of each probe on its own. Each target is a real app on a real session
// library (or the hand-written textbook pattern); the expected ids are what its code really does,
// documented at the top of each app module.

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']

interface Case {
  name: string
  start: () => Promise<apps.TargetApp>
  expect: string[]
  safe?: boolean
}

const ids = (r: ScanReport): string[] =>
  [...new Set(r.findings.map((f) => (f.carrier && f.id === 'SG-FIX-ADOPT' ? `${f.id}:${f.carrier.kind}` : f.id)))].sort()

let db: apps.RunningDynamoDB
before(async () => {
  db = await apps.startDynalite()
})
after(async () => {
  await db?.stop()
})

const cookieHttpFlags = ['SG-COOKIE-SECURE', 'SG-COOKIE-PREFIX']
const cases: Case[] = [
  {
    name: 'express-session without regenerate()',
    start: () => apps.startExpressSession({ regenerate: false }),
    expect: ['SG-FIX-LOGIN', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: 'express-session with regenerate()',
    start: () => apps.startExpressSession({ regenerate: true }),
    expect: ['SG-COOKIE-SAMESITE', ...cookieHttpFlags],
    safe: true,
  },
  {
    name: '@fastify/session without regenerate()',
    start: () => apps.startFastifySession({ regenerate: false }),
    expect: ['SG-FIX-LOGIN', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: '@fastify/session with regenerate()',
    start: () => apps.startFastifySession({ regenerate: true }),
    expect: ['SG-COOKIE-SAMESITE', ...cookieHttpFlags],
    safe: true,
  },
  {
    name: 'textbook DynamoDB API (session_id from the client as the item key)',
    start: () => apps.startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials }),
    expect: ['SG-FIX-ADOPT:cookie', 'SG-FIX-ADOPT:header', 'SG-LOGOUT', 'SG-COOKIE-HTTPONLY', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: 'textbook DynamoDB API, fixed',
    start: () => apps.startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials, fixed: true }),
    expect: cookieHttpFlags,
    safe: true,
  },
  {
    name: 'PHP, session.use_strict_mode=0',
    start: () => apps.startPhpSessions({ mode: 'lax' }),
    expect: ['SG-FIX-ADOPT:cookie', 'SG-FIX-LOGIN', 'SG-COOKIE-HTTPONLY', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: 'PHP, strict mode without session_regenerate_id',
    start: () => apps.startPhpSessions({ mode: 'strict-no-regenerate' }),
    expect: ['SG-FIX-LOGIN', 'SG-COOKIE-HTTPONLY', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: 'PHP, strict mode with session_regenerate_id(true)',
    start: () => apps.startPhpSessions({ mode: 'correct' }),
    expect: cookieHttpFlags,
    safe: true,
  },
  {
    name: 'PHP with trans-sid (id accepted in the URL)',
    start: () => apps.startPhpSessions({ mode: 'trans-sid' }),
    expect: ['SG-URL', ...cookieHttpFlags],
    safe: true,
  },
  { name: 'new id at login, old id still valid', start: () => apps.startOldIdValidApp(), expect: ['SG-FIX-OLDID', ...cookieHttpFlags] },
  { name: 'logout only clears the cookie', start: () => apps.startLogoutNoopApp(), expect: ['SG-LOGOUT', ...cookieHttpFlags], safe: true },
  {
    name: 'permissive: invented id kept before login, rotated at login',
    start: () => apps.startPermissiveApp(),
    expect: ['SG-PERMISSIVE', ...cookieHttpFlags],
    safe: true,
  },
  {
    name: 'unknown ids left alone but never used (a new token on each visit), new id at login',
    start: () => apps.startIgnoreUnknownApp(),
    expect: cookieHttpFlags,
    safe: true,
  },
  {
    name: 'session id in the query string',
    start: () => apps.startQuerySessionApp(),
    expect: ['SG-FIX-ADOPT:query', 'SG-FIX-LOGIN', 'SG-URL'],
  },
  {
    name: ';jsessionid path parameter (servlet URL rewriting)',
    start: () => apps.startJsessionidApp(),
    expect: ['SG-FIX-ADOPT:path', 'SG-FIX-LOGIN', 'SG-URL', 'SG-COOKIE-SAMESITE', ...cookieHttpFlags],
  },
  {
    name: 'X-Session-Id header API that adopts client ids',
    start: () => apps.startHeaderSessionApp({ adopt: true }),
    expect: ['SG-FIX-ADOPT:header'],
  },
  {
    name: 'X-Session-Id header API that issues its own ids',
    start: () => apps.startHeaderSessionApp({ adopt: false }),
    expect: [],
    safe: true,
  },
  { name: 'JSON login with double-submit CSRF cookie', start: () => apps.startJsonCsrfApp(), expect: cookieHttpFlags, safe: true },
  { name: 'CSRF token only in a meta tag', start: () => apps.startMetaCsrfApp(), expect: cookieHttpFlags, safe: true },
  {
    name: 'container FORM auth (protected URL answers 200 with the form)',
    start: () => apps.startContainerFormAuthApp(),
    expect: ['SG-COOKIE-SAMESITE', ...cookieHttpFlags],
    safe: true,
  },
  {
    name: 'login form with unusual field names, hidden nonce and a required extra field',
    start: () => apps.startHiddenFieldsApp(),
    expect: cookieHttpFlags,
    safe: true,
  },
]

describe('scan of real session implementations reports exactly what they do', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const app = await c.start()
      try {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), [...c.expect].sort(), render(report, 'pretty'))
        if (c.safe) assert.ok(!report.findings.some((f) => FIXATION.includes(f.id)), 'a safe app must get no fixation finding')
        assert.ok(report.requestCount <= 60, `one login flow within 60 requests, used ${report.requestCount}`)
        for (const f of report.findings.filter((x) => FIXATION.includes(x.id) || x.id === 'SG-LOGOUT')) {
          assert.equal(f.confidence, 'confirmed')
          const last = f.evidence.at(-1)!
          assert.equal(last.actor, 'attacker', 'the proof ends with the attacker reaching the protected page')
          assert.ok(last.response && last.response.status >= 200 && last.response.status < 300)
        }
        const everything = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'har']
          .map((fmt) => render(report, fmt as 'json'))
          .join('\n')
        assert.ok(!everything.includes('alice-password-1'), 'the password never appears in a report')
        assert.equal(report.checks.length, 21, 'every check of the catalogue has an outcome')
      } finally {
        await app.close()
      }
    })
  }
})

test('the textbook pattern is found against the official DynamoDB engine too', async () => {
  const local = await apps.startDynamoDBLocal()
  const app = await apps.startTextbookApi({ endpoint: local.endpoint, region: local.region, credentials: local.credentials })
  try {
    const report = await scan(app.config as never)
    assert.ok(ids(report).includes('SG-FIX-ADOPT:cookie'))
    assert.equal(report.score.grade, 'F')
  } finally {
    await app.close()
    await local.stop()
  }
})

test('without login settings only what needs no login runs, and the rest is listed as not tested', async () => {
  const app = await apps.startPhpSessions({ mode: 'lax' })
  try {
    const report = await scan({ target: `${app.url}/login.php` })
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]))
    assert.equal(byId['SG-FIX-ADOPT']!.status, 'not-tested')
    assert.match(byId['SG-FIX-ADOPT']!.enableWith ?? '', /--login-url/)
    assert.equal(byId['SG-LOGOUT']!.status, 'not-tested')
    // PHP without strict mode keeps an invented PHPSESSID where it issues sessions
    const permissive = report.findings.find((f) => f.id === 'SG-PERMISSIVE')
    assert.ok(permissive, 'invented id accepted before login is shown without a login')
    assert.ok(!report.findings.some((f) => f.id === 'SG-FIX-ADOPT'), 'adoption is never claimed without a login to prove it')
    const httpOnly = report.findings.find((f) => f.id === 'SG-COOKIE-HTTPONLY')
    assert.ok(httpOnly)
    assert.equal(httpOnly.confidence, 'tentative', 'an unproven carrier gets tentative cookie findings')
    assert.equal(httpOnly.severity, 'low', 'one level under the proven-carrier severity')
  } finally {
    await app.close()
  }
})

test('a strict PHP server without login gets no adoption finding (negative control)', async () => {
  const app = await apps.startPhpSessions({ mode: 'correct' })
  try {
    const report = await scan({ target: `${app.url}/login.php` })
    assert.ok(!report.findings.some((f) => f.id === 'SG-PERMISSIVE' || f.id === 'SG-FIX-ADOPT'))
    assert.equal(report.checks.find((c) => c.id === 'SG-PERMISSIVE')!.status, 'passed')
  } finally {
    await app.close()
  }
})
