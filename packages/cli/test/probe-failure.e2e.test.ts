import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ScanReport } from '@sessionguard/scanner'
import { ALICE, runCli, startPhpSessions, type TargetApp } from '@sessionguard/testkit'

// A browser-login scan in which one attack cannot complete: PHP without strict mode (it adopts any
// PHPSESSID) behind a front end that answers 404 to every URL with a query string. The cookie plant
// proves SG-FIX-ADOPT; the ?PHPSESSID= plant opens a login page that is not there. That attack is not
// tested, with the page it opened; the report is written with every finding, and the exit code is
// the gate's (1: a critical finding), never 2 or 3.

let app: TargetApp
let dir: string
before(async () => {
  app = await startPhpSessions({ mode: 'lax', rejectQueries: true })
  dir = await mkdtemp(join(tmpdir(), 'sg-probe-failure-'))
})
after(async () => {
  await app?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('a browser probe that cannot complete', () => {
  test('leaves a report with every finding proven, the failed attack not tested with the URL it opened, exit code from the gate', async () => {
    const config = join(dir, 'sessionguard.yml')
    await writeFile(
      config,
      [
        `target: ${app.url}`,
        'login:',
        '  type: browser',
        '  page: /login.php',
        `  credentials: { username: ${ALICE.username}, password: "\${SG_TEST_PASSWORD}" }`,
        `  check: { url: /account.php, contains: ${ALICE.username} }`,
        'logout: { url: /logout.php, method: POST }',
        'scope: { timeout: 4s }',
        '',
      ].join('\n'),
    )
    const json = join(dir, 'report.json')
    const r = await runCli(['scan', '--config', config, '-q', '-o', json], {
      env: { SG_TEST_PASSWORD: ALICE.password },
      timeoutMs: 300_000,
    })
    assert.equal(r.code, 1, `${r.stderr}\n${r.stdout}`)
    assert.match(r.stderr, /gate failed: .*SG-FIX-ADOPT/)
    assert.match(r.stdout, /CRITICAL\s+SG-FIX-ADOPT/)

    const report = JSON.parse(await readFile(json, 'utf8')) as ScanReport
    const adopt = report.checks.find((c) => c.id === 'SG-FIX-ADOPT')!
    assert.equal(adopt.status, 'failed')
    const finding = report.findings.find((f) => f.id === 'SG-FIX-ADOPT')!
    assert.deepEqual(finding.carrier, { kind: 'cookie', name: 'PHPSESSID' })
    assert.equal(finding.confidence, 'confirmed')
    // the attack that could not complete, in one sentence naming the page the browser really opened
    // (without its query: a login page's script can put the typed password there)
    assert.match(
      adopt.reason ?? '',
      /not tested: query parameter \?PHPSESSID=: the victim's login could not complete \(browser login as "alice" failed at finding the login form: no visible password field \(input\[type=password\]\) appeared within 4 s on http:\/\/127\.0\.0\.1:\d+\/login\.php; the login page answered 404\)/,
    )
    // the other checks ran on: the pre-login id attack, logout, cookies
    assert.equal(report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!.status, 'failed')
    assert.equal(report.checks.find((c) => c.id === 'SG-LOGOUT')!.status, 'passed')
    assert.deepEqual([...new Set(report.findings.map((f) => f.id))].sort(), [
      'SG-COOKIE-HTTPONLY',
      'SG-COOKIE-PREFIX',
      'SG-COOKIE-SAMESITE',
      'SG-COOKIE-SECURE',
      'SG-FIX-ADOPT',
      'SG-FIX-LOGIN',
    ])
    assert.ok(!JSON.stringify(report).includes(ALICE.password))
  })
})
