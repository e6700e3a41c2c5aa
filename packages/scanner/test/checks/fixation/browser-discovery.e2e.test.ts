// The attacker's browser in pre-login discovery, on paths the issue-22 tests left open: a session.start
// given as browser steps in a browser-login scan, forms submitted by the attacker's browser in a
// browser-login scan (login.discovery.forms), and login.discovery.browser on an HTTP JSON login that
// finds a session only the page's script starts. Real express + express-session apps, each vulnerable
// and fixed; every fixation check's status is compared.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'
import { assertProof, assertWithinBudget, http, ids, noBrowserLeftBehind, ROOMY, statuses, withLogin } from './scan-helpers.js'

noBrowserLeftBehind()

describe('session.start as browser steps in a browser-login scan (the cart shop)', () => {
  // the attacker's browser opens the shop and clicks "Add to cart", as a shopper would
  const start = { start: [{ open: '/' }, { click: 'button:has-text("Add to cart")' }] }
  const browserLogin = { type: 'browser', page: '/login', discovery: ROOMY }

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
          // a form that handed over nothing is listed by its number (its action is the page's text): no other form was sent
          assert.ok(!pre.visited.some((v) => v.via === 'form' && v.path !== '/shop/cart'), 'the clear-cart form is never submitted')
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
  const browserForms = { type: 'browser', page: '/login', discovery: { forms: true, ...ROOMY } }

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
          // a form that handed over nothing is listed by its number (its action is the page's text): no other form was sent
          assert.ok(!pre.visited.some((v) => v.via === 'form' && v.path !== '/shop/cart'), 'the clear-cart form is never submitted')
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
          const cfg = withLogin(app, { discovery: { browser: true, ...ROOMY } })
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
