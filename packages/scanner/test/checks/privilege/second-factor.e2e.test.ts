import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan, type CheckId, type Finding, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// Logins with a second factor and a step-up, on real apps: Express + passport + otplib, Django +
// django-otp, fastify with codes e-mailed to a local mail catcher. Each vulnerable form gets exactly
// its finding, each fixed form none, and every check that ran before the second factor existed keeps
// running on top of the two-step login. The Node apps share a ManualClock with the scanner: the codes
// they refuse as reused make the scanner wait for the next period, in the test's time, not real time.

const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html'] as const
const EXPRESS_COOKIE = ['SG-COOKIE-SECURE', 'SG-COOKIE-SAMESITE', 'SG-COOKIE-PREFIX']
const DJANGO_COOKIE = ['SG-COOKIE-SECURE', 'SG-COOKIE-PREFIX']

const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const statusOf = (r: ScanReport, id: CheckId): string => r.checks.find((c) => c.id === id)!.status

interface Case {
  name: string
  start: (clock: apps.ManualClock) => Promise<apps.TargetApp & { codes?: string[] }>
  expect: string[]
  statuses: Partial<Record<CheckId, string>>
  /** The Node apps take the test's clock; Django reads the real one (short period, one step of tolerance). */
  clock: boolean
}

const cases: Case[] = [
  {
    name: 'Express + passport + otplib, second factor without a new id: SG-FIX-MFA',
    start: (clock) => apps.startTotpExpressApp({ mfa: 'keep', clock: clock.now }),
    expect: ['SG-FIX-MFA', ...EXPRESS_COOKIE],
    statuses: {
      'SG-FIX-MFA': 'failed',
      'SG-MFA-PARTIAL': 'passed',
      'SG-FIX-LOGIN': 'passed',
      'SG-FIX-ADOPT': 'passed',
      'SG-LOGOUT': 'passed',
    },
    clock: true,
  },
  {
    name: 'Express + passport + otplib, the account page checks only the password: SG-MFA-PARTIAL',
    start: (clock) => apps.startTotpExpressApp({ mfa: 'partial', clock: clock.now }),
    expect: ['SG-MFA-PARTIAL', ...EXPRESS_COOKIE],
    statuses: { 'SG-MFA-PARTIAL': 'failed', 'SG-FIX-MFA': 'not-tested', 'SG-FIX-LOGIN': 'passed', 'SG-LOGOUT': 'passed' },
    clock: true,
  },
  {
    name: 'Express + passport + otplib, req.login() again at the second factor: no privilege finding',
    start: (clock) => apps.startTotpExpressApp({ mfa: 'rotate', clock: clock.now }),
    expect: EXPRESS_COOKIE,
    statuses: { 'SG-FIX-MFA': 'passed', 'SG-MFA-PARTIAL': 'passed', 'SG-FIX-LOGIN': 'passed', 'SG-FIX-STEPUP': 'not-tested' },
    clock: true,
  },
  {
    name: 'Express step-up that records the elevation on the same id: SG-FIX-STEPUP',
    start: (clock) => apps.startTotpExpressApp({ mfa: 'rotate', stepup: 'keep', clock: clock.now }),
    expect: ['SG-FIX-STEPUP', ...EXPRESS_COOKIE],
    statuses: { 'SG-FIX-STEPUP': 'failed', 'SG-FIX-MFA': 'passed', 'SG-MFA-PARTIAL': 'passed' },
    clock: true,
  },
  {
    name: 'Express step-up that regenerates the session: no privilege finding',
    start: (clock) => apps.startTotpExpressApp({ mfa: 'rotate', stepup: 'rotate', clock: clock.now }),
    expect: EXPRESS_COOKIE,
    statuses: { 'SG-FIX-STEPUP': 'passed', 'SG-FIX-MFA': 'passed', 'SG-MFA-PARTIAL': 'passed' },
    clock: true,
  },
  {
    name: 'Django + django-otp, django_otp.login() as documented (keeps the key): SG-FIX-MFA',
    start: () => apps.startDjangoOtpApp({ mode: 'keep' }),
    expect: ['SG-FIX-MFA', ...DJANGO_COOKIE],
    statuses: { 'SG-FIX-MFA': 'failed', 'SG-MFA-PARTIAL': 'passed', 'SG-LOGOUT': 'passed' },
    clock: false,
  },
  {
    name: 'Django + django-otp, @login_required instead of @otp_required: SG-MFA-PARTIAL',
    start: () => apps.startDjangoOtpApp({ mode: 'partial' }),
    expect: ['SG-MFA-PARTIAL', ...DJANGO_COOKIE],
    statuses: { 'SG-MFA-PARTIAL': 'failed', 'SG-FIX-MFA': 'not-tested' },
    clock: false,
  },
  {
    name: 'Django + django-otp, cycle_key() after django_otp.login(): no privilege finding',
    start: () => apps.startDjangoOtpApp({ mode: 'fixed' }),
    expect: DJANGO_COOKIE,
    statuses: { 'SG-FIX-MFA': 'passed', 'SG-MFA-PARTIAL': 'passed', 'SG-LOGOUT': 'passed' },
    clock: false,
  },
  {
    name: 'fastify, e-mailed code read from a local mail catcher, no new id at the code: SG-FIX-MFA',
    start: () => apps.startEmailCodeApp({ mode: 'keep' }),
    expect: ['SG-FIX-MFA', ...EXPRESS_COOKIE],
    statuses: { 'SG-FIX-MFA': 'failed', 'SG-MFA-PARTIAL': 'passed', 'SG-FIX-LOGIN': 'passed', 'SG-LOGOUT': 'passed' },
    clock: false,
  },
  {
    name: 'fastify, e-mailed code, regenerate() at the code: no privilege finding',
    start: () => apps.startEmailCodeApp({ mode: 'rotate' }),
    expect: EXPRESS_COOKIE,
    statuses: { 'SG-FIX-MFA': 'passed', 'SG-MFA-PARTIAL': 'passed' },
    clock: false,
  },
]

