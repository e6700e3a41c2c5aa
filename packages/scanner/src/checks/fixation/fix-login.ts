import type { Carrier, CheckOutcome, Exchange, Finding } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { actorWithSet, describe, valueIn } from '../carriers.js'
import { describeVisits, discoverPreLogin, discoverPreLoginAgain, preLoginSet } from './pre-login.js'
import { budgetCut, notCompleted, settle } from '../probe-failure.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

import { ENABLE } from '../needs.js'

/**
 * SG-FIX-LOGIN and SG-FIX-OLDID share one attack: the attacker obtains a pre-auth id the server
 * itself issued, the victim logs in carrying it, the attacker replays it. Same id after login →
 * the pre-auth id survived login; new id but the old one still works → old id still valid.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  // the engine proves a carrier exactly when a login is configured, so `&&` here decides the same
  // Stryker disable next-line LogicalOperator: see above
  if (!ctx.login || !ctx.target.carrier) {
    return {
      findings: [],
      outcomes: [
        { id: 'SG-FIX-LOGIN', status: 'not-tested', reason: 'needs a login', enableWith: ENABLE.login },
        { id: 'SG-FIX-OLDID', status: 'not-tested', reason: 'needs a login', enableWith: ENABLE.login },
      ],
    }
  }
  const set = preLoginSet(ctx)
  ctx.progress({ kind: 'check', id: 'SG-FIX-LOGIN', status: 'start' })

  // the attacker looks where anyone can for an id the server hands out before login, and keeps it
  const discovery = await discoverPreLogin(ctx, set)
  const source = discovery.found
  if (!source) {
    const forms = discovery.formsSeen.length ? `; forms seen and not submitted: ${discovery.formsSeen.join(', ')}` : ''
    const reason = `no ${set.map(describe).join(' + ')} was issued before login on the ${discovery.visited.length} page(s) tried: ${describeVisits(discovery)}${forms}`
    const enableWith = discovery.formsSeen.some((f) => !f.endsWith('never submitted)')) ? ENABLE.preLoginForms : ENABLE.preLogin
    return {
      findings: [],
      outcomes: [
        { id: 'SG-FIX-LOGIN', status: 'not-tested', reason, enableWith },
        { id: 'SG-FIX-OLDID', status: 'not-tested', reason, enableWith },
      ],
      preLogin: discovery,
      notes: discovery.notes,
    }
  }
  const preAuth = source.values
  for (const v of Object.values(preAuth)) ctx.redactor.addSecret(v)
  const how = source.request ? `, issued by ${source.request} during that visit` : ''
  const where = `${source.path} (${source.via}${source.natural ? ', a page a victim would naturally visit' : ', reached only by an action of the attacker'}${how})`
  // an attack through one carrier that cannot complete leaves that carrier not tested, the others stand
  const ids = ['SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const
  const attackVia = async (via: string, carriers: Carrier[], values: Record<string, string>, issuing: Exchange[]) => {
    const r = await settle(ctx.http.signal, () => attack(ctx, carriers, values, issuing, where))
    if (r.ok) return { via, ...r.value }
    return { via, findings: [], outcomes: r.spent ? budgetCut(ids, r.spent) : notCompleted(ids, r.reason) }
  }
  // the label shows only when there are several results, which happens only for a one-carrier set
  // Stryker disable next-line StringLiteral: the separator of a one-element join is never written
  const results = [await attackVia(set.map(describe).join(' + '), set, preAuth, source.exchanges)]
  // A pre-login id through every other carrier the server honours (a ;jsessionid= link, ?PHPSESSID=),
  // each a fresh one the server issued the same way: the first victim logged in with the first, and a
  // server that rotated it then deleted it; a server that refuses ids it does not know would make a
  // later carrier's attack test a dead id and miss a login that keeps the id it came with.
  for (const c of set.length === 1 ? ctx.target.carrier.accepted.filter((a) => a.kind !== 'header') : []) {
    const again = await settle(ctx.http.signal, () => discoverPreLoginAgain(ctx, set))
    const fresh = again.ok ? again.value.found : undefined
    if (!fresh) {
      const why = again.ok ? 'the server issued no second pre-login id the way it issued the first' : again.reason
      results.push({
        via: describe(c),
        findings: [],
        outcomes: !again.ok && again.spent ? budgetCut(ids, again.spent) : notCompleted(ids, why),
      })
      continue
    }
    for (const v of Object.values(fresh.values)) ctx.redactor.addSecret(v)
    results.push(await attackVia(describe(c), [c], { [c.name]: fresh.values[set[0]!.name]! }, fresh.exchanges))
  }
  return {
    findings: results.flatMap((r) => r.findings),
    outcomes: mergeOutcomes(results, where),
    preLogin: discovery,
    notes: discovery.notes,
  }
}

/** One outcome per check over every carrier attacked: failed through any carrier is failed. */
function mergeOutcomes(results: Array<ProbeResult & { via: string }>, where: string): CheckOutcome[] {
  const rank = { failed: 3, error: 2, passed: 1, 'not-tested': 0 } as const
  return (['SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const).map((id) => {
    const per = results.map((r) => ({ via: r.via, o: r.outcomes.find((o) => o.id === id)! }))
    const worst = per.reduce((a, b) => (rank[b.o.status] > rank[a.o.status] ? b : a)).o.status
    const reason = per.length === 1 ? per[0]!.o.reason : per.map((p) => `${p.via}: ${p.o.status}, ${p.o.reason}`).join('; ')
    return { id, status: worst, reason: `${reason}; pre-login id from ${where}` }
  })
}

