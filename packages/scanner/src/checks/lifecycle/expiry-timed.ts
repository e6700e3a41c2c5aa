import type { ScanConfig } from '../../config/schema.js'
import { expiryLimits } from '../../config/session-setting.js'
import { ActorSession } from '../../actors/session.js'
import { ScanError } from '../../errors.js'
import { makeFinding } from '../make-finding.js'
import type { CheckOutcome, Exchange, Finding } from '../../model/finding.js'
import { actorWithSet, describe, valueIn } from '../carriers.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'
import { ENABLE } from '../needs.js'

// Timed SG-EXPIRY, opt-in (session.idle_timeout / session.absolute_timeout): the only proof that a
// server ends sessions is a replay after the limit; cookie lifetimes say what the browser forgets,
// not what the server still accepts. The idle and absolute tests each log a session of their own in
// and run side by side, so the scan waits about as long as the longer limit.

/** How far past a limit the replay happens: a second, or a tenth of the limit when that is longer. */
export function pastLimit(ms: number): number {
  return ms + Math.max(1000, Math.ceil(ms / 10))
}

/** The extra time budget the timed tests need on top of scope.budget. */
export function timedExpiryMs(config: ScanConfig): number {
  const { idle, absolute } = expiryLimits(config.session)
  return (
    Math.max(idle !== undefined ? pastLimit(idle) : 0, absolute !== undefined ? pastLimit(absolute) : 0) +
    (idle !== undefined || absolute !== undefined ? 30_000 : 0)
  )
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ScanError('scan cancelled'))
    const done = (): void => {
      signal.removeEventListener('abort', stop)
      resolve()
    }
    const t = setTimeout(done, ms)
    const stop = (): void => {
      clearTimeout(t)
      reject(new ScanError('scan cancelled'))
    }
    signal.addEventListener('abort', stop, { once: true })
  })
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`

/** Waits `ms`, telling the user how long is left every few seconds; the scan's abort signal ends the wait at once. */
async function countdown(ctx: ProbeContext, what: string, ms: number, tick?: () => Promise<void>, every = 5000): Promise<void> {
  const end = Date.now() + ms
  for (let left = ms; left > 0; left = end - Date.now()) {
    ctx.progress({ kind: 'check', id: 'SG-EXPIRY', status: 'start', detail: `${what}: ${seconds(left)} left of ${seconds(ms)}` })
    await sleep(Math.min(every, left), ctx.http.signal)
    if (tick && end - Date.now() > 0) await tick()
  }
}

interface Leg {
  findings: Finding[]
  passed?: string
  inconclusive?: string
}

async function loggedIn(
  ctx: ProbeContext,
  actor: string,
): Promise<{ session: ActorSession; values: Record<string, string>; evidence: Exchange[] }> {
  const login = ctx.login!
  const s = new ActorSession(actor)
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) s.jar.give(k, v, ctx.scope.base.href)
  const { attempt, access } = await login.flow.establish(s, login.account)
  const set = ctx.target.carrier!.required
  const values = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, s, c) ?? '']))
  for (const v of Object.values(values)) ctx.redactor.addSecret(v)
  return { session: s, values, evidence: [...attempt.exchanges.slice(-1), ...access.exchanges] }
}

/** Replays exactly the id the session had (a planted copy: a browser's jar would drop an expired cookie, the server's view is what counts). */
function replay(ctx: ProbeContext, values: Record<string, string>, note: string) {
  const set = ctx.target.carrier!.required
  return ctx.login!.flow.access(actorWithSet(ctx, 'scanner', set, values), note, { freeze: true })
}

async function idleLeg(ctx: ProbeContext, idle: number): Promise<Leg> {
  const fw = ctx.target.framework.id
  const { values, evidence } = await loggedIn(ctx, 'scanner')
  const wait = pastLimit(idle)
  await countdown(ctx, `idle test, untouched past the ${seconds(idle)} idle limit`, wait)
  const res = await replay(ctx, values, `replays the session after ${seconds(wait)} without any request (idle limit ${seconds(idle)})`)
  if (!res.authenticated) return { findings: [], passed: `idle: the session was refused after ${seconds(wait)} idle (${res.reason})` }
  const summary = `The session stayed valid after ${seconds(wait)} without any request, past the configured idle limit of ${seconds(idle)}: replaying its ${ctx.target.carrier!.required.map(describe).join(' + ')} still reached ${ctx.login!.flow.login.check.url} (${res.reason}).`
  return {
    findings: [
      makeFinding(
        'SG-EXPIRY',
        { summary, evidence: [...evidence, ...res.exchanges], confidence: 'confirmed', titleSuffix: 'idle timeout not enforced' },
        fw,
      ),
    ],
  }
}

async function absoluteLeg(ctx: ProbeContext, absolute: number, idle: number | undefined): Promise<Leg> {
  const fw = ctx.target.framework.id
  const { session, values, evidence } = await loggedIn(ctx, 'scanner-busy')
  const wait = pastLimit(absolute)
  const every = Math.max(500, Math.min(absolute / 8, idle !== undefined ? idle / 2 : Infinity, 60_000))
  let endedAt: number | undefined
  const started = Date.now()
  await countdown(
    ctx,
    `absolute test, kept busy past the ${seconds(absolute)} lifetime`,
    wait,
    async () => {
      if (endedAt !== undefined) return
      const r = await ctx.login!.flow.access(session, 'keeps the session busy', {})
      if (!r.authenticated) endedAt = Date.now() - started
    },
    every,
  )
  const res = await replay(ctx, values, `replays the session after ${seconds(wait)} of activity (absolute limit ${seconds(absolute)})`)
  if (!res.authenticated) {
    const early =
      endedAt !== undefined && endedAt < absolute
        ? `; it already ended after ${seconds(endedAt)} while being used, before the absolute limit`
        : ''
    return { findings: [], passed: `absolute: the session was refused after ${seconds(wait)} of activity (${res.reason})${early}` }
  }
  const summary = `The session was kept in use with a request every ${seconds(every)} and was still valid after ${seconds(wait)}, past the configured absolute lifetime of ${seconds(absolute)}: replaying it reached ${ctx.login!.flow.login.check.url} (${res.reason}).`
  return {
    findings: [
      makeFinding(
        'SG-EXPIRY',
        { summary, evidence: [...evidence, ...res.exchanges], confidence: 'confirmed', titleSuffix: 'absolute lifetime not enforced' },
        fw,
      ),
    ],
  }
}

async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const { idle, absolute } = expiryLimits(ctx.config.session)
  if (idle === undefined && absolute === undefined) return { findings: [], outcomes: [] }
  if (!ctx.login || !ctx.target.carrier) {
    const outcomes: CheckOutcome[] = [
      { id: 'SG-EXPIRY', status: 'not-tested', reason: 'the timed expiry test needs a login', enableWith: ENABLE.timedExpiry },
    ]
    return { findings: [], outcomes }
  }
  ctx.progress({ kind: 'check', id: 'SG-EXPIRY', status: 'start', detail: 'timed expiry' })
  const legs = await Promise.all([
    idle !== undefined ? idleLeg(ctx, idle) : undefined,
    absolute !== undefined ? absoluteLeg(ctx, absolute, idle) : undefined,
  ])
  const ran = legs.filter((l): l is Leg => l !== undefined)
  const findings = ran.flatMap((l) => l.findings)
  const outcome: CheckOutcome = findings.length
    ? { id: 'SG-EXPIRY', status: 'failed', reason: findings.map((f) => f.title).join('; ') }
    : { id: 'SG-EXPIRY', status: 'passed', reason: `timed: ${ran.map((l) => l.passed).join('; ')}` }
  return { findings, outcomes: [outcome] }
}

export const expiryTimedProbe: Probe = { name: 'timed session expiry', checks: ['SG-EXPIRY'], run }
