// Sessions that no ordinary page hands out (issue 22): a single-page app whose script starts the
// session, a shop whose session starts with a POST form, an OpenID Connect relying party that adopts an
// invented id where the shop keeps its visitors' sessions, and the Jetty shape where only a failed
// login starts a session, found in browser mode too. Each app vulnerable and fixed; every fixation
// check's status is compared, not only the finding ids.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { render, scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'
import { leftAfter } from '../../browser/processes.js'

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-PERMISSIVE', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']
const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const statuses = (r: ScanReport): Record<string, string> =>
  Object.fromEntries(r.checks.filter((c) => FIXATION.includes(c.id)).map((c) => [c.id, c.status]))
const http = ['SG-COOKIE-SECURE', 'SG-COOKIE-PREFIX']

const MARKER = `SG_BROWSER_TEST=${randomUUID()}`
before(() => {
  const [k, v] = MARKER.split('=') as [string, string]
  process.env[k] = v
})
after(async () => {
  assert.deepEqual(await leftAfter(MARKER), [], 'no chromium process outlives the scans')
})

function withLogin(app: apps.TargetApp, login: Record<string, unknown>, rest: Record<string, unknown> = {}): Record<string, unknown> {
  const cfg = structuredClone(app.config) as Record<string, unknown> & { login: Record<string, unknown> }
  return { ...cfg, ...rest, login: { ...cfg.login, ...login } }
}

function assertWithinBudget(report: ScanReport): void {
  const pre = report.session.preLogin!
  assert.ok(
    report.requestCount <= 60 + pre.budget,
    `within 60 requests plus the discovery budget (${pre.budget}), used ${report.requestCount}`,
  )
  if (pre.browser) {
    assert.ok(pre.browser.pages <= pre.browser.pageBudget + 2, `browser pages ${pre.browser.pages} of ${pre.browser.pageBudget}`)
    assert.ok(pre.browser.timeBudgetMs > 0)
  }
}

