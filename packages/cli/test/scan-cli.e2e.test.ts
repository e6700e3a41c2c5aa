import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { freePort, repoRoot, runCli, startPhpSessions, startExpressSession, type TargetApp } from '@sessionguard/testkit'

const oneLine = (s: string): boolean => s.trim().split('\n').length === 1
let dir: string
let lax: TargetApp
let safe: TargetApp

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-'))
  lax = await startPhpSessions({ mode: 'lax' })
  safe = await startExpressSession({ regenerate: true })
})
after(async () => {
  await lax?.close()
  await safe?.close()
  await rm(dir, { recursive: true, force: true })
})

const laxFlags = (url: string): string[] => [
  url,
  '--login-url',
  '/login.php',
  '--username',
  'alice',
  '--password-env',
  'SG_PASSWORD',
  '--check-url',
  '/account.php',
  '--check-contains',
  'alice',
  '--logout-url',
  '/logout.php',
  '-q',
]
const env = { SG_PASSWORD: 'alice-password-1' }

describe('sessionguard scan', () => {
  test('flags alone run the full assessment and print the report; the default gate (high) fails it', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url)], { env })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /gate failed: .*at or above high.*SG-FIX-ADOPT/)
    assert.match(r.stdout, /Gate: fails on high or worse \(default\)/)
    assert.match(r.stdout, /SG-FIX-ADOPT/)
    assert.match(r.stdout, /grade F/)
    assert.match(r.stdout, /\d+ requests in [\d.]+ m?s/)
    assert.ok(!r.stdout.includes('alice-password-1'))
  })

  test('--fail-on high exits 1 on a confirmed fixation and says why on stderr', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url), '--fail-on', 'high', '-f', 'json'], { env })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /gate failed: .*SG-FIX-ADOPT/)
  })

  test('--format json follows the published schema', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url), '-f', 'json', '--fail-on', 'none'], { env })
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as { schemaVersion: number; gate: { failOn: string; failOnSource: string; passed: boolean } }
    assert.deepEqual([report.gate.failOn, report.gate.failOnSource, report.gate.passed], ['none', 'config', true])
    const schema = JSON.parse(await readFile(join(repoRoot, 'docs/report.schema.json'), 'utf8'))
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const valid = ajv.validate(schema, report)
    assert.ok(valid, JSON.stringify(ajv.errors, null, 2))
    assert.equal(report.schemaVersion, 1)
  })

  test('a YAML config with ${ENV} secrets works, and flags override it', async () => {
    const file = join(dir, 'sg.yml')
    await writeFile(
      file,
      `target: http://127.0.0.1:9/not-this-one
login:
  page: /login.php
  url: /login.php
  credentials:
    username: alice
    password: \${SG_PASSWORD}
  check: { url: /account.php, contains: alice }
logout: { url: /logout.php }
threshold: 95
`,
    )
    const out = join(dir, 'report.html')
    const r = await runCli(['scan', lax.url, '--config', file, '-q', '-o', out, '-o', join(dir, 'report.sarif')], { env })
    assert.equal(r.code, 1, 'threshold from the file gates the build')
    assert.match(r.stderr, /score \d+ is under the threshold 95/)
    assert.match(await readFile(out, 'utf8'), /SG-FIX-ADOPT/)
    const sarif = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')) as {
      version: string
      runs: Array<{
        results: Array<{
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>
          webRequest: { target: string }
        }>
      }>
    }
    assert.equal(sarif.version, '2.1.0')
    // anchored to the config file that exists, at its target: line, with the web request that proves each finding
    const first = sarif.runs[0]!.results[0]!
    assert.match(first.locations[0]!.physicalLocation.artifactLocation.uri, /\.yml$/)
    assert.equal(first.locations[0]!.physicalLocation.region.startLine, 1)
    assert.ok(first.webRequest.target.startsWith(lax.url))
    // without a config file there is no file to point at, and none is invented
    const bare = join(dir, 'bare.sarif')
    await runCli(['scan', ...laxFlags(lax.url), '-q', '--fail-on', 'none', '-o', bare], { env })
    const text = await readFile(bare, 'utf8')
    assert.doesNotMatch(text, /physicalLocation|sessionguard\.yml/)
    assert.match(text, /"logicalLocations"/)
  })

  test('--threshold passes a safe app that scores above it', async () => {
    const r = await runCli(
      [
        'scan',
        safe.url,
        '--login-url',
        '/login',
        '--username',
        'alice',
        '--password-env',
        'SG_PASSWORD',
        '--check-url',
        '/account',
        '--logout-url',
        '/logout',
        '--threshold',
        '60',
        '--fail-on',
        'high',
        '-q',
        '-f',
        'json',
      ],
      { env },
    )
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const report = JSON.parse(r.stdout) as { findings: Array<{ id: string }> }
    assert.ok(!report.findings.some((f) => f.id.startsWith('SG-FIX-')))
  })
})

