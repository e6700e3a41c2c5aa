import type { Carrier, CheckOutcome, Exchange, Finding } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { rankNames } from '../../target/discover.js'
import { isCsrfCookie } from '../../login/csrf.js'
import { ActorSession } from '../../actors/session.js'
import { carrierSetting } from '../../config/session-setting.js'
import { inventLike } from './invent.js'
import { settle } from '../probe-failure.js'
import { actorWith, describe, sameCarrier, setCookieValue, valueIn } from '../carriers.js'
import { discoverPreLogin, preLoginSet } from './pre-login.js'
import { describeRoute, issuingPlaces, keptIn, replayRoute, type IssuingPlace } from './plant-route.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

import { ENABLE } from '../needs.js'

/** Where an attacker could plant an id: the proven carrier, every other place the same id is accepted, and the URL forms servers still honour. */
function plantingPoints(ctx: ProbeContext): Carrier[] {
  const proven = ctx.target.carrier!
  const points: Carrier[] = [proven.primary, ...proven.accepted]
  const s = carrierSetting(ctx.config.session)
  if (typeof s === 'object') {
    if ('header' in s) points.push({ kind: 'header', name: s.header })
    if ('query' in s) points.push({ kind: 'query', name: s.query })
  }
  if (proven.primary.kind === 'cookie') {
    // PHP (use_only_cookies=0) and servlet containers take the cookie's id from the URL too
    points.push({ kind: 'query', name: proven.primary.name })
    if (/^jsessionid$/i.test(proven.primary.name) || ctx.target.framework.id === 'spring') points.push({ kind: 'path', name: 'jsessionid' })
  }
  const unique: Carrier[] = []
  for (const p of points) if (!unique.some((u) => sameCarrier(u, p))) unique.push(p)
  return unique
}

function sampleFor(ctx: ProbeContext, c: Carrier): string | undefined {
  if (c.kind === 'cookie')
    return ctx.target.issued.find((i) => i.name === c.name)?.value ?? ctx.login?.main.jar.get(c.name, ctx.scope.base.href)
  return ctx.login?.main.carried(c.kind, c.name) ?? ctx.login?.main.jar.get(ctx.target.carrier!.primary.name, ctx.scope.base.href)
}

