import assert from 'node:assert/strict'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, runCli } from '@sessionguard/testkit'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-errors-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('-o into a missing directory creates it before the scan starts', async () => {
  const out = join(dir, 'reports', 'nested', 'r.json')
  const port = await freePort()
  const r = await runCli(['scan', `http://127.0.0.1:${port}`, '-o', out, '-q'])
  // the target is down (exit 3), but the directory was made before the first request
  assert.equal(r.code, 3, r.stderr)
  assert.ok((await stat(join(dir, 'reports', 'nested'))).isDirectory())
})

test('-o somewhere that cannot be written is exit 2 before scanning, never 3 after', async () => {
  const file = join(dir, 'a-file')
  await writeFile(file, '')
  const port = await freePort()
  const r = await runCli(['scan', `http://127.0.0.1:${port}`, '-o', join(file, 'r.json'), '-q'])
  assert.equal(r.code, 2, r.stderr)
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  assert.match(r.stderr, /--output .*r\.json: cannot write into .*a-file \(E[A-Z]+\); choose another path \[SG_CONFIG\]/)
})

test('a key the flags leave out names the flag that sets it; a bad flag value names the flag', async () => {
  const port = await freePort()
  const target = `http://127.0.0.1:${port}`
  const missing = await runCli(['scan', target, '--check-url', '/account', '--username', 'a', '--password-env', 'SG_CLI_ERR_PW', '-q'], {
    env: { SG_CLI_ERR_PW: 'secret-pw-value' },
  })
  assert.equal(missing.code, 2, missing.stderr)
  assert.equal(missing.stderr, 'sessionguard: error: login.url is missing (pass --login-url) [SG_CONFIG]\n')
  const bad = await runCli(['scan', target, '--timeout', 'soon', '-q'])
  assert.equal(bad.code, 2, bad.stderr)
  assert.match(bad.stderr, /^sessionguard: error: --timeout: not a duration: "soon"/)
})

test('a config file typo is reported at its line and column with the key it resembles, and a flag can fill what the file lacks', async () => {
  const file = join(dir, 'typo.yml')
  await writeFile(
    file,
    'target: http://127.0.0.1:1\nlogin:\n  credentials: { username: a, password: b }\n  check: { url: /a }\n\nfail_onn: high\n',
  )
  const r = await runCli(['scan', '--config', file, '-q'])
  assert.equal(r.code, 2, r.stderr)
  assert.equal(
    r.stderr,
    `sessionguard: error: ${file}:2:1: login.url is missing (add url: under login:, or pass --login-url); ${file}:6:1: unknown key "fail_onn" (did you mean fail_on?) [SG_CONFIG]\n`,
  )
})

test('a malformed --header or --cookie flag is named by its place, never quoted: its value is a credential', async () => {
  const port = await freePort()
  const target = `http://127.0.0.1:${port}`
  const key = 'SuperSecretKey123456'
  const header = await runCli(['scan', target, '-H', 'Accept: text/html', '-H', `X-Api-Key ${key}`, '-q'])
  assert.equal(header.code, 2, header.stderr)
  assert.equal(header.stderr, 'sessionguard: error: --header #2 has no ":": it must look like NAME:VALUE [SG_CONFIG]\n')
  const cookie = await runCli(['scan', target, '--cookie', `SuperSecretCookie123456`, '-q'])
  assert.equal(cookie.code, 2, cookie.stderr)
  assert.equal(cookie.stderr, 'sessionguard: error: --cookie #1 has no "=": it must look like NAME=VALUE [SG_CONFIG]\n')
  const nameless = await runCli(['scan', target, '--cookie', `=${key}`, '-q'])
  assert.equal(nameless.code, 2, nameless.stderr)
  assert.ok(!nameless.stderr.includes(key), nameless.stderr)
  assert.match(nameless.stderr, /--cookie #1 has no name before "="/)
})

test('a header name that is not a valid HTTP token stops the scan without quoting the flag', async () => {
  const port = await freePort()
  const r = await runCli(['scan', `http://127.0.0.1:${port}`, '-H', 'X-Api-Key SuperSecretKey123456: v', '-q'])
  assert.equal(r.code, 2, r.stderr)
  assert.ok(!r.stderr.includes('SuperSecretKey123456'), r.stderr)
})
