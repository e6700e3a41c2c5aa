// The real CLI against servers that misbehave on purpose (packages/testkit/src/hostile). For each:
// the scan ends within its budget, memory stays bounded, the outcome is one line (a report or an
// error), exit 3 where the target is at fault, and nothing connects to the other origin.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import {
  ALICE,
  GIGABYTE,
  runCliMeasured,
  startHostile,
  type HostileBehaviour,
  type HostileServer,
  type MeasuredCliResult,
} from '@sessionguard/testkit'

const BUDGET_MS = 8000
const TIMEOUT = '1s'
/**
 * The scan is timed from the target's first connection to the CLI's exit: process start (tsx, which a
 * loaded CI machine stretches to tens of seconds) is not the scan's. Teardown and report writing come on
 * top of the budget; this is an upper bound that proves the budget ends the scan, not a speed target.
 */
const SLACK_MS = 15_000
/** Only a hang is killed: far past any budget, whatever the machine's load. */
const HANG_MS = 180_000
const RSS_LIMIT_MIB = 400

const peaks: Array<{ behaviour: string; rss: number }> = []
after(() => {
  const max = peaks.reduce((m, p) => (p.rss > m.rss ? p : m), { behaviour: 'none', rss: 0 })
  console.log(`hostile CLI runs: ${peaks.length}, max RSS ${max.rss.toFixed(1)} MiB (${max.behaviour})`)
})

async function scanHostile(
  behaviour: HostileBehaviour,
  extra: string[] = [],
  budgetMs = BUDGET_MS,
): Promise<{ run: MeasuredCliResult; server: HostileServer }> {
  const server = await startHostile(behaviour)
  try {
    const run = await runCliMeasured(
      ['scan', server.url, '--budget', `${budgetMs}ms`, '--timeout', TIMEOUT, '-q', '--fail-on', 'none', ...extra],
      {
        env: { SG_HOSTILE_PASSWORD: ALICE.password },
        timeoutMs: budgetMs + HANG_MS,
      },
    )
    const exitedAt = performance.now()
    assert.equal(run.killed, false, `the CLI had to be killed: ${run.stderr}`)
    const scanMs = server.firstConnectionAt === undefined ? run.elapsedMs : exitedAt - server.firstConnectionAt
    assert.ok(scanMs < budgetMs + SLACK_MS, `the scan took ${Math.round(scanMs)} ms with a budget of ${budgetMs} ms`)
    assert.ok(run.maxRssMiB !== undefined, 'peak RSS recorded')
    assert.ok(run.maxRssMiB < RSS_LIMIT_MIB, `peak RSS ${run.maxRssMiB.toFixed(1)} MiB`)
    peaks.push({ behaviour: `${behaviour}${extra.length ? ` ${extra.join(' ')}` : ''}`, rss: run.maxRssMiB })
    assert.equal(server.elsewhere.hits, 0, 'a request left the target origin')
    return { run, server }
  } finally {
    await server.close()
  }
}

/** The target's fault: exit 3 and exactly one line on stderr, naming what happened, nothing on stdout. */
function assertTargetFault(run: MeasuredCliResult, what: RegExp): void {
  assert.equal(run.code, 3, `${run.stdout}\n${run.stderr}`)
  const lines = run.stderr.split('\n').filter(Boolean)
  assert.equal(lines.length, 1, run.stderr)
  assert.match(lines[0]!, /^sessionguard: error: [^\x00-\x1f]+ \[SG_[A-Z_]+\]$/)
  assert.match(lines[0]!, what)
  assert.equal(run.stdout, '')
}

/** The scan worked around the target: a report (JSON here), nothing on stderr. */
function assertReport(run: MeasuredCliResult): {
  notes: string[]
  findings: Array<{ id: string }>
  session: { carrier?: { name: string } }
} {
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stderr, '')
  return JSON.parse(run.stdout)
}