async function attackWithLogin(ctx: ProbeContext): Promise<ProbeResult> {
  const login = ctx.login!
  const findings: Finding[] = []
  const tried: string[] = []
  const inconclusive: string[] = []
  const incomplete: string[] = []
  let permissive: { carrier: Carrier; evidence: Exchange[]; summary: string } | undefined
  const fw = ctx.target.framework.id
  const proven = [ctx.target.carrier!.primary, ...ctx.target.carrier!.accepted]
  // where a fresh visitor is handed the session before login (a landing page, a cart, a script's
  // bootstrap call): invented ids are planted there too, through every proven carrier
  const discovery = await discoverPreLogin(ctx, preLoginSet(ctx))

  for (const carrier of plantingPoints(ctx)) {
    ctx.progress({ kind: 'check', id: 'SG-FIX-ADOPT', status: 'start', detail: describe(carrier) })
    const planted = inventLike(sampleFor(ctx, carrier))
    ctx.redactor.addSecret(planted)
    const attacker = actorWith(ctx, 'attacker', carrier, planted)
    // negative control: the invented id must not be a session before the victim uses it
    const before = await login.flow.access(attacker, 'attacker invents an id the server never issued: not logged in (control)', {
      freeze: true,
    })
    if (before.authenticated) {
      inconclusive.push(`${describe(carrier)}: an invented id was already logged in before any login (${before.reason})`)
      continue
    }
    const victim = actorWith(ctx, 'victim', carrier, planted)
    const loggedIn = await settle(ctx.http.signal, () =>
      login.flow.perform(victim, login.account, 'victim logs in carrying the planted id'),
    )
    if (!loggedIn.ok) {
      // this planting point is not tested; what other carriers proved stands
      incomplete.push(`${describe(carrier)}: the victim's login could not complete (${loggedIn.reason})`)
      continue
    }
    const attempt = loggedIn.value
    const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
    if (!victimAccess.authenticated) {
      inconclusive.push(`${describe(carrier)}: the victim's login with a planted id did not succeed (${victimAccess.reason})`)
      continue
    }
    tried.push(describe(carrier))
    const after = await login.flow.access(attacker, "attacker replays only the planted id after the victim's login", { freeze: true })
    const victimValue = valueIn(ctx, victim, carrier)
    const evidence = [...before.exchanges, ...attempt.exchanges, ...victimAccess.exchanges, ...after.exchanges]
    if (after.authenticated) {
      findings.push(adopted(ctx, carrier, evidence, before.reason, after.reason, victimValue === planted, 'the login page'))
      continue
    }
    if (carrier.kind === 'cookie' && !permissive) {
      const issuedFresh = ctx.target.issued.some((i) => i.name === carrier.name)
      const replacedAtPage = setCookieValue(attempt.page.setCookies, carrier.name)
      const keptBeforeLogin = issuedFresh && (replacedAtPage === undefined || replacedAtPage === planted)
      if (keptBeforeLogin && victimValue !== undefined && victimValue !== planted) {
        permissive = {
          carrier,
          evidence: [...ctx.target.issuingExchanges, ...attempt.exchanges, ...after.exchanges],
          summary: `The server accepted an invented ${describe(carrier)} before login (a fresh client is issued a new id on ${ctx.target.issuingPath}, but the invented one was kept without a replacement), then issued a new id at login: the attacker's copy did not reach ${login.flow.login.check.url} (${after.reason}). No takeover, but unknown ids should be refused outright (strict mode).`,
        }
      }
    }
    if (!proven.some((p) => sameCarrier(p, carrier))) continue
    for (const place of issuingPlaces(ctx, discovery, carrier)) {
      const r = await plantWhereIssued(ctx, carrier, place)
      if (r.tried) tried.push(`${describe(carrier)} on ${describeRoute(place.route)}`)
      if (r.inconclusive) inconclusive.push(r.inconclusive)
      if (r.finding) {
        findings.push(r.finding)
        break
      }
      if (r.permissive && !permissive) permissive = r.permissive
    }
  }

  const outcomes: CheckOutcome[] = []
  const untested = incomplete.length ? `; not tested: ${incomplete.join('; ')}` : ''
  if (findings.length > 0)
    outcomes.push({
      id: 'SG-FIX-ADOPT',
      status: 'failed',
      reason: `adopted via ${findings.map((f) => describe(f.carrier!)).join(', ')}${untested}`,
    })
  else if (tried.length > 0)
    outcomes.push({
      id: 'SG-FIX-ADOPT',
      status: 'passed',
      reason: `invented ids refused after login via ${tried.join(', ')}${inconclusive.length ? `; not conclusive: ${inconclusive.join('; ')}` : ''}${untested}`,
    })
  else if (inconclusive.length > 0)
    outcomes.push({
      id: 'SG-FIX-ADOPT',
      status: 'error',
      reason: `no planting point gave a conclusive answer: ${inconclusive.join('; ')}${untested}`,
    })
  else outcomes.push({ id: 'SG-FIX-ADOPT', status: 'not-tested', reason: `no planting point could be attacked: ${incomplete.join('; ')}` })

  if (permissive && findings.length === 0) {
    findings.push(
      makeFinding(
        'SG-PERMISSIVE',
        { summary: permissive.summary, evidence: permissive.evidence, confidence: 'firm', carrier: permissive.carrier },
        fw,
      ),
    )
    outcomes.push({
      id: 'SG-PERMISSIVE',
      status: 'failed',
      reason: `invented ${describe(permissive.carrier)} accepted before login, rotated at login`,
    })
  } else if (findings.length === 0 && tried.length === 0) {
    // no planted id reached the end of a login: nothing was seen kept or replaced
    outcomes.push({ id: 'SG-PERMISSIVE', status: 'not-tested', reason: outcomes[0]!.reason ?? 'no planting point could be attacked' })
  } else {
    outcomes.push({
      id: 'SG-PERMISSIVE',
      status: 'passed',
      reason: findings.length ? 'subsumed by SG-FIX-ADOPT' : 'invented ids were not kept before login',
    })
  }
  return { findings, outcomes, preLogin: discovery, notes: discovery.notes }
}

function adopted(
  ctx: ProbeContext,
  carrier: Carrier,
  evidence: Exchange[],
  beforeReason: string,
  afterReason: string,
  keptThrough: boolean,
  where: string,
): Finding {
  const check = ctx.login!.flow.login.check.url
  return makeFinding(
    'SG-FIX-ADOPT',
    {
      summary: `An identifier the server never issued, planted in the ${describe(carrier)} (through ${where}), became the victim's logged-in session: before the victim logged in it was not a session (${beforeReason}); after the victim logged in carrying it, the attacker's copy alone reached ${check} as the victim (${afterReason}).${keptThrough ? ' The server kept the planted id through the login instead of issuing a new one.' : ''}`,
      evidence,
      confidence: 'confirmed',
      carrier,
      titleSuffix: `via ${describe(carrier)}`,
    },
    ctx.target.framework.id,
  )
}

/**
 * The invented id sent where discovery saw the server hand a fresh visitor a session. Kept there (no
 * replacement, and none when the victim's login page is opened with it) means the server uses it as a
 * session; then the victim logs in carrying it and the attacker replays it.
 */
