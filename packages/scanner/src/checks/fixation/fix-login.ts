import type { CheckOutcome, Finding } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { ActorSession } from '../../actors/session.js'
import { actorWith, describe, valueIn } from '../carriers.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

const LOGIN_FLAGS = '--login-url, --username, --password-env and --check-url (or login: in the config)'

/**
 * SG-FIX-LOGIN and SG-FIX-OLDID share one attack: the attacker obtains a pre-auth id the server
 * itself issued, the victim logs in carrying it, the attacker replays it. Same id after login →
 * the pre-auth id survived login; new id but the old one still works → old id still valid.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  if (!ctx.login || !ctx.target.carrier) {
    return {
      findings: [],
      outcomes: [
        { id: 'SG-FIX-LOGIN', status: 'not-tested', reason: 'needs a login', enableWith: LOGIN_FLAGS },
        { id: 'SG-FIX-OLDID', status: 'not-tested', reason: 'needs a login', enableWith: LOGIN_FLAGS },
      ],
    }
  }
  const login = ctx.login
  const carrier = ctx.target.carrier.primary
  const fw = ctx.target.framework.id
  ctx.progress({ kind: 'check', id: 'SG-FIX-LOGIN', status: 'start' })

  // the attacker visits the login page as anyone can, and keeps the id the server hands out
  const attacker = new ActorSession('attacker')
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) attacker.jar.set(k, v, ctx.scope.base.href)
  const visit = await ctx.http.send({ actor: 'attacker', path: login.flow.login.page ?? login.flow.login.url, jar: attacker.jar, note: 'attacker opens the login page and keeps the pre-auth id the server issues' })
  let preAuth = valueIn(ctx, attacker, carrier)
  if (preAuth === undefined && carrier.kind !== 'cookie') {
    const m = visit.exchanges.map((x) => x.request.url).concat(visit.url).join(' ').match(new RegExp(`[;?&]${carrier.name}=([^;&?#/\\s]+)`, 'i'))
    if (m) preAuth = m[1]
  }
  if (preAuth === undefined) {
    const reason = `no ${describe(carrier)} is issued before login, so there is no pre-auth id to fix`
    return { findings: [], outcomes: [{ id: 'SG-FIX-LOGIN', status: 'passed', reason }, { id: 'SG-FIX-OLDID', status: 'passed', reason }] }
  }
  ctx.redactor.addSecret(preAuth)

  // the victim's browser carries the attacker's pre-auth id (frozen copy: the attacker's jar is not touched by the victim's traffic)
  const victim = actorWith(ctx, 'victim', carrier, preAuth)
  const attempt = await login.flow.perform(victim, login.account, 'victim logs in carrying the pre-auth id')
  const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated) {
    const reason = `the victim's login carrying a pre-auth id did not succeed (${victimAccess.reason})`
    return { findings: [], outcomes: [{ id: 'SG-FIX-LOGIN', status: 'error', reason }, { id: 'SG-FIX-OLDID', status: 'error', reason }] }
  }
  const after = valueIn(ctx, victim, carrier)
  ctx.redactor.addSecret(after)
  const replay = actorWith(ctx, 'attacker', carrier, preAuth)
  const res = await login.flow.access(replay, "attacker replays the pre-auth id after the victim's login", { freeze: true })
  const evidence = [...visit.exchanges, ...attempt.exchanges, ...victimAccess.exchanges, ...res.exchanges]
  const findings: Finding[] = []
  const outcomes: CheckOutcome[] = []
  const kept = after === preAuth
  if (res.authenticated && kept) {
    findings.push(
      makeFinding(
        'SG-FIX-LOGIN',
        {
          summary: `The ${describe(carrier)} the server issued before login is still the session after login: the attacker took it from the login page, the victim logged in carrying it, and the attacker's copy reached ${login.flow.login.check.url} as the victim (${res.reason}).`,
          evidence,
          confidence: 'confirmed',
          carrier,
        },
        fw,
      ),
    )
    outcomes.push({ id: 'SG-FIX-LOGIN', status: 'failed', reason: 'pre-auth id survived login' }, { id: 'SG-FIX-OLDID', status: 'passed', reason: 'no new id was issued at login (see SG-FIX-LOGIN)' })
  } else if (res.authenticated) {
    findings.push(
      makeFinding(
        'SG-FIX-OLDID',
        {
          summary: `A new ${describe(carrier)} was issued at login, but the old pre-auth id still reaches ${login.flow.login.check.url} as the victim (${res.reason}): the old session was linked to the login instead of being destroyed.`,
          evidence,
          confidence: 'confirmed',
          carrier,
        },
        fw,
      ),
    )
    outcomes.push({ id: 'SG-FIX-LOGIN', status: 'passed', reason: 'a new id was issued at login' }, { id: 'SG-FIX-OLDID', status: 'failed', reason: 'old id still authenticates' })
  } else {
    const how = kept ? 'the id was kept but is not logged in for the attacker' : 'a new id was issued at login and the old one is dead'
    outcomes.push({ id: 'SG-FIX-LOGIN', status: 'passed', reason: how }, { id: 'SG-FIX-OLDID', status: 'passed', reason: `replaying the pre-auth id: ${res.reason}` })
  }
  return { findings, outcomes }
}

export const fixLoginProbe: Probe = { name: 'pre-auth id after login', run }
