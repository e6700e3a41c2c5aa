import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// Real apps on frameworks whose pre-login session does not start on the login page: Koa's landing
// page (koa-session's default signed cookie pair), a hapi shop's cart reached by a link (yar), and a
// Django failed login (flash message). Each in a vulnerable and a fixed form; what each one's code
// really does is documented at the top of its module in packages/testkit/src/apps/.

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']
const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const status = (r: ScanReport, id: CheckId): string => r.checks.find((c) => c.id === id)!.status
const http = ['SG-COOKIE-SECURE', 'SG-COOKIE-PREFIX']

interface Case {
  name: string
  start: () => Promise<apps.TargetApp>
  expect: string[]
  /** The page that hands out the pre-login session, and how the attacker got there. */
  issuedBy: { path: string; via: string; natural: boolean; carriers: string[] }
}

const koaCookies = ['SG-COOKIE-SAMESITE', 'SG-COOKIE-PERSISTENT', ...http]
const koaSet = ['koa.sess', 'koa.sess.sig']
const cases: Case[] = [
  {
    name: 'koa + koa-session (signed cookie pair), session starts on the landing page, no regenerate()',
    start: () => apps.startKoaSessionApp({ regenerate: false }),
    expect: ['SG-FIX-LOGIN', ...koaCookies],
    issuedBy: { path: '/', via: 'root', natural: true, carriers: koaSet },
  },
  {
    name: 'koa + koa-session with ctx.session.regenerate()',
    start: () => apps.startKoaSessionApp({ regenerate: true }),
    expect: koaCookies,
    issuedBy: { path: '/', via: 'root', natural: true, carriers: koaSet },
  },
  {
    name: 'koa + koa-session, safe, tracking cookies on every page (no false alarm)',
    start: () => apps.startKoaSessionApp({ regenerate: true, trackers: true }),
    expect: koaCookies,
    issuedBy: { path: '/', via: 'root', natural: true, carriers: koaSet },
  },
  {
    name: 'hapi + yar, session starts on the cart linked from the home page, no reset()',
    start: () => apps.startHapiYarApp({ reset: false }),
    expect: ['SG-FIX-OLDID', ...http],
    issuedBy: { path: '/cart', via: 'link', natural: true, carriers: ['session'] },
  },
  {
    name: 'hapi + yar with yar.reset() at login',
    start: () => apps.startHapiYarApp({ reset: true }),
    expect: http,
    issuedBy: { path: '/cart', via: 'link', natural: true, carriers: ['session'] },
  },
  {
    name: 'Django cache sessions, session starts on a failed login, no cycle_key()',
    start: () => apps.startDjangoSessionsApp({ mode: 'vulnerable' }),
    expect: ['SG-FIX-LOGIN', ...http],
    issuedBy: { path: '/login', via: 'failed login', natural: false, carriers: ['sessionid'] },
  },
  {
    name: 'Django cache sessions with cycle_key() at login',
    start: () => apps.startDjangoSessionsApp({ mode: 'fixed' }),
    expect: http,
    issuedBy: { path: '/login', via: 'failed login', natural: false, carriers: ['sessionid'] },
  },
]