/** The proof of a fixation finding starts with the attacker where the id was issued and ends with the attacker inside. */
function assertProof(report: ScanReport, id: CheckId, firstPath: string, issuing?: string): void {
  const f = report.findings.find((x) => x.id === id)!
  assert.equal(f.confidence, 'confirmed')
  const first = f.evidence[0]!
  assert.equal(first.actor, 'attacker')
  assert.equal(new URL(first.request.url).pathname, firstPath)
  if (issuing) {
    const [method, path] = issuing.split(' ') as [string, string]
    assert.ok(
      f.evidence.some((x) => x.actor === 'attacker' && x.request.method === method && new URL(x.request.url).pathname === path),
      `the proof names the request that issued the id (${issuing})`,
    )
  }
  const last = f.evidence.at(-1)!
  assert.equal(last.actor, 'attacker')
  assert.ok(last.response && last.response.status >= 200 && last.response.status < 300)
}

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
      assert.match(fix.reason ?? '', /forms seen and not submitted: POST \/shop\/cart, POST \/shop\/cart\/clear \(looks destructive/)
      assert.match(fix.enableWith ?? '', /session\.start/)
      assert.ok(!report.session.preLogin!.visited.some((v) => v.via === 'form'), 'no form was submitted')
      assert.ok(!report.session.preLogin!.visited.some((v) => v.path === '/shop/cart/clear'), 'the clear-cart action was never requested')
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
    ["login.discovery.forms in the attacker's browser (HTTP login)", { login: { discovery: { forms: true, browser: true } } }],
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
        assert.ok(!pre.visited.some((v) => v.path === '/shop/cart/clear'), 'the clear-cart form is never submitted')
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

describe('session.start as browser steps in a browser-login scan (the cart shop)', () => {
  // the attacker's browser opens the shop and clicks "Add to cart", as a shopper would
  const start = { start: [{ open: '/' }, { click: 'button:has-text("Add to cart")' }] }
  const browserLogin = { type: 'browser', page: '/login' }

  for (const regenerate of [false, true]) {
    test(
      regenerate
        ? 'fixed (regenerate at login): the browser steps start the session, every fixation check passed'
        : "vulnerable: the browser steps start the session, SG-FIX-LOGIN proven from the cart's POST",
      async () => {
        const app = await apps.startCartSessionApp({ regenerate })
        try {
          const report = await scan(withLogin(app, browserLogin, { session: start }) as never)
          assert.deepEqual(ids(report), [...(regenerate ? [] : ['SG-FIX-LOGIN']), ...http].sort(), render(report, 'pretty'))
          assert.deepEqual(statuses(report), {
            'SG-FIX-ADOPT': 'passed',
            'SG-PERMISSIVE': 'passed',
            'SG-FIX-LOGIN': regenerate ? 'passed' : 'failed',
            'SG-FIX-OLDID': 'passed',
          })
          const pre = report.session.preLogin!
          assert.ok(pre.browser, "the discovery ran in the attacker's browser")
          assert.equal(pre.issuedBy?.via, 'session start')
          assert.equal(pre.issuedBy?.path, '/')
          assert.equal(pre.issuedBy?.request, 'POST /shop/cart', 'the report names the request the click sent')
          assert.ok(!pre.visited.some((v) => v.path === '/shop/cart/clear'), 'the clear-cart form is never submitted')
          if (!regenerate) assertProof(report, 'SG-FIX-LOGIN', '/', 'POST /shop/cart')
          assertWithinBudget(report)
        } finally {
          await app.close()
        }
      },
    )
  }
})

describe('login.discovery.forms in a browser-login scan (the cart shop)', () => {
  const browserForms = { type: 'browser', page: '/login', discovery: { forms: true } }

  for (const regenerate of [false, true]) {
    test(
      regenerate
        ? "fixed (regenerate at login): the attacker's browser submits the cart form, every fixation check passed"
        : "vulnerable: the attacker's browser submits the cart form, SG-FIX-LOGIN proven from it",
      async () => {
        const app = await apps.startCartSessionApp({ regenerate })
        try {
          const report = await scan(withLogin(app, browserForms) as never)
          assert.deepEqual(ids(report), [...(regenerate ? [] : ['SG-FIX-LOGIN']), ...http].sort(), render(report, 'pretty'))
          assert.deepEqual(statuses(report), {
            'SG-FIX-ADOPT': 'passed',
            'SG-PERMISSIVE': 'passed',
            'SG-FIX-LOGIN': regenerate ? 'passed' : 'failed',
            'SG-FIX-OLDID': 'passed',
          })
          const pre = report.session.preLogin!
          assert.ok(pre.browser, "the discovery ran in the attacker's browser")
          assert.equal(pre.issuedBy?.via, 'form')
          assert.equal(pre.issuedBy?.path, '/shop/cart')
          assert.ok(
            pre.visited.some((v) => v.via === 'form' && v.path === '/shop/cart' && v.method === 'POST'),
            'the submission is listed in the report',
          )
          assert.ok(!pre.visited.some((v) => v.path === '/shop/cart/clear'), 'the clear-cart form is never submitted')
          // the proof starts with the attacker's browser submitting the form
          if (!regenerate) assertProof(report, 'SG-FIX-LOGIN', '/shop/cart', 'POST /shop/cart')
          assertWithinBudget(report)
        } finally {
          await app.close()
        }
      },
    )
  }
})

describe("login.discovery.browser on an HTTP JSON login: the single-page app's script starts the session", () => {
  test('without it, plain HTTP discovery finds no pre-login session: SG-FIX-LOGIN is not tested, with the browser hint', async () => {
    const app = await apps.startSpaBootstrapApp({ regenerate: false, login: 'json' })
    try {
      const report = await scan(app.config as never)
      const fix = report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!
      assert.equal(fix.status, 'not-tested', render(report, 'pretty'))
      assert.match(fix.enableWith ?? '', /discovery: \{ browser: true \}/)
      assert.equal(report.session.preLogin!.browser, undefined)
    } finally {
      await app.close()
    }
  })

  for (const regenerate of [false, true]) {
    test(
      regenerate
        ? "fixed (regenerate at login): the attacker's browser finds the script's session, every fixation check passed"
        : "vulnerable: the attacker's browser finds the id GET /api/session issued, and the HTTP login keeps it — SG-FIX-LOGIN",
      async () => {
        const app = await apps.startSpaBootstrapApp({ regenerate, login: 'json' })
        try {
          const cfg = withLogin(app, { discovery: { browser: true } })
          const report = await scan(cfg as never)
          assert.deepEqual(ids(report), [...(regenerate ? [] : ['SG-FIX-LOGIN']), ...http].sort(), render(report, 'pretty'))
          assert.deepEqual(statuses(report), {
            'SG-FIX-ADOPT': 'passed',
            'SG-PERMISSIVE': 'passed',
            'SG-FIX-LOGIN': regenerate ? 'passed' : 'failed',
            'SG-FIX-OLDID': 'passed',
          })
          const pre = report.session.preLogin!
          assert.ok(pre.browser, "the discovery ran in the attacker's browser")
          assert.deepEqual(pre.issuedBy, {
            path: '/',
            via: 'login page',
            natural: true,
            carriers: ['connect.sid'],
            request: 'GET /api/session',
          })
          if (!regenerate) {
            assertProof(report, 'SG-FIX-LOGIN', '/', 'GET /api/session')
            const f = report.findings.find((x) => x.id === 'SG-FIX-LOGIN')!
            assert.ok(
              f.evidence.some(
                (x) => x.actor === 'victim' && x.request.method === 'POST' && new URL(x.request.url).pathname === '/api/login',
              ),
              'the victim logs in over HTTP carrying the id',
            )
          }
          assertWithinBudget(report)
        } finally {
          await app.close()
        }
      },
    )
  }
})