/** The proof of SG-FIX-MFA: the attacker's password step, the control, the victim's code on the planted id, the replay. */
function assertMfaProof(f: Finding): void {
  const notes = f.evidence.map((x) => `${x.actor}: ${x.note ?? ''}`)
  const first = f.evidence.findIndex((x) => x.actor === 'attacker' && /password alone/.test(x.note ?? ''))
  const control = f.evidence.findIndex((x) => x.actor === 'attacker' && /after the password step alone/.test(x.note ?? ''))
  const planted = f.evidence.findIndex(
    (x) => x.actor === 'victim' && /enters the code into the session the attacker planted/.test(x.note ?? ''),
  )
  assert.ok(first >= 0 && first < control && control < planted, notes.join('\n'))
  const controlStatus = f.evidence[control]!.response!.status
  assert.ok(controlStatus >= 300 || controlStatus < 200, 'the half-authenticated id alone did not reach the page')
  const cookie = f.carrier!.name
  assert.match(f.evidence[planted]!.request.headers.cookie ?? '', new RegExp(`(^|; )${cookie}=`), 'the victim carries the planted id')
  const last = f.evidence.at(-1)!
  assert.equal(last.actor, 'attacker')
  assert.match(last.note ?? '', /replays the half-authenticated id/)
  assert.ok(last.response!.status >= 200 && last.response!.status < 300)
  assert.equal(f.confidence, 'confirmed')
}

/** The test is the operator: it names its own mail catcher's origin, as --mfa-code-url does (a config file alone may not). */
function named(config: unknown): { codeOrigins: string[] } {
  const url = (config as { login?: { mfa?: { code_url?: string } } }).login?.mfa?.code_url
  return { codeOrigins: url ? [new URL(url).origin] : [] }
}