describe('pre-login sessions that start away from the login page', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const app = await c.start()
      try {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), [...c.expect].sort(), render(report, 'pretty'))
        const pre = report.session.preLogin!
        assert.deepEqual(pre.issuedBy, c.issuedBy)
        assert.ok(
          report.requestCount <= 60 + pre.budget,
          `within 60 requests plus the discovery budget (${pre.budget}), used ${report.requestCount}`,
        )
        for (const id of ['SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const) assert.match(status(report, id), /^(passed|failed)$/, `${id} ran`)
        assert.equal(report.complete, true)
        assert.match(report.gradeLabel, /^[A-F] \(\d+ of 21 checks ran\)$/)
        for (const f of report.findings.filter((x) => FIXATION.includes(x.id))) {
          assert.equal(f.confidence, 'confirmed')
          // the proof starts on the page that issued the id, as the attacker, and ends with the attacker inside
          const first = f.evidence[0]!
          assert.equal(first.actor, 'attacker')
          assert.equal(new URL(first.request.url).pathname, c.issuedBy.path)
          assert.ok(f.summary.includes(c.issuedBy.path))
          const last = f.evidence.at(-1)!
          assert.equal(last.actor, 'attacker')
          assert.ok(last.response && last.response.status >= 200 && last.response.status < 300)
          // the whole set is planted: every carrier cookie rides on the victim's login and the attacker's replay
          const victimLogin = f.evidence.find((x) => x.actor === 'victim' && x.request.method === 'POST')!
          for (const name of c.issuedBy.carriers) {
            assert.match(
              victimLogin.request.headers.cookie ?? '',
              new RegExp(`(^|; )${name.replace(/\./g, '\\.')}=`),
              `victim carries ${name}`,
            )
            assert.match(last.request.headers.cookie ?? '', new RegExp(`(^|; )${name.replace(/\./g, '\\.')}=`), `attacker replays ${name}`)
          }
        }
        if (!c.expect.some((id) => FIXATION.includes(id as CheckId)))
          assert.ok(!report.findings.some((f) => FIXATION.includes(f.id)), 'a fixed app gets no fixation finding')
      } finally {
        await app.close()
      }
    })
  }
})

describe('honest outcomes when no pre-login session is found', () => {
  test('a discovery budget of 0 finds nothing on koa: SG-FIX-LOGIN/-OLDID are not tested, never passed, and the grade says incomplete', async () => {
    const app = await apps.startKoaSessionApp({ regenerate: false })
    try {
      const report = await scan({ ...(app.config as object), login: { ...(app.config as { login: object }).login, discovery: 0 } } as never)
      for (const id of ['SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const) {
        const o = report.checks.find((c) => c.id === id)!
        assert.equal(o.status, 'not-tested')
        assert.match(o.reason ?? '', /\/login \(login page\)/, 'the reason lists the pages visited')
        assert.match(o.enableWith ?? '', /login\.pre/)
      }
      assert.deepEqual(
        report.session.preLogin?.visited.map((v) => v.path),
        ['/login'],
      )
      assert.equal(report.session.preLogin?.used, 0)
      assert.equal(report.complete, false)
      assert.match(report.gradeLabel, /incomplete: \d+ of 21 checks ran/)
      assert.ok(report.coverage.notTested.some((n) => n.id === 'SG-FIX-LOGIN' && /login\.pre/.test(n.enable ?? '')))
      assert.equal(report.coverage.ran + report.coverage.notTested.length, 21)
    } finally {
      await app.close()
    }
  })

  test('a page the user names (login.pre) is visited even with no budget, and the attack runs from it', async () => {
    const app = await apps.startKoaSessionApp({ regenerate: false })
    try {
      const report = await scan({
        ...(app.config as object),
        login: { ...(app.config as { login: object }).login, discovery: 0, pre: ['/'] },
      } as never)
      assert.deepEqual(report.session.preLogin?.issuedBy, { path: '/', via: 'named page', natural: true, carriers: koaSet })
      assert.equal(status(report, 'SG-FIX-LOGIN'), 'failed')
    } finally {
      await app.close()
    }
  })
})

test('an app that honours two carriers (JSESSIONID cookie and ;jsessionid=) has both proven and both attacked', async () => {
  const app = await apps.startJsessionidApp()
  try {
    const report = await scan(app.config as never)
    const rows = Object.fromEntries((report.session.carriers ?? []).map((r) => [`${r.kind} ${r.name}`, r]))
    assert.equal(rows['path jsessionid']?.role, 'required')
    assert.equal(rows['cookie JSESSIONID']?.role, 'accepted')
    assert.ok(rows['path jsessionid']!.found.includes('SG-FIX-LOGIN'))
    assert.ok(rows['cookie JSESSIONID']!.found.includes('SG-FIX-LOGIN'), 'the pre-login id planted as a cookie survives login too')
    const logins = report.findings
      .filter((f) => f.id === 'SG-FIX-LOGIN')
      .map((f) => `${f.carrier?.kind} ${f.carrier?.name}`)
      .sort()
    assert.deepEqual(logins, ['cookie JSESSIONID', 'path jsessionid'])
    assert.match(report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!.reason ?? '', /cookie JSESSIONID: failed/)
  } finally {
    await app.close()
  }
})
