// The scanner's library entry (scan()) and its HTTP engine against the hostile servers, in process:
// every outcome is a report or a SessionguardError with one-line message, never another throw.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { BudgetExhaustedError, ScanError, SessionguardError, TargetUnreachableError, scan } from '@sessionguard/scanner'
import { GIGABYTE, HOSTILE_BEHAVIOURS, startHostile, type HostileBehaviour } from '@sessionguard/testkit'
import { HttpEngine, oneLine, type EngineOptions } from '../../src/http/client.js'
import { CUT_MARK } from '../../src/http/excerpt.js'
import { Scope } from '../../src/http/scope.js'
import { engineOptions as baseEngineOptions } from '../engine/engine-options.js'

// the hostile servers stall on purpose: short per-request timeouts keep the suite quick
const engineOptions = (over: Partial<EngineOptions> = {}): EngineOptions => baseEngineOptions({ timeoutMs: 800, budgetMs: 10_000, ...over })

/** What scan() must do with each server when no login is configured: finish with a report, or fail with this error. */
const EXPECTED: Record<HostileBehaviour, { error: new (...a: never[]) => SessionguardError; message: RegExp } | 'report'> = {
  silent: { error: TargetUnreachableError, message: /(no response headers|no complete response) within 800 ms/ },
  trickle: { error: TargetUnreachableError, message: /within 800 ms/ },
  'trickle-body': { error: TargetUnreachableError, message: /no complete response within 800 ms|response body stalled/ },
  'huge-body': 'report',
  'redirect-loop': { error: ScanError, message: /still redirecting after 5 redirects/ },
  'redirect-away': 'report',
  'cookie-flood': { error: TargetUnreachableError, message: /response headers larger than 64 KB/ },
  'malformed-headers': { error: TargetUnreachableError, message: /did not answer with valid HTTP/ },
  'non-utf8-headers': 'report',
  'control-cookies': { error: TargetUnreachableError, message: /did not answer with valid HTTP/ },
  'encoded-control-cookies': 'report',
  'close-mid-response': { error: TargetUnreachableError, message: /closed by the target mid-response/ },
  'not-http': { error: TargetUnreachableError, message: /did not answer with valid HTTP/ },
  'shifting-login': 'report',
  'tls-self-signed': { error: TargetUnreachableError, message: /TLS certificate rejected .*--insecure/ },
}

describe('scan() against every hostile server', { concurrency: 4 }, () => {
  for (const behaviour of HOSTILE_BEHAVIOURS) {
    test(`${behaviour}: ${EXPECTED[behaviour] === 'report' ? 'a report' : 'a one-line SessionguardError with exit code 3'}, nothing sent elsewhere`, async () => {
      const server = await startHostile(behaviour)
      try {
        const expected = EXPECTED[behaviour]
        // only a server that stalls needs the short timeout its message names; one that answers at once
        // gets a long one, or a loaded machine that holds its answer past 800 ms fails the test (closing-s4:
        // huge-body and shifting-login did at load 9-17)
        const timeout = expected === 'report' ? 30_000 : 800
        const run = scan({ target: server.url, scope: { timeout, budget: 10_000 } })
        if (expected === 'report') {
          const report = await run
          assert.equal(report.target, `${server.url}/`)
          assert.ok(report.requestCount >= 2)
        } else {
          await assert.rejects(run, (err: unknown) => {
            assert.ok(err instanceof expected.error, `${(err as Error)?.name}: ${(err as Error)?.message}`)
            assert.equal((err as SessionguardError).exitCode, 3)
            assert.match((err as Error).message, expected.message)
            assert.doesNotMatch((err as Error).message, /[\x00-\x1f\x7f]/, 'one line, no control characters')
            return true
          })
        }
        assert.equal(server.elsewhere.hits, 0)
      } finally {
        await server.close()
      }
    })
  }
})

describe('the HTTP engine on hostile responses', () => {
  test('a 1 GB body: the engine keeps max_body, hangs up, and records one line saying so', async () => {
    const server = await startHostile('huge-body')
    const http = new HttpEngine(new Scope(server.url), engineOptions({ maxBody: 256 * 1024 }))
    try {
      const res = await http.send({ actor: 'scanner', path: '/' })
      assert.equal(res.truncated, true)
      assert.equal(Buffer.byteLength(res.body), 256 * 1024)
      assert.deepEqual(http.incidents, [
        'GET /: response body cut at 256 KB (scope.max_body; the target announced 1 GB); the rest was not read',
      ])
      await http.send({ actor: 'scanner', path: '/' })
      assert.equal(http.incidents.length, 1, 'the same incident is recorded once')
    } finally {
      await http.close()
      await server.close()
    }
    assert.ok(server.stats.bytesSent < GIGABYTE / 20, `${server.stats.bytesSent} bytes pulled`)
  })

  test('a redirect to another origin: not followed, recorded with its origin only (a query could carry a session id)', async () => {
    const server = await startHostile('redirect-away')
    const http = new HttpEngine(new Scope(server.url), engineOptions())
    try {
      const res = await http.send({ actor: 'scanner', path: '/start' })
      assert.equal(res.status, 302)
      assert.equal(res.offOriginRedirect, `${server.elsewhere.url}/steal?from=%2Fstart`)
      assert.deepEqual(http.incidents, [
        `GET /start: redirect to another origin (${server.elsewhere.url}) not followed; the scan stays on ${server.url}`,
      ])
      assert.equal(server.elsewhere.hits, 0)
    } finally {
      await http.close()
      await server.close()
    }
  })

  test('a redirect loop ends in ScanError after max_redirects; max_redirects 0 means not following at all', async () => {
    const server = await startHostile('redirect-loop')
    try {
      const looping = new HttpEngine(new Scope(server.url), engineOptions({ maxRedirects: 3 }))
      await assert.rejects(
        looping.send({ actor: 'scanner', path: '/' }),
        (err: unknown) => err instanceof ScanError && /GET \/: still redirecting after 3 redirects/.test(err.message),
      )
      assert.equal(looping.requestCount, 4)
      await looping.close()
      const notFollowing = new HttpEngine(new Scope(server.url), engineOptions({ maxRedirects: 0 }))
      const res = await notFollowing.send({ actor: 'scanner', path: '/' })
      assert.equal(res.status, 302)
      assert.equal(notFollowing.requestCount, 1)
      await notFollowing.close()
    } finally {
      await server.close()
    }
  })

  test('the time budget also stops a request that is waiting on a silent target', async () => {
    const server = await startHostile('silent')
    const http = new HttpEngine(new Scope(server.url), engineOptions({ timeoutMs: 60_000, budgetMs: 500 }))
    try {
      await assert.rejects(http.send({ actor: 'scanner', path: '/' }), BudgetExhaustedError)
    } finally {
      await http.close()
      await server.close()
    }
  })

  test('messages quoting the target are flattened to one line without control characters', () => {
    assert.equal(oneLine('a\r\nb\x1b[2Jc\u0085d'), 'a b [2Jc d')
    // the cut is marked for the redactor, which withholds what a secret across it left (excerpt.ts CUT_MARK)
    assert.equal(oneLine('x'.repeat(400), 10), `${'x'.repeat(10)}${CUT_MARK}`)
  })
})