describe('triage', () => {
  test('an ignore file suppresses the accepted findings; a baseline fails only on what is new', async () => {
    const ignore = join(dir, 'ignore.yml')
    await writeFile(
      ignore,
      '- check: SG-FIX-ADOPT\n  reason: tracked in SEC-1\n  expires: 2999-12-31\n- check: SG-FIX-LOGIN\n  reason: tracked in SEC-1\n',
    )
    const accepted = await runCli(['scan', ...laxFlags(lax.url), '--ignore-file', ignore, '--fail-on', 'critical', '-f', 'json'], { env })
    const report = JSON.parse(accepted.stdout) as {
      findings: Array<{ id: string; severity: string }>
      suppressed: Array<{ by: string; reason: string; finding: { id: string } }>
    }
    assert.ok(!report.findings.some((f) => f.severity === 'critical'), accepted.stdout)
    assert.ok(report.suppressed.some((s) => s.finding.id === 'SG-FIX-ADOPT' && s.by === 'ignore' && s.reason === 'tracked in SEC-1'))
    assert.equal(accepted.code, 0, accepted.stderr)

    // the whole earlier report as a baseline: nothing is new, so even --fail-on low passes
    const base = join(dir, 'baseline.json')
    const first = await runCli(['scan', ...laxFlags(lax.url), '--fail-on', 'none', '-o', base], { env })
    assert.equal(first.code, 0, first.stderr)
    const again = await runCli(['scan', ...laxFlags(lax.url), '--baseline', base, '--fail-on', 'low'], { env })
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /Suppressed \(\d+\)/)
    assert.match(again.stdout, /suppressed by the baseline/)
    // a baseline without the fixation findings: they are new and fail the gate
    const partial = JSON.parse(await readFile(base, 'utf8')) as { findings: Array<{ id: string }> }
    partial.findings = partial.findings.filter((f) => !f.id.startsWith('SG-FIX-'))
    await writeFile(base, JSON.stringify(partial))
    const regressed = await runCli(['scan', ...laxFlags(lax.url), '--baseline', base], { env })
    assert.equal(regressed.code, 1)
    assert.match(regressed.stderr, /gate failed: .*SG-FIX-ADOPT/)
  })

  test('an expired ignore entry stops the scan before it starts: exit 2 naming the entry', async () => {
    const ignore = join(dir, 'expired.yml')
    await writeFile(
      ignore,
      'ignore:\n  - { check: SG-COOKIE-SECURE, carrier: "cookie:PHPSESSID", reason: dev is http, expires: 2020-01-31 }\n',
    )
    const port = await freePort()
    const r = await runCli(['scan', `http://127.0.0.1:${port}`, '--ignore-file', ignore])
    assert.equal(r.code, 2, r.stderr)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /SG-COOKIE-SECURE \(cookie:PHPSESSID\) expired 2020-01-31.*\[SG_IGNORE_EXPIRED\]/)
  })

  test('--checks and --exclude-checks choose what is reported', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url), '--exclude-checks', 'fixation,SG-LOGOUT', '--fail-on', 'none', '-f', 'json'], {
      env,
    })
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as {
      findings: Array<{ id: string; category: string }>
      checks: Array<{ id: string; status: string }>
    }
    assert.ok(report.findings.length > 0 && report.findings.every((f) => f.category !== 'fixation' && f.id !== 'SG-LOGOUT'))
    assert.equal(report.checks.find((c) => c.id === 'SG-FIX-ADOPT')?.status, 'not-tested')
    const bad = await runCli(['scan', lax.url, '--checks', 'fixaton'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /did you mean fixation\?/)
  })
})

describe('bad input is a one-line error with the documented exit code', () => {
  test('unreachable target: exit 3', async () => {
    const port = await freePort()
    const r = await runCli(['scan', `http://127.0.0.1:${port}`])
    assert.equal(r.code, 3)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /connection refused/)
  })

  test('malformed URL: exit 2', async () => {
    const r = await runCli(['scan', 'http//nope'])
    assert.equal(r.code, 2)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /not a valid URL/)
  })

  test('a mistyped target is quoted without the value of its credential parameters (r23y Y-M11)', async () => {
    const key = 'Zq7vN2kLp9xWc4rT8mYb3dHs6fJg1aEu'
    for (const target of [
      `http//127.0.0.1:1/app?token=${key}`,
      `http//127.0.0.1:1/app;jsessionid=${key}`,
      `ftp://127.0.0.1/?a=1;sid=${key}`,
    ]) {
      const r = await runCli(['scan', target])
      assert.equal(r.code, 2)
      assert.match(r.stderr, /not a valid URL|must be an http/)
      assert.ok(!r.stderr.includes(key.slice(0, 5)), r.stderr)
    }
  })

  test('bad YAML: exit 2 with the line', async () => {
    const file = join(dir, 'bad.yml')
    await writeFile(file, 'target: http://127.0.0.1:1\nlogin:\n  url: /login\n   check: [oops\n')
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /bad\.yml:\d+:\d+: invalid YAML/)
  })

  test('an unknown or invalid key names the key and its line', async () => {
    const file = join(dir, 'unknown.yml')
    await writeFile(file, 'target: http://127.0.0.1:1\nscope:\n  timeout: soon\n')
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown\.yml:3:3: scope\.timeout: not a duration/)
  })

  test('a missing ${ENV} secret is an error, never an empty password', async () => {
    const file = join(dir, 'env.yml')
    await writeFile(
      file,
      'target: http://127.0.0.1:1\nlogin:\n  url: /login\n  credentials: { username: a, password: "${SG_NOT_SET_ANYWHERE}" }\n  check: { url: /a }\n',
    )
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /env\.yml:4:31: login\.credentials\.password refers to the environment variable SG_NOT_SET_ANYWHERE/)
  })

  test('a failing login is a configuration error (exit 2), not a finding', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url)], { env: { SG_PASSWORD: 'wrong-password' } })
    assert.equal(r.code, 2)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /login as "alice" did not reach \/account\.php/)
    assert.ok(!r.stderr.includes('wrong-password'))
  })
})