/** The attack proper, with the whole carrier set the pre-login id needs. */
async function attack(
  ctx: ProbeContext,
  set: Carrier[],
  preAuth: Record<string, string>,
  issuing: Exchange[],
  where: string,
): Promise<ProbeResult> {
  const login = ctx.login!
  const carrier = set[0]!
  const fw = ctx.target.framework.id

  // the victim's browser carries the attacker's pre-auth id (frozen copy: the attacker's jar is not touched by the victim's traffic)
  const victim = actorWithSet(ctx, 'victim', set, preAuth)
  const attempt = await login.flow.perform(victim, login.account, 'victim logs in carrying the pre-auth id')
  const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated) {
    const reason = `the victim's login carrying a pre-auth id did not succeed (${victimAccess.reason})`
    return {
      findings: [],
      outcomes: [
        { id: 'SG-FIX-LOGIN', status: 'error', reason },
        { id: 'SG-FIX-OLDID', status: 'error', reason },
      ],
    }
  }
  const after = Object.fromEntries(set.map((c) => [c.name, valueIn(ctx, victim, c)]))
  for (const v of Object.values(after)) ctx.redactor.addSecret(v)
  const replay = actorWithSet(ctx, 'attacker', set, preAuth)
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the replay's jar is dropped after this request, so whether it keeps the answer's cookies is never seen
  const res = await login.flow.access(replay, "attacker replays the pre-auth id after the victim's login", { freeze: true })
  const evidence = [...issuing, ...attempt.exchanges, ...victimAccess.exchanges, ...res.exchanges]
  const findings: Finding[] = []
  // Stryker disable next-line ArrayDeclaration: mergeOutcomes rebuilds the outcomes, finding each check's by its id: an element that is not an outcome is never read
  const outcomes: CheckOutcome[] = []
  const kept = set.every((c) => after[c.name] === preAuth[c.name])
  const what = set.length > 1 ? `${set.map(describe).join(' + ')} (the whole set the session needs)` : describe(carrier)
  if (res.authenticated && kept) {
    findings.push(
      makeFinding(
        'SG-FIX-LOGIN',
        {
          summary: `The ${what} the server issued before login is still the session after login: the attacker took it from ${where}, the victim logged in carrying it, and the attacker's copy reached ${login.flow.login.check.url} as the victim (${res.reason}).`,
          evidence,
          confidence: 'confirmed',
          carrier,
        },
        fw,
      ),
    )
    outcomes.push(
      { id: 'SG-FIX-LOGIN', status: 'failed', reason: 'pre-auth id survived login' },
      { id: 'SG-FIX-OLDID', status: 'passed', reason: 'no new id was issued at login (see SG-FIX-LOGIN)' },
    )
  } else if (res.authenticated) {
    findings.push(
      makeFinding(
        'SG-FIX-OLDID',
        {
          summary: `A new ${what} was issued at login, but the old pre-auth id (taken from ${where}) still reaches ${login.flow.login.check.url} as the victim (${res.reason}): the old session was linked to the login instead of being destroyed.`,
          evidence,
          confidence: 'confirmed',
          carrier,
        },
        fw,
      ),
    )
    outcomes.push(
      { id: 'SG-FIX-LOGIN', status: 'passed', reason: 'a new id was issued at login' },
      { id: 'SG-FIX-OLDID', status: 'failed', reason: 'old id still authenticates' },
    )
  } else {
    const how = kept ? 'the id was kept but is not logged in for the attacker' : 'a new id was issued at login and the old one is dead'
    outcomes.push(
      { id: 'SG-FIX-LOGIN', status: 'passed', reason: how },
      { id: 'SG-FIX-OLDID', status: 'passed', reason: `replaying the pre-auth id: ${res.reason}` },
    )
  }
  return { findings, outcomes }
}

export const fixLoginProbe: Probe = { name: 'pre-auth id after login', checks: ['SG-FIX-LOGIN', 'SG-FIX-OLDID'], run }