describe('sessionguard scan against hostile targets', { concurrency: 2 }, () => {
  test('a target that never answers: per-request timeout, exit 3', async () => {
    const { run } = await scanHostile('silent')
    assertTargetFault(run, /GET \/: (no response headers|no complete response) within 1000 ms/)
  })

  test('a target that never answers, with a per-request timeout longer than the budget: the budget ends the scan', async () => {
    const { run } = await scanHostile('silent', ['--timeout', '60s'], 3000)
    assertTargetFault(run, /scan time budget of 3 s used up/)
  })

  test('a response trickled one byte a second: the per-request timeout cuts it, exit 3', async () => {
    const { run, server } = await scanHostile('trickle')
    assertTargetFault(run, /GET \/: (no response headers|no complete response) within 1000 ms/)
    assert.ok(server.stats.bytesSent < 30, `${server.stats.bytesSent} bytes trickled`)
  })

  test('a body trickled one byte a second after prompt headers: cut by the per-request timeout, exit 3', async () => {
    const { run } = await scanHostile('trickle-body')
    assertTargetFault(run, /GET \/: (no complete response within 1000 ms|response body stalled)/)
  })

  test('a 1 GB body is read up to max_body and dropped: the scan finishes without downloading it', async () => {
    const { run, server } = await scanHostile('huge-body', ['-f', 'json'])
    assertReport(run)
    assert.ok(server.stats.requests >= 1)
    // 2 MB per request are read; the rest is what socket buffers took before the scanner hung up
    assert.ok(server.stats.bytesSent < GIGABYTE / 10, `${server.stats.bytesSent} bytes of 1 GB were pulled from the target`)
  })

  test('the report says the body was cut', async () => {
    const { run } = await scanHostile('huge-body', ['-f', 'json'])
    assert.ok(assertReport(run).notes.some((n) => /body cut at 2 MB/.test(n)))
  })

  test('endless same-origin redirects: stopped at max_redirects, exit 3', async () => {
    const { run, server } = await scanHostile('redirect-loop')
    assertTargetFault(run, /GET \/: still redirecting after 5 redirects; the target redirects in a loop/)
    assert.equal(server.stats.requests, 6, 'the first request and five redirects, then nothing')
  })

  test('every page redirects to another origin: not followed, nothing reaches it', async () => {
    const { run, server } = await scanHostile('redirect-away', ['-f', 'json'])
    assertReport(run)
    assert.ok(server.stats.requests >= 2)
  })

  test('the report says the redirect to another origin was not followed', async () => {
    const { run } = await scanHostile('redirect-away', ['-f', 'json'])
    assert.ok(assertReport(run).notes.some((n) => /redirect to another origin \(http:\/\/127\.0\.0\.1:\d+\) not followed/.test(n)))
  })

  test('five thousand Set-Cookie headers: refused past 64 KB of headers, exit 3', async () => {
    const { run } = await scanHostile('cookie-flood')
    assertTargetFault(run, /response headers larger than 64 KB/)
  })

  test('malformed headers: not HTTP, exit 3', async () => {
    const { run } = await scanHostile('malformed-headers')
    assertTargetFault(run, /the target did not answer with valid HTTP \(Invalid header token\)/)
  })

  test('non-UTF-8 bytes in the status line, headers, cookies and body: the scan completes', async () => {
    const { run } = await scanHostile('non-utf8-headers', ['-f', 'json'])
    assertReport(run)
  })

  test('raw control characters in cookies: refused by the HTTP parser, exit 3, no escape reaches the terminal', async () => {
    const { run } = await scanHostile('control-cookies')
    assertTargetFault(run, /the target did not answer with valid HTTP \(Invalid header value char\)/)
  })

  test('tabs and percent-encoded CR LF, NUL and escapes in cookies: the scan completes and prints none of them raw', async () => {
    const { run } = await scanHostile('encoded-control-cookies', ['-f', 'pretty'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /session security report/)
    assert.doesNotMatch(run.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, 'no control character besides tab and newline on stdout')
    assert.doesNotMatch(run.stdout, /^Set-Cookie: evil=1/im, 'an encoded CR LF was not decoded into a header')
  })

  test('a connection closed mid-response: exit 3', async () => {
    const { run } = await scanHostile('close-mid-response')
    assertTargetFault(run, /connection closed by the target mid-response/)
  })

  test('a server that speaks SSH, not HTTP: exit 3', async () => {
    const { run } = await scanHostile('not-http')
    assertTargetFault(run, /the target did not answer with valid HTTP/)
  })

  test('a login form that changes on every visit (names, token, action, a decoy form): the login is re-read each time and the scan completes', async () => {
    const { run, server } = await scanHostile('shifting-login', [
      '--login-url',
      '/login',
      '--username',
      ALICE.username,
      '--password-env',
      'SG_HOSTILE_PASSWORD',
      '--check-url',
      '/account',
      '--check-contains',
      'Welcome alice',
      '--logout-url',
      '/logout',
      '-f',
      'json',
    ])
    const report = assertReport(run)
    assert.equal(report.session.carrier?.name, 'sid')
    assert.deepEqual(
      report.findings.filter((f) => /^SG-(FIX|LOGOUT|PERMISSIVE)/.test(f.id)).map((f) => f.id),
      [],
      'a safe login: no fixation finding',
    )
    assert.ok(server.stats.requests > 5)
    assert.ok(!run.stdout.includes(ALICE.password))
  })

  test('TLS with a self-signed certificate: refused with a hint to use --insecure, exit 3', async () => {
    const { run } = await scanHostile('tls-self-signed')
    assertTargetFault(run, /TLS certificate rejected \(DEPTH_ZERO_SELF_SIGNED_CERT\); rerun with --insecure/)
  })

  test('TLS with a self-signed certificate and --insecure: scanned, and the report says verification was off', async () => {
    const { run } = await scanHostile('tls-self-signed', ['--insecure', '-f', 'json'])
    const report = assertReport(run)
    assert.ok(report.notes.includes('TLS certificate verification was disabled (--insecure).'), report.notes.join('\n'))
  })
})
