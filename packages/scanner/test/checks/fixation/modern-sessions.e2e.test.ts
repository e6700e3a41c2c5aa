// Sessions that no ordinary page hands out (issue 22): a single-page app whose script starts the
// session, a shop whose session starts with a POST form, an OpenID Connect relying party that adopts an
// invented id where the shop keeps its visitors' sessions, and the Jetty shape where only a failed
// login starts a session, found in browser mode too. Each app vulnerable and fixed; every fixation
// check's status is compared, not only the finding ids.
// (session.start as browser steps, forms submitted by the attacker's browser, and browser discovery for
// an HTTP login are in browser-discovery.e2e.test.ts.)
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'
import { assertProof, assertWithinBudget, http, ids, noBrowserLeftBehind, ROOMY, statuses, withLogin } from './scan-helpers.js'

noBrowserLeftBehind()

describe('a single-page app whose script starts the session (GET /api/session), browser login', () => {
  test("vulnerable: the attacker's browser runs the page, finds the id its script obtained, and SG-FIX-LOGIN is proven from that page", async () => {
    const app = await apps.startSpaBootstrapApp({ regenerate: false })
    try {
      const report = await scan(app.config as never)
      assert.deepEqual(ids(report), ['SG-FIX-LOGIN', ...http].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'passed',
        'SG-PERMISSIVE': 'passed',
        'SG-FIX-LOGIN': 'failed',
        'SG-FIX-OLDID': 'passed',
      })
      const pre = report.session.preLogin!
      assert.deepEqual(pre.issuedBy, {
        path: '/',
        via: 'login page',
        natural: true,
        carriers: ['connect.sid'],
        request: 'GET /api/session',
      })
      assert.ok(pre.browser && pre.browser.pages >= 1 && pre.browser.timeBudgetMs === 30_000, JSON.stringify(pre.browser))
      assert.match(render(report, 'pretty'), /attacker's browser: \d+ of 10 pages, [\d.]+ of 30 s/)
      assertProof(report, 'SG-FIX-LOGIN', '/', 'GET /api/session')
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })

  test('fixed (regenerate at login): the same discovery, every fixation check passed', async () => {
    const app = await apps.startSpaBootstrapApp({ regenerate: true })
    try {
      const report = await scan(app.config as never)
      assert.deepEqual(ids(report), [...http].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'passed',
        'SG-PERMISSIVE': 'passed',
        'SG-FIX-LOGIN': 'passed',
        'SG-FIX-OLDID': 'passed',
      })
      assert.equal(report.session.preLogin!.issuedBy?.request, 'GET /api/session')
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })
})

describe('a shop whose session starts only with a POST form (express-session, saveUninitialized: false)', () => {
  const start = { start: [{ method: 'POST', url: '/shop/cart', form: { item: 'teapot' } }] }

  test('without session.start or discovery.forms: SG-FIX-LOGIN is not tested, the forms seen are named with the hint, no action fetched as a link', async () => {
    const app = await apps.startCartSessionApp({ regenerate: false })
    try {
      const report = await scan(app.config as never)
      const fix = report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!
      assert.equal(fix.status, 'not-tested')
      assert.match(fix.reason ?? '', /forms seen and not submitted: POST form 1, POST form 2 \(looks destructive/)
      assert.match(fix.enableWith ?? '', /session\.start/)
      assert.ok(!report.session.preLogin!.visited.some((v) => v.via === 'form'), 'no form was submitted')
      assert.equal(
        report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
        false,
      )
    } finally {
      await app.close()
    }
  })

  for (const [how, extra] of [
    ['session.start', { rest: { session: start } }],
    ['login.discovery.forms', { login: { discovery: { forms: true } } }],
    ["login.discovery.forms in the attacker's browser (HTTP login)", { login: { discovery: { forms: true, browser: true, ...ROOMY } } }],
  ] as const) {
    test(`vulnerable, via ${how}: SG-FIX-LOGIN proven from the cart`, async () => {
      const app = await apps.startCartSessionApp({ regenerate: false })
      try {
        const cfg = withLogin(app, 'login' in extra ? extra.login : {}, 'rest' in extra ? extra.rest : {})
        const report = await scan(cfg as never)
        assert.deepEqual(ids(report), ['SG-FIX-LOGIN', ...http].sort(), render(report, 'pretty'))
        assert.deepEqual(statuses(report), {
          'SG-FIX-ADOPT': 'passed',
          'SG-PERMISSIVE': 'passed',
          'SG-FIX-LOGIN': 'failed',
          'SG-FIX-OLDID': 'passed',
        })
        const pre = report.session.preLogin!
        assert.equal(pre.issuedBy?.path, '/shop/cart')
        assert.equal(pre.issuedBy?.via, how === 'session.start' ? 'session start' : 'form')
        assert.ok(
          pre.visited.some((v) => v.path === '/shop/cart' && v.method === 'POST'),
          'the submission is listed in the report',
        )
        assert.equal(Boolean(pre.browser), how.includes('browser'), 'the browser did the discovery only when asked')
        // a form that handed over nothing is listed by its number (its action is the page's text): no other form was sent
        assert.ok(!pre.visited.some((v) => v.via === 'form' && v.path !== '/shop/cart'), 'the clear-cart form is never submitted')
        const f = report.findings.find((x) => x.id === 'SG-FIX-LOGIN')!
        assert.ok(f.evidence.some((x) => x.actor === 'attacker' && x.request.method === 'POST' && x.request.url.endsWith('/shop/cart')))
        assertWithinBudget(report)
      } finally {
        await app.close()
      }
    })
  }

  test('fixed (regenerate at login), via session.start: every fixation check passed', async () => {
    const app = await apps.startCartSessionApp({ regenerate: true })
    try {
      const report = await scan(withLogin(app, {}, { session: start }) as never)
      assert.deepEqual(ids(report), [...http].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'passed',
        'SG-PERMISSIVE': 'passed',
        'SG-FIX-LOGIN': 'passed',
        'SG-FIX-OLDID': 'passed',
      })
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })
})

describe('an OpenID Connect relying party (express-openid-connect) behind oidc-provider', () => {
  const persistent = ['SG-COOKIE-PERSISTENT', ...http]

  test("2.5.1: an invented appSession sent to the shop page is adopted by the victim's login — the critical SG-FIX-ADOPT, and SG-FIX-LOGIN", async () => {
    const app = await apps.startOpenIdConnectRp({ version: '2.5.1' })
    try {
      const report = await scan(app.config as never)
      assert.deepEqual(ids(report), ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', ...persistent].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'failed',
        'SG-PERMISSIVE': 'passed',
        'SG-FIX-LOGIN': 'failed',
        'SG-FIX-OLDID': 'passed',
      })
      const adopt = report.findings.find((f) => f.id === 'SG-FIX-ADOPT')!
      assert.equal(adopt.severity, 'critical')
      assert.match(adopt.summary, /through GET \//)
      // the proof: the invented id kept on the page that issues sessions, then the victim's login, then the attacker inside
      assertProof(report, 'SG-FIX-ADOPT', '/')
      const kept = adopt.evidence[0]!
      assert.match(
        String(kept.response?.headers['set-cookie'] ?? ''),
        /appSession=/,
        'the server set the invented id back: it uses it as a session',
      )
      assert.ok(adopt.evidence.some((x) => x.actor === 'victim' && new URL(x.request.url).pathname === '/callback'))
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })

  test('3.x with signed store cookies: invented ids are replaced and the login rotates — no fixation finding', async () => {
    const app = await apps.startOpenIdConnectRp({ version: 'current' })
    try {
      const report = await scan(app.config as never)
      assert.deepEqual(ids(report), [...persistent].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'passed',
        'SG-PERMISSIVE': 'passed',
        'SG-FIX-LOGIN': 'passed',
        'SG-FIX-OLDID': 'passed',
      })
      assert.match(
        report.checks.find((c) => c.id === 'SG-FIX-ADOPT')!.reason ?? '',
        /cookie appSession on GET \//,
        'planted where sessions are issued',
      )
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })

  test('3.x with the default unsigned store cookie: the invented id is kept before login and rotated at login — SG-PERMISSIVE only', async () => {
    const app = await apps.startOpenIdConnectRp({ version: 'current-unsigned' })
    try {
      const report = await scan(app.config as never)
      assert.deepEqual(ids(report), ['SG-PERMISSIVE', ...persistent].sort(), render(report, 'pretty'))
      assert.deepEqual(statuses(report), {
        'SG-FIX-ADOPT': 'passed',
        'SG-PERMISSIVE': 'failed',
        'SG-FIX-LOGIN': 'passed',
        'SG-FIX-OLDID': 'passed',
      })
      const p = report.findings.find((f) => f.id === 'SG-PERMISSIVE')!
      assert.ok(
        p.evidence.some((x) => x.actor === 'attacker' && new URL(x.request.url).pathname === '/'),
        'the proof shows the invented id kept on /',
      )
      assertWithinBudget(report)
    } finally {
      await app.close()
    }
  })
})

describe('the Jetty shape: only a failed login starts a session', () => {
  for (const browser of [false, true]) {
    const mode = browser ? 'browser login' : 'form login'
    test(`${mode}, login keeps the id: SG-FIX-LOGIN from the failed login`, async () => {
      const app = await apps.startContainerFormAuthApp({ sessionAt: 'failed-login', rotate: false, browser })
      try {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), ['SG-FIX-LOGIN', ...http].sort(), render(report, 'pretty'))
        assert.deepEqual(statuses(report), {
          'SG-FIX-ADOPT': 'passed',
          'SG-PERMISSIVE': 'passed',
          'SG-FIX-LOGIN': 'failed',
          'SG-FIX-OLDID': 'passed',
        })
        const by = report.session.preLogin!.issuedBy!
        assert.equal(by.via, 'failed login')
        assert.equal(by.natural, false)
        if (browser) assert.equal(by.request, 'POST /j_security_check')
        assertWithinBudget(report)
      } finally {
        await app.close()
      }
    })

    test(`${mode}, login rotates the id: every fixation check passed`, async () => {
      const app = await apps.startContainerFormAuthApp({ sessionAt: 'failed-login', rotate: true, browser })
      try {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), [...http].sort(), render(report, 'pretty'))
        assert.deepEqual(statuses(report), {
          'SG-FIX-ADOPT': 'passed',
          'SG-PERMISSIVE': 'passed',
          'SG-FIX-LOGIN': 'passed',
          'SG-FIX-OLDID': 'passed',
        })
        assert.equal(report.session.preLogin!.issuedBy?.via, 'failed login')
        assertWithinBudget(report)
      } finally {
        await app.close()
      }
    })
  }
})
