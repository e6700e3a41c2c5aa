import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// Two accounts on a Flask-Login notes app whose account page greets its user in markup
// ("Signed in as <b>alice</b>"), the text the config's login.check.contains copies: the scan adapts it
// for the second account, or takes that account's own check; a second account that cannot log in
// leaves the cross-account checks not tested and the rest of the report as it is.

const status = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id)!
const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
/** What this Flask app earns whatever its note access (see flask-notes.ts): client-side session cookie over http. */
const SESSION_FINDINGS = ['SG-COOKIE-PREFIX', 'SG-COOKIE-SAMESITE', 'SG-COOKIE-SECURE', 'SG-LOGOUT']

async function withApp(start: () => Promise<apps.TargetApp>, body: (app: apps.TargetApp) => Promise<void>): Promise<void> {
  const app = await start()
  try {
    await body(app)
  } finally {
    await app.close()
  }
}

describe('two accounts, a login check that names the first one in markup', () => {
  test('notes readable by any logged-in user: both logins succeed, SG-IDOR both ways, the counter ids are SG-IDOR-ENUM (low)', async () => {
    await withApp(
      () => apps.startFlaskNotesApp({ mode: 'idor' }),
      async (app) => {
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), [...SESSION_FINDINGS, 'SG-IDOR', 'SG-IDOR-ENUM'].sort(), pretty)
        assert.equal(status(report, 'SG-IDOR').status, 'failed')
        assert.equal(status(report, 'SG-AUTH-MISSING').status, 'passed')
        assert.equal(status(report, 'SG-IDOR-ENUM').status, 'failed')
        const idor = report.findings.find((f) => f.id === 'SG-IDOR')!
        assert.equal(idor.confidence, 'confirmed')
        assert.ok(
          idor.evidence.some((x) => x.actor === 'bob'),
          "bob's own session made the replay: bob logged in",
        )
        assert.ok(idor.evidence.some((x) => x.actor === 'alice'))
        assert.match(idor.summary, /bob got alice's \/notes\/1/)
        assert.match(idor.summary, /alice got bob's \/notes\/3/)
        assert.equal(report.findings.find((f) => f.id === 'SG-IDOR-ENUM')!.severity, 'low')
      },
    )
  })

  test('notes only their owner reads: both logins succeed, SG-IDOR passed after replaying both accounts’ notes', async () => {
    await withApp(
      () => apps.startFlaskNotesApp({ mode: 'owner' }),
      async (app) => {
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), [...SESSION_FINDINGS, 'SG-IDOR-ENUM'].sort(), pretty)
        const idor = status(report, 'SG-IDOR')
        assert.equal(idor.status, 'passed', pretty)
        assert.match(idor.reason ?? '', /of alice's objects and \d+ of bob's objects/)
        assert.equal(status(report, 'SG-AUTH-MISSING').status, 'passed')
        assert.equal(report.findings.find((f) => f.id === 'SG-IDOR-ENUM')!.severity, 'info')
      },
    )
  })

  test("an account's own check is used for it: a text the adaptation could not guess still proves bob's login", async () => {
    await withApp(
      () => apps.startFlaskNotesApp({ mode: 'idor' }),
      async (app) => {
        const cfg = structuredClone(app.config) as { accounts: Array<Record<string, unknown>>; login: { check: Record<string, unknown> } }
        // the first account's text names nothing the second account's page shows: only bob's own check can work
        cfg.login.check.contains = '<b>alice</b></p>'
        cfg.accounts[0]!.check = { contains: 'as <b>bob</b>' }
        const report = await scan(cfg as never)
        assert.equal(status(report, 'SG-IDOR').status, 'failed', render(report, 'pretty'))
      },
    )
  })

  test('a second account that cannot log in: the first account’s findings are reported, the cross-account checks are not tested with the reason', async () => {
    await withApp(
      () => apps.startFlaskNotesApp({ mode: 'idor' }),
      async (app) => {
        const cfg = structuredClone(app.config) as { accounts: Array<Record<string, unknown>> }
        cfg.accounts[0]!.password = 'not-bobs-password'
        const report = await scan(cfg as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), SESSION_FINDINGS, pretty)
        for (const id of ['SG-IDOR', 'SG-AUTH-MISSING', 'SG-IDOR-ENUM']) {
          const o = status(report, id)
          assert.equal(o.status, 'not-tested', `${id}\n${pretty}`)
          assert.match(
            o.reason ?? '',
            /^bob's login did not succeed, so nothing was replayed across accounts: login as "bob" did not reach \/account/,
          )
          assert.match(o.enableWith ?? '', /^check: \{ contains \} on that account's entry/)
        }
        assert.equal(status(report, 'SG-LOGOUT').status, 'failed')
        assert.ok(!JSON.stringify(report).includes('not-bobs-password'), 'the wrong password is a secret too')
      },
    )
  })
})
