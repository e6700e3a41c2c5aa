import type { Carrier, CheckOutcome, Finding } from '../../model/finding.js'
import { ActorSession } from '../../actors/session.js'
import { performStepup } from '../../login/stepup.js'
import { makeFinding } from '../make-finding.js'
import { describe, valueIn } from '../carriers.js'
import { ENABLE } from '../needs.js'
import { notCompleted, settle } from '../probe-failure.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

// At step-up. The victim is signed in; the attacker holds a copy of the victim's id as it is before the
// re-authentication (what a fixation or a theft gives). The copy does not reach the elevated page; the
// victim re-authenticates; if the copy now reaches it, the elevation went to an id the victim held at
// lower privilege. Costs one login, the step-up's requests, and three requests to stepup.check.

const ID = 'SG-FIX-STEPUP' as const

function outcome(status: CheckOutcome['status'], reason: string, enableWith?: string): ProbeResult {
  return { findings: [], outcomes: [{ id: ID, status, reason, ...(enableWith ? { enableWith } : {}) }] }
}

async function run(ctx: ProbeContext): Promise<ProbeResult> {
  if (!ctx.login || !ctx.target.carrier) return outcome('not-tested', 'needs a login', ENABLE.login)
  if (!ctx.config.stepup) return outcome('not-tested', 'stepup is not configured: no re-authentication was attacked', ENABLE.stepup)
  ctx.progress({ kind: 'check', id: ID, status: 'start' })
  const r = await settle(ctx.http.signal, () => attack(ctx))
  return r.ok ? r.value : { findings: [], outcomes: notCompleted([ID], r.reason) }
}

async function attack(ctx: ProbeContext): Promise<ProbeResult> {
  const login = ctx.login!
  const cfg = ctx.config.stepup!
  const flow = login.flow
  // the same judge as the login's proof, aimed at the elevated page and its text
  const elevated = flow.withCheck(cfg.check)
  const set: Carrier[] = ctx.target.carrier!.required
  const what = set.map(describe).join(' + ')
  const findings: Finding[] = []

  const victim = new ActorSession('victim')
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) victim.jar.give(k, v, ctx.scope.base.href)
  const attempt = await flow.perform(victim, login.account, 'victim logs in')
  const signedIn = await flow.access(victim, 'victim reaches the protected page')
  if (!signedIn.authenticated) return outcome('error', `the victim's login did not succeed (${signedIn.reason})`)
  const before = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, victim, c)]))
  for (const v of Object.values(before)) ctx.redactor.addSecret(v)
  // the attacker's copy of the victim's session as it is before the re-authentication
  const stolen = victim.copy('attacker')
  const control = await elevated.access(stolen.copy('attacker'), 'attacker’s copy of the id before step-up: not elevated (control)', {
    freeze: true,
  })
  if (control.authenticated)
    return outcome(
      'not-tested',
      `${cfg.check.url} already answers as elevated before any re-authentication (${control.reason}): set stepup.check.contains to text only the elevated page shows`,
    )
  const step = await performStepup(ctx.http, cfg, victim, login.account, flow.factorOf(login.account), 'victim re-authenticates (step-up)')
  const victimElevated = await elevated.access(victim, 'victim reaches the elevated page')
  if (!victimElevated.authenticated)
    return outcome(
      'error',
      `the victim's step-up did not reach ${cfg.check.url} (${victimElevated.reason}; sent ${step.description}; answered ${step.last.status})`,
    )
  const after = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, victim, c)]))
  for (const v of Object.values(after)) ctx.redactor.addSecret(v)
  const replay = await elevated.access(
    stolen.copy('attacker'),
    "attacker replays the pre-step-up id after the victim's re-authentication",
    {
      freeze: true,
    },
  )
  const same = set.every((c) => after[c.name] === before[c.name])
  if (!replay.authenticated)
    return outcome(
      'passed',
      `${same ? 'the id was kept but the attacker’s copy is not elevated' : 'a new id was issued at step-up and the old one is not elevated'} (${replay.reason})`,
    )
  findings.push(
    makeFinding(
      ID,
      {
        summary: `The re-authentication elevated an id the victim held before it: the attacker's copy of the ${what} did not reach ${cfg.check.url} before the step-up (${control.reason}), the victim re-authenticated, and the same copy then reached it (${replay.reason}); ${same ? 'the server kept the id through the step-up' : 'the server issued a new id but left the old one elevated'}.`,
        evidence: [
          ...attempt.exchanges,
          ...signedIn.exchanges,
          ...control.exchanges,
          ...step.exchanges,
          ...victimElevated.exchanges,
          ...replay.exchanges,
        ],
        confidence: 'confirmed',
        carrier: set[0]!,
      },
      ctx.target.framework.id,
    ),
  )
  return {
    findings,
    outcomes: [
      {
        id: ID,
        status: 'failed',
        reason: same ? 'the pre-step-up id was kept and elevated' : 'the pre-step-up id is still valid and elevated',
      },
    ],
  }
}

export const stepupProbe: Probe = { name: 'session across step-up', checks: [ID], run }
