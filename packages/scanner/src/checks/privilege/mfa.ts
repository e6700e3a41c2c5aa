import type { Carrier, CheckOutcome, Finding } from '../../model/finding.js'
import { ActorSession } from '../../actors/session.js'
import { makeFinding } from '../make-finding.js'
import { describe, valueIn } from '../carriers.js'
import { ENABLE } from '../needs.js'
import { notCompleted, settle } from '../probe-failure.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

// Between the factors. An attacker who knows only the password completes the password step and keeps
// the session the second-factor prompt is served on. SG-MFA-PARTIAL: that session alone already
// reaches the protected page. SG-FIX-MFA: planted in the victim's browser, it becomes the victim's
// signed-in session once the victim enters the code. Costs one password step (the attacker's) and one
// second step (the victim's), plus three check-URL requests.

const IDS = ['SG-FIX-MFA', 'SG-MFA-PARTIAL'] as const

function notTested(reason: string, enableWith: string): ProbeResult {
  return { findings: [], outcomes: IDS.map((id) => ({ id, status: 'not-tested' as const, reason, enableWith })) }
}

async function run(ctx: ProbeContext): Promise<ProbeResult> {
  if (!ctx.login || !ctx.target.carrier) return notTested('needs a login', ENABLE.login)
  if (!ctx.login.flow.login.mfa)
    return notTested(
      'login.mfa is not configured: the scan logged in with the password alone, so no second factor was attacked',
      ENABLE.mfa,
    )
  ctx.progress({ kind: 'check', id: 'SG-FIX-MFA', status: 'start' })
  const r = await settle(ctx.http.signal, () => attack(ctx))
  return r.ok ? r.value : { findings: [], outcomes: notCompleted(IDS, r.reason) }
}

async function attack(ctx: ProbeContext): Promise<ProbeResult> {
  const login = ctx.login!
  const flow = login.flow
  const check = flow.login.check.url
  const set: Carrier[] = ctx.target.carrier!.required
  const what = set.map(describe).join(' + ')
  const fw = ctx.target.framework.id
  const findings: Finding[] = []
  const outcomes: CheckOutcome[] = []

  // the attacker knows the password, not the code: the password step only, and the session it leaves
  const attacker = new ActorSession('attacker')
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) attacker.jar.give(k, v, ctx.scope.base.href)
  const half = await flow.perform(
    attacker,
    login.account,
    'attacker logs in with the password alone (the code is unknown to the attacker)',
    {
      part: 'password',
    },
  )
  const halfValues = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, attacker, c)]))
  for (const v of Object.values(halfValues)) ctx.redactor.addSecret(v)
  if (set.some((c) => halfValues[c.name] === undefined)) {
    const reason = `the password step issued no ${what} (the session the second-factor prompt is served on carries it elsewhere)`
    return { findings, outcomes: IDS.map((id) => ({ id, status: 'not-tested' as const, reason })) }
  }
  const kept = attacker.copy('attacker')

  const partial = await flow.access(attacker.copy('attacker'), 'attacker requests the protected page after the password step alone', {
    freeze: true,
  })
  if (partial.authenticated) {
    findings.push(
      makeFinding(
        'SG-MFA-PARTIAL',
        {
          summary: `A session that completed only the password step already reaches ${check} as the account (${partial.reason}): the attacker logged in with the password, never entered a code, and the ${what} the second-factor prompt was served with opened the protected page. Anyone who has the password gets in without the second factor.`,
          evidence: [...half.exchanges, ...partial.exchanges],
          confidence: 'confirmed',
          carrier: set[0]!,
        },
        fw,
      ),
    )
    outcomes.push(
      { id: 'SG-MFA-PARTIAL', status: 'failed', reason: `the password step alone reached ${check}` },
      {
        id: 'SG-FIX-MFA',
        status: 'not-tested',
        reason: `the password step alone already reaches ${check} (SG-MFA-PARTIAL): whether the id changes at the second factor cannot be told from the replay`,
      },
    )
    return { findings, outcomes }
  }
  outcomes.push({ id: 'SG-MFA-PARTIAL', status: 'passed', reason: `after the password step alone: ${partial.reason}` })

  // the victim's browser carries the attacker's half-authenticated session and shows the familiar prompt
  const victim = attacker.copy('victim')
  const second = await flow.perform(victim, login.account, 'victim enters the code into the session the attacker planted', {
    part: 'second',
    after: half,
  })
  const victimAccess = await flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated) {
    outcomes.push({
      id: 'SG-FIX-MFA',
      status: 'error',
      reason: `the victim's second step on the planted session did not sign in (${victimAccess.reason}; sent ${second.description})`,
    })
    return { findings, outcomes }
  }
  const after = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, victim, c)]))
  for (const v of Object.values(after)) ctx.redactor.addSecret(v)
  const replay = await flow.access(kept.copy('attacker'), "attacker replays the half-authenticated id after the victim's second factor", {
    freeze: true,
  })
  // the second step's exchanges only: the password step is already in the proof, once
  const secondExchanges = second.exchanges.slice(half.exchanges.length)
  const evidence = [...half.exchanges, ...partial.exchanges, ...secondExchanges, ...victimAccess.exchanges, ...replay.exchanges]
  const same = set.every((c) => after[c.name] === halfValues[c.name])
  if (replay.authenticated) {
    const how = same
      ? `the server kept the ${what} through the second factor`
      : `the server issued a new ${what} at the second factor but left the half-authenticated one signed in`
    findings.push(
      makeFinding(
        'SG-FIX-MFA',
        {
          summary: `The second factor does not protect the session: the attacker completed the password step and kept its ${what} (which alone did not reach ${check}: ${partial.reason}), the victim entered the code in a browser carrying that id, and the attacker's copy then reached ${check} as the victim (${replay.reason}); ${how}.`,
          evidence,
          confidence: 'confirmed',
          carrier: set[0]!,
        },
        fw,
      ),
    )
    outcomes.push({
      id: 'SG-FIX-MFA',
      status: 'failed',
      reason: same
        ? 'the half-authenticated id survived the second factor'
        : 'the half-authenticated id still works after the second factor',
    })
  } else {
    outcomes.push({
      id: 'SG-FIX-MFA',
      status: 'passed',
      reason: `${same ? 'the id was kept but the attacker’s copy is not signed in' : 'a new id was issued at the second factor and the half-authenticated one is not signed in'} (${replay.reason})`,
    })
  }
  return { findings, outcomes }
}

export const mfaProbe: Probe = { name: 'session across the second factor', checks: [...IDS], run }
