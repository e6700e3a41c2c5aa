import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, startTotpExpressApp } from '@sessionguard/testkit'

// The second factor and step-up from the command line, and what a config file may not do: name an
// environment variable outside SG_ for the TOTP secret, or aim the scanner at a code URL elsewhere.
// The app runs on the real clock with a 3-second period (one step of tolerance), so the waits a
// refused reuse costs stay short.

test('--totp-secret-env and --stepup-* scan a TOTP app with a step-up and find both fixations', async () => {
  const app = await startTotpExpressApp({ mfa: 'keep', stepup: 'keep', period: 3 })
  try {
    const r = await runCli(
      [
        'scan',
        app.url,
        '--login-url',
        '/login',
        '--username',
        'alice',
        '--password-env',
        'SG_PASSWORD',
        '--totp-secret-env',
        'MY_TOTP_SECRET',
        '--totp-period',
        '3',
        '--check-url',
        '/account',
        '--check-contains',
        'Welcome alice',
        '--stepup-url',
        '/sudo',
        '--stepup-check-url',
        '/settings/security',
        '--stepup-check-contains',
        'Elevated',
        '-q',
        '-f',
        'json',
      ],
      { env: { SG_PASSWORD: 'alice-password-1', MY_TOTP_SECRET: app.secrets.alice! }, timeoutMs: 240_000 },
    )
    assert.equal(r.code, 1, r.stderr)
    const report = JSON.parse(r.stdout) as { findings: Array<{ id: string }>; checks: Array<{ id: string; status: string }> }
    const found = report.findings.map((f) => f.id)
    assert.ok(found.includes('SG-FIX-MFA') && found.includes('SG-FIX-STEPUP'), found.join(', '))
    assert.equal(report.checks.find((c) => c.id === 'SG-MFA-PARTIAL')!.status, 'passed')
    assert.ok(!r.stdout.includes(app.secrets.alice!))
    for (const code of app.codes) assert.ok(!r.stdout.includes(code) && !r.stderr.includes(code), `code ${code} printed`)
  } finally {
    await app.close()
  }
})

test('a config file cannot name a TOTP secret variable outside SG_ unless --allow-env names it, nor a code URL off this machine: exit 2, and no code is sent', async () => {
  const app = await startTotpExpressApp({ mfa: 'keep' })
  const dir = await mkdtemp(join(tmpdir(), 'sg-mfa-'))
  try {
    const base = (mfa: string, creds: string) =>
      `target: ${app.url}\nlogin:\n  url: /login\n  credentials: { username: alice, password: "\${SG_PASSWORD}"${creds} }\n  mfa: ${mfa}\n  check: { url: /account, contains: Welcome alice }\n`
    const cases: Array<[string, RegExp, string[]]> = [
      [
        base('{ type: totp }', ', totp_secret_env: GITHUB_TOKEN'),
        /sg\.yml:4:\d+: login\.credentials\.totp_secret_env refers to the environment variable GITHUB_TOKEN, which a config file may not read.*--allow-env GITHUB_TOKEN/,
        [],
      ],
      // allowed by the operator, the variable is read (and, not being base32, refused without its value)
      [
        base('{ type: totp }', ', totp_secret_env: GITHUB_TOKEN'),
        /login\.credentials\.totp_secret: not a base32 TOTP secret/,
        ['--allow-env', 'GITHUB_TOKEN'],
      ],
      [
        base("{ type: url, code_url: 'http://mail.example.com/api/latest', pattern: '(\\d{6})' }", ''),
        /login\.mfa\.code_url: http:\/\/mail\.example\.com is not the target's origin.*--mfa-code-url/,
        [],
      ],
    ]
    for (const [yaml, message, flags] of cases) {
      const file = join(dir, 'sg.yml')
      await writeFile(file, yaml)
      const before = app.codes.length
      const r = await runCli(['scan', '--config', file, '-q', ...flags], {
        env: { SG_PASSWORD: 'alice-password-1', GITHUB_TOKEN: 'ghp_runner_token_value' },
      })
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, message)
      assert.ok(!r.stderr.includes('ghp_runner_token_value'))
      assert.equal(app.codes.length, before)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
    await app.close()
  }
})