describe('second-factor and step-up logins on real apps report exactly what the apps do', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const clock = new apps.ManualClock()
      const app = await c.start(clock)
      try {
        const report = await scan(app.config as never, { ...(c.clock ? { clock } : {}), ...named(app.config) })
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), [...c.expect].sort(), pretty)
        for (const [id, status] of Object.entries(c.statuses)) assert.equal(statusOf(report, id as CheckId), status, `${id}\n${pretty}`)
        assert.equal(report.checks.length, 21)
        const mfa = report.findings.find((f) => f.id === 'SG-FIX-MFA')
        if (mfa) assertMfaProof(mfa)
        const partial = report.findings.find((f) => f.id === 'SG-MFA-PARTIAL')
        if (partial) {
          assert.equal(partial.evidence.at(-1)!.actor, 'attacker')
          assert.ok(
            partial.evidence.every((x) => !/enters the code/.test(x.note ?? '')),
            'no code was entered on the way',
          )
        }
        const stepup = report.findings.find((f) => f.id === 'SG-FIX-STEPUP')
        if (stepup) {
          const notes = stepup.evidence.map((x) => x.note ?? '')
          const control = notes.findIndex((n) => /before step-up: not elevated/.test(n))
          const reauth = notes.findIndex((n) => /re-authenticates/.test(n))
          assert.ok(control >= 0 && control < reauth, notes.join('\n'))
          assert.equal(stepup.evidence.at(-1)!.actor, 'attacker')
          assert.match(stepup.evidence.at(-1)!.note ?? '', /replays the pre-step-up id/)
        }
        // codes and the password are secrets: in no format, in no form the redactor knows
        const everything = FORMATS.map((fmt) => render(report, fmt)).join('\n')
        assert.ok(!everything.includes('alice-password-1'))
        const codes = [
          ...(app.codes ?? []),
          ...('mail' in app
            ? (app as unknown as { mail: apps.MailCatcher }).mail.messages.map((m) => /code is (\d{6})/.exec(m.text)![1]!)
            : []),
        ]
        if (c.clock || 'mail' in app) assert.ok(codes.length >= 2, 'the scan sent codes')
        for (const code of codes) assert.ok(!everything.includes(code), `code ${code} in a report`)
      } finally {
        await app.close()
      }
    })
  }
})

test('an app that refuses a code twice makes the scanner wait for the next period, on the clock the test controls', async () => {
  const clock = new apps.ManualClock()
  const app = await apps.startTotpExpressApp({ mfa: 'rotate', clock: clock.now, period: 30 })
  try {
    const report = await scan(app.config as never, { clock })
    assert.ok(app.refused.reused >= 1, 'the app refused a reused code at least once')
    assert.equal(app.refused.wrong, 0, 'never a wrong code')
    assert.ok(clock.slept >= 30_000 * app.refused.reused - 30_000, `waited ${clock.slept} ms for ${app.refused.reused} refusals`)
    assert.equal(statusOf(report, 'SG-FIX-MFA'), 'passed')
  } finally {
    await app.close()
  }
})

test('two accounts, each with its own TOTP secret: the cross-account checks run on top of the two-step logins', async () => {
  const clock = new apps.ManualClock()
  const app = await apps.startTotpExpressApp({ mfa: 'rotate', clock: clock.now })
  try {
    const config = { ...app.config, accounts: [{ ...apps.BOB, totp_secret: app.secrets.bob }], objects: ['/notes/{id}'] }
    const report = await scan(config as never, { clock })
    assert.equal(statusOf(report, 'SG-IDOR'), 'passed', render(report, 'pretty'))
    assert.equal(statusOf(report, 'SG-AUTH-MISSING'), 'passed')
  } finally {
    await app.close()
  }
})

test('a scan without login.mfa on an MFA app stops with one sentence naming the second-factor form', async () => {
  for (const start of [() => apps.startTotpExpressApp({ mfa: 'keep' }), () => apps.startDjangoOtpApp({ mode: 'keep' })]) {
    const app = await start()
    try {
      const { mfa: _mfa, ...login } = app.config.login as Record<string, unknown>
      await assert.rejects(scan({ ...app.config, login } as never), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SG_MFA_REQUIRED')
        assert.match(err.message, /^the login reached a second-factor form at \/(accounts\/)?2fa\/?; configure login\.mfa \(/)
        assert.ok(!/[.!?]\s/.test(err.message), 'one sentence')
        return true
      })
    } finally {
      await app.close()
    }
  }
})
