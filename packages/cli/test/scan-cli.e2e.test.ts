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

const laxFlags = (url: string): string[] => [url, '--login-url', '/login.php', '--username', 'alice', '--password-env', 'SG_PASSWORD', '--check-url', '/account.php', '--check-contains', 'alice', '--logout-url', '/logout.php', '-q']
const env = { SG_PASSWORD: 'alice-password-1' }

describe('sessionguard scan', () => {
  test('flags alone run the full assessment and print the report; exit 0 without a gate', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url)], { env })
    assert.equal(r.code, 0, r.stderr)
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
    const r = await runCli(['scan', ...laxFlags(lax.url), '-f', 'json'], { env })
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as { schemaVersion: number }
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
    assert.equal(JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')).version, '2.1.0')
  })

  test('--threshold passes a safe app that scores above it', async () => {
    const r = await runCli(['scan', safe.url, '--login-url', '/login', '--username', 'alice', '--password-env', 'SG_PASSWORD', '--check-url', '/account', '--logout-url', '/logout', '--threshold', '60', '--fail-on', 'high', '-q', '-f', 'json'], { env })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const report = JSON.parse(r.stdout) as { findings: Array<{ id: string }> }
    assert.ok(!report.findings.some((f) => f.id.startsWith('SG-FIX-')))
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

  test('bad YAML: exit 2 with the line', async () => {
    const file = join(dir, 'bad.yml')
    await writeFile(file, 'target: http://127.0.0.1:1\nlogin:\n  url: /login\n   check: [oops\n')
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /bad\.yml:\d+: invalid YAML/)
  })

  test('an unknown or invalid key names the key and its line', async () => {
    const file = join(dir, 'unknown.yml')
    await writeFile(file, 'target: http://127.0.0.1:1\nscope:\n  timeout: soon\n')
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown\.yml:3: scope\.timeout: not a duration/)
  })

  test('a missing ${ENV} secret is an error, never an empty password', async () => {
    const file = join(dir, 'env.yml')
    await writeFile(file, 'target: http://127.0.0.1:1\nlogin:\n  url: /login\n  credentials: { username: a, password: "${SG_NOT_SET_ANYWHERE}" }\n  check: { url: /a }\n')
    const r = await runCli(['scan', '--config', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /env\.yml:4: login\.credentials\.password refers to the environment variable SG_NOT_SET_ANYWHERE/)
  })

  test('a failing login is a configuration error (exit 2), not a finding', async () => {
    const r = await runCli(['scan', ...laxFlags(lax.url)], { env: { SG_PASSWORD: 'wrong-password' } })
    assert.equal(r.code, 2)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /login as "alice" did not reach \/account\.php/)
    assert.ok(!r.stderr.includes('wrong-password'))
  })
})
