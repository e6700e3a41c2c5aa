import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runProbe } from '../../src/run/run-probe.js'
import { BudgetExhaustedError, ConfigError, LoginFailedError, ScanError, TargetUnreachableError } from '../../src/errors.js'
import { Redactor } from '../../src/http/redact.js'
import type { Probe, ProbeContext } from '../../src/checks/types.js'
import type { ProgressEvent } from '../../src/model/progress.js'

// A probe that cannot complete is a not-tested probe, and so is one the scan's budget cuts; only
// cancelling and a configuration error still end the scan.

function context(
  signal = new AbortController().signal,
  exhausted: () => BudgetExhaustedError | undefined = () => undefined,
): { ctx: ProbeContext; events: ProgressEvent[] } {
  const events: ProgressEvent[] = []
  const redactor = new Redactor()
  redactor.addSecret('planted-id-0123456789abcdef')
  const ctx = { http: { signal, exhausted }, redactor, progress: (e: ProgressEvent) => events.push(e) } as unknown as ProbeContext
  return { ctx, events }
}

const throwing = (err: unknown): Probe => ({
  name: 'logout and replay',
  checks: ['SG-LOGOUT'],
  run: () => Promise.reject(err),
})

test('a probe whose attack cannot complete reports its checks as not tested, with the reason, and the scan goes on', async () => {
  for (const err of [
    new LoginFailedError(
      'browser login as "alice" failed at finding the login form: no visible password field appeared on http://127.0.0.1:9/login?sid=plan…[27]',
    ),
    new TargetUnreachableError('POST /logout: connection closed by the target mid-response'),
    new ScanError('GET /: still redirecting after 5 redirects'),
    new TypeError('page.goto: Target page, context or browser has been closed'),
  ]) {
    const { ctx, events } = context()
    const result = await runProbe(throwing(err), ctx)
    assert.deepEqual(result.findings, [])
    assert.deepEqual(result.outcomes, [{ id: 'SG-LOGOUT', status: 'not-tested', reason: `the attack could not complete: ${err.message}` }])
    assert.equal(events.at(-1)?.kind, 'warning')
  }
})

test('the progress warning masks the ids the scan knows, as the report does', async () => {
  const { ctx, events } = context()
  await runProbe(throwing(new ScanError('GET /account?sid=planted-id-0123456789abcdef: no answer')), ctx)
  const message = (events.at(-1) as { message: string }).message
  assert.ok(!message.includes('planted-id-0123456789abcdef'), message)
  assert.match(message, /plan…\[27\]/)
})

test('cancelling and a configuration error still end the scan', async () => {
  const cancelled = new AbortController()
  cancelled.abort()
  await assert.rejects(runProbe(throwing(new ScanError('the browser was closed')), context(cancelled.signal).ctx), /the browser was closed/)
  await assert.rejects(runProbe(throwing(new ConfigError('bad value')), context().ctx), ConfigError)
})

test("a probe the scan's budget cuts reports its checks as not tested with the budget and how to raise it, and the scan goes on", async () => {
  const { ctx, events } = context()
  const result = await runProbe(throwing(new BudgetExhaustedError('request budget of 10 used up')), ctx)
  assert.deepEqual(result.findings, [])
  assert.deepEqual(result.outcomes, [
    {
      id: 'SG-LOGOUT',
      status: 'not-tested',
      reason: "the scan's budget ran out (request budget of 10 used up)",
      enableWith: 'scope: { budget: 10m, max_requests: 5000 } in the config file (or --budget 10m / --max-requests 5000)',
    },
  ])
  assert.match((events.at(-1) as { message: string }).message, /request budget of 10 used up/)
})

test('after the time budget, a browser failing in its own words is still a budget cut, not an attack that could not complete', async () => {
  const budget = new AbortController()
  budget.abort()
  const spent = new BudgetExhaustedError('scan time budget of 120 s used up')
  const { ctx } = context(budget.signal, () => spent)
  const result = await runProbe(throwing(new Error('page.goto: Target page, context or browser has been closed')), ctx)
  assert.equal(result.outcomes[0]!.reason, "the scan's budget ran out (scan time budget of 120 s used up)")
})
