import assert from 'node:assert/strict'
import { test } from 'node:test'
import { render, scan, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// A browser login with a TOTP step (Debian's chromium): the steps split at the one that types {totp},
// so the attacker's browser stops after the password and the victim's browser, carrying the planted
// cookie, opens the code page and types the code. The app shares the test's clock with the scanner.

const STEPS = [
  { fill: { selector: 'input[name=username]', value: '{username}' } },
  { fill: { selector: 'input[name=password]', value: '{password}' } },
  { click: 'button[type=submit]' },
  { wait: { url: '/2fa' } },
  { fill: { selector: 'input[name=code]', value: '{totp}' } },
  { click: 'button[type=submit]' },
  { wait: { url: '/account' } },
]

function browserConfig(app: apps.TargetApp, steps: boolean): Record<string, unknown> {
  const { url: _url, ...login } = app.config.login as Record<string, unknown>
  return { ...app.config, login: { ...login, type: 'browser', ...(steps ? { steps: STEPS } : {}) } }
}

const statusOf = (r: ScanReport, id: string): string | undefined => r.checks.find((c) => c.id === id)?.status

for (const [mode, steps, expected] of [
  ['keep', true, 'failed'],
  ['rotate', false, 'passed'],
] as const) {
  test(`browser login with a TOTP step (${steps ? 'steps with {totp}' : 'no steps: the code field is found'}), ${mode === 'keep' ? 'no new id at the code: SG-FIX-MFA' : 'a new id at the code: passed'}`, async () => {
    const clock = new apps.ManualClock()
    const app = await apps.startTotpExpressApp({ mfa: mode, clock: clock.now })
    try {
      const report = await scan(browserConfig(app, steps) as never, { clock })
      const pretty = render(report, 'pretty')
      assert.equal(statusOf(report, 'SG-FIX-MFA'), expected, pretty)
      assert.equal(statusOf(report, 'SG-MFA-PARTIAL'), 'passed', pretty)
      assert.equal(statusOf(report, 'SG-FIX-LOGIN'), 'passed', pretty)
      assert.equal(app.refused.wrong, 0, 'every code the browser typed was right')
      assert.equal(app.refused.reused, 0, 'a browser never types a code of a step already used: it waits for the next one')
      const finding = report.findings.find((f) => f.id === 'SG-FIX-MFA')
      if (expected === 'failed') {
        assert.ok(finding)
        assert.ok(
          finding.evidence.some((x) => x.actor === 'victim' && /second-factor|planted/.test(x.note ?? '')),
          'the victim typed the code in the browser',
        )
        assert.equal(finding.evidence.at(-1)!.actor, 'attacker')
      } else assert.equal(finding, undefined)
      const everything = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html'].map((f) => render(report, f as 'json')).join('\n')
      for (const code of app.codes) assert.ok(!everything.includes(code), `code ${code} in a report`)
      assert.ok(app.codes.length >= 2)
    } finally {
      await app.close()
    }
  })
}