async function plantWhereIssued(
  ctx: ProbeContext,
  carrier: Carrier,
  place: IssuingPlace,
): Promise<{
  tried?: boolean
  inconclusive?: string
  finding?: Finding
  permissive?: { carrier: Carrier; evidence: Exchange[]; summary: string }
}> {
  const login = ctx.login!
  const where = describeRoute(place.route)
  const planted = inventLike(sampleFor(ctx, carrier))
  ctx.redactor.addSecret(planted)
  const attacker = actorWith(ctx, 'attacker', carrier, planted)
  const visit = await replayRoute(
    ctx,
    attacker.copy('attacker'),
    place.route,
    `attacker sends an invented ${describe(carrier)} where the server issues sessions`,
  )
  if (!keptIn(ctx, visit, carrier, planted)) return { tried: true }
  const before = await login.flow.access(attacker, 'the invented id, now used by the server: not logged in (control)', { freeze: true })
  if (before.authenticated)
    return { inconclusive: `${describe(carrier)} on ${where}: an invented id was logged in before any login (${before.reason})` }
  const victim = actorWith(ctx, 'victim', carrier, planted)
  const attempt = await login.flow.perform(victim, login.account, 'victim logs in carrying the planted id')
  const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated)
    return {
      inconclusive: `${describe(carrier)} on ${where}: the victim's login with a planted id did not succeed (${victimAccess.reason})`,
    }
  const after = await login.flow.access(attacker, "attacker replays only the planted id after the victim's login", { freeze: true })
  const victimValue = valueIn(ctx, victim, carrier)
  const issuedThere = place.visit.exchanges ?? []
  if (after.authenticated) {
    const evidence = [...visit.exchanges, ...before.exchanges, ...attempt.exchanges, ...victimAccess.exchanges, ...after.exchanges]
    return { tried: true, finding: adopted(ctx, carrier, evidence, before.reason, after.reason, victimValue === planted, where) }
  }
  const keptAtLogin = keptIn(ctx, attempt.page, carrier, planted)
  if (keptAtLogin && victimValue !== undefined && victimValue !== planted)
    return {
      tried: true,
      permissive: {
        carrier,
        evidence: [...issuedThere, ...visit.exchanges, ...attempt.exchanges, ...after.exchanges],
        summary: `The server accepted an invented ${describe(carrier)} before login where it hands a fresh visitor a new id (${where}): it kept the invented one without a replacement there and when the login page was opened with it, then issued a new id at login, so the attacker's copy did not reach ${login.flow.login.check.url} (${after.reason}). No takeover, but unknown ids should be refused outright (strict mode).`,
      },
    }
  return { tried: true }
}

/** Without a login only pre-auth acceptance can be shown: is an invented id kept where the server issues sessions? */
async function attackWithoutLogin(ctx: ProbeContext): Promise<ProbeResult> {
  const fw = ctx.target.framework.id
  const findings: Finding[] = []
  const candidates = rankNames(ctx.target.issued.map((i) => i.name)).filter((n) => !isCsrfCookie(n))
  const refused: string[] = []
  for (const name of candidates) {
    const sample = ctx.target.issued.find((i) => i.name === name)!.value
    const planted = inventLike(sample)
    ctx.redactor.addSecret(planted)
    const s = new ActorSession('attacker')
    s.jar.set(name, planted, ctx.scope.base.href)
    const res = await ctx.http.send({
      actor: 'attacker',
      path: ctx.target.issuingPath,
      jar: s.jar,
      freeze: true,
      note: `sends an invented ${name} to the page that issues sessions`,
    })
    const replaced = setCookieValue(res.setCookies, name)
    if (replaced === undefined || replaced === planted) {
      findings.push(
        makeFinding(
          'SG-PERMISSIVE',
          {
            summary: `The server issues a new ${name} to a fresh client on ${ctx.target.issuingPath}, but kept an invented ${name} without replacing it: unknown session ids are accepted. Whether the id survives a login (SG-FIX-ADOPT) was not tested because no login is configured.`,
            evidence: [...ctx.target.issuingExchanges, ...res.exchanges],
            confidence: 'firm',
            carrier: { kind: 'cookie', name },
          },
          fw,
        ),
      )
    } else refused.push(name)
  }
  const outcomes: CheckOutcome[] = [
    {
      id: 'SG-FIX-ADOPT',
      status: 'not-tested',
      reason: 'needs a login to prove the planted id reaches a protected page',
      enableWith: ENABLE.login,
    },
    findings.length
      ? { id: 'SG-PERMISSIVE', status: 'failed', reason: 'invented ids kept before login' }
      : candidates.length
        ? { id: 'SG-PERMISSIVE', status: 'passed', reason: `invented ${refused.join(', ')} replaced by the server` }
        : {
            id: 'SG-PERMISSIVE',
            status: 'not-tested',
            reason: `no session cookie is issued at ${ctx.target.issuingPath}`,
            enableWith: ENABLE.login,
          },
  ]
  return { findings, outcomes }
}

export const adoptProbe: Probe = {
  name: 'adoption of invented ids',
  checks: ['SG-FIX-ADOPT', 'SG-PERMISSIVE'],
  run: (ctx) => (ctx.login && ctx.target.carrier ? attackWithLogin(ctx) : attackWithoutLogin(ctx)),
}
