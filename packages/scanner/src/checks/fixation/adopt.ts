import type { Carrier, CheckOutcome, Exchange, Finding } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { rankNames } from '../../target/discover.js'
import { isCsrfCookie } from '../../login/csrf.js'
import { ActorSession } from '../../actors/session.js'
import { inventLike } from './invent.js'
import { settle } from '../probe-failure.js'
import { actorWith, describe, sameCarrier, setCookieValue, valueIn } from '../carriers.js'
import { discoverPreLogin, preLoginSet, type PreLoginDiscovery } from './pre-login.js'
import { usedAsSession } from './session-memory.js'
import { decorate } from '../../actors/session.js'
import { describeRoute, issuingPlaces, keptIn, replayRoute, type IssuingPlace } from './plant-route.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

import { ENABLE } from '../needs.js'

/** Where an attacker could plant an id: the proven carrier, every other place the same id is accepted, and the URL forms servers still honour. */
function plantingPoints(ctx: ProbeContext): Carrier[] {
  const proven = ctx.target.carrier!
  // a `session: { header | query }` setting needs no point of its own: the carrier proven under it is that one (target/discover.ts)
  const points: Carrier[] = [proven.primary, ...proven.accepted]
  if (proven.primary.kind === 'cookie') {
    // PHP (use_only_cookies=0) and servlet containers take the cookie's id from the URL too
    points.push({ kind: 'query', name: proven.primary.name })
    if (/^jsessionid$/i.test(proven.primary.name) || ctx.target.framework.id === 'spring') points.push({ kind: 'path', name: 'jsessionid' })
  }
  const unique: Carrier[] = []
  for (const p of points) if (!unique.some((u) => sameCarrier(u, p))) unique.push(p)
  return unique
}

/** A value the invented id is shaped like: what the server hands a fresh visitor in that cookie, else the logged-in id. */
function sampleFor(ctx: ProbeContext, c: Carrier): string | undefined {
  const main = ctx.login!.main
  if (c.kind === 'cookie') return ctx.target.issued.find((i) => i.name === c.name)?.value ?? main.jar.get(c.name, ctx.scope.base.href)
  return main.carried(c.kind, c.name) ?? main.jar.get(ctx.target.carrier!.primary.name, ctx.scope.base.href)
}

/** What the planting attacks established, carrier by carrier. */
interface Tally {
  findings: Finding[]
  tried: string[]
  inconclusive: string[]
  incomplete: string[]
  /** An attack through the session's own carrier (the proven primary one) that could not complete: no pass without it. */
  primaryCut: boolean
  /** Invented ids not replaced before login, replaced at login, of which it could not be seen whether the server used them. */
  undetermined: string[]
  /** Invented ids not replaced before login that the server was seen not to use as a session. */
  unused: string[]
  permissive?: Permissive
}

interface Permissive {
  carrier: Carrier
  evidence: Exchange[]
  summary: string
  how: string
}

function loginPagePath(ctx: ProbeContext): string {
  const l = ctx.login!.flow.login
  return l.page ?? l.url
}

/** The login page opened by the attacker carrying only the invented id: does the server keep it, and what state does it show? */
function lookAtLoginPage(ctx: ProbeContext, carrier: Carrier, planted: string, note: string) {
  // Stryker disable next-line StringLiteral: this session only lends its jar and carry to one request (send is given the actor itself) and is dropped after it: its name is never read
  const s = actorWith(ctx, 'attacker', carrier, planted)
  const d = decorate(loginPagePath(ctx), {}, s.carry)
  // Stryker disable next-line BooleanLiteral: the session is dropped after this request (redirect hops use a copy of its jar either way), so whether its jar keeps the answer's cookies is never read
  return ctx.http.send({ actor: 'attacker', path: d.path, headers: d.headers, jar: s.jar, freeze: true, note })
}

async function attackWithLogin(ctx: ProbeContext): Promise<ProbeResult> {
  const t: Tally = { findings: [], tried: [], inconclusive: [], incomplete: [], primaryCut: false, undetermined: [], unused: [] }
  const fw = ctx.target.framework.id
  // where a fresh visitor is handed the session before login (a landing page, a cart, a script's
  // bootstrap call): invented ids are planted there too, through every proven carrier
  const discovery = await discoverPreLogin(ctx, preLoginSet(ctx))

  for (const carrier of plantingPoints(ctx)) {
    // one planting point that cannot complete (or that the scan's budget cuts) is not tested; what others proved stands
    const r = await settle(ctx.http.signal, () => plantAt(ctx, carrier, discovery, t))
    if (!r.ok) cut(ctx, t, carrier, `${describe(carrier)}: ${r.reason}`)
  }

  const { findings, tried, inconclusive, incomplete, undetermined, unused, permissive, primaryCut } = t
  const outcomes: CheckOutcome[] = []
  const untested = incomplete.length ? `; not tested: ${incomplete.join('; ')}` : ''
  if (findings.length > 0)
    outcomes.push({
      id: 'SG-FIX-ADOPT',
      status: 'failed',
      reason: `adopted via ${findings.map((f) => describe(f.carrier!)).join(', ')}${untested}`,
    })
  else if (tried.length > 0 && primaryCut)
    // what the URL forms of the id resisted says nothing of the session's own carrier, whose attack broke off
    outcomes.push({
      id: 'SG-FIX-ADOPT',
      status: 'not-tested',
      reason: `the attack through the session's own carrier could not complete: ${incomplete.join('; ')}; invented ids refused after login via ${tried.join(', ')}`,
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
      reason: `invented ${describe(permissive.carrier)} used as a session before login (${permissive.how}), replaced at login`,
    })
  } else if (findings.length === 0 && (tried.length === 0 || primaryCut)) {
    // no planted id reached the end of a login (or not through the session's own carrier): nothing was seen kept or replaced
    outcomes.push({ id: 'SG-PERMISSIVE', status: 'not-tested', reason: outcomes[0]!.reason ?? 'no planting point could be attacked' })
  } else if (findings.length === 0 && undetermined.length > 0) {
    // an id left alone is not an id accepted: without seeing the server keep state under it, no verdict
    outcomes.push({
      id: 'SG-PERMISSIVE',
      status: 'not-tested',
      reason: `whether the server uses an invented id as a session could not be observed: ${undetermined.join('; ')}`,
    })
  } else {
    outcomes.push({
      id: 'SG-PERMISSIVE',
      status: 'passed',
      reason: findings.length
        ? 'subsumed by SG-FIX-ADOPT'
        : `invented ids were not used as sessions before login${unused.length ? ` (${unused.join('; ')})` : ''}`,
    })
  }
  return { findings, outcomes, preLogin: discovery, notes: discovery.notes }
}

/** An attack through `carrier` that could not complete, with why. */
function cut(ctx: ProbeContext, t: Tally, carrier: Carrier, why: string): void {
  t.incomplete.push(why)
  if (sameCarrier(carrier, ctx.target.carrier!.primary)) t.primaryCut = true
}

/** One planting point: the invented id on the login page (as the victim's login opens it), then where discovery saw sessions issued. */
async function plantAt(ctx: ProbeContext, carrier: Carrier, discovery: PreLoginDiscovery, t: Tally): Promise<void> {
  const login = ctx.login!
  const proven = [ctx.target.carrier!.primary, ...ctx.target.carrier!.accepted]
  ctx.progress({ kind: 'check', id: 'SG-FIX-ADOPT', status: 'start', detail: describe(carrier) })
  const planted = inventLike(sampleFor(ctx, carrier))
  ctx.redactor.addSecret(planted)
  const attacker = actorWith(ctx, 'attacker', carrier, planted)
  // negative control: the invented id must not be a session before the victim uses it
  const before = await login.flow.access(attacker, 'attacker invents an id the server never issued: not logged in (control)', {
    freeze: true,
  })
  if (before.authenticated) {
    t.inconclusive.push(`${describe(carrier)}: an invented id was already logged in before any login (${before.reason})`)
    return
  }
  // where the login page hands fresh visitors this cookie, whether the server uses the invented one as a
  // session (SG-PERMISSIVE) is read from the login page: once now, once as the victim's login opens it
  const judged = carrier.kind === 'cookie' && !t.permissive && ctx.target.issued.some((i) => i.name === carrier.name)
  const look = judged
    ? await lookAtLoginPage(ctx, carrier, planted, 'attacker opens the login page carrying only the invented id: kept, and used?')
    : undefined
  const victim = actorWith(ctx, 'victim', carrier, planted)
  const loggedIn = await settle(ctx.http.signal, () => login.flow.perform(victim, login.account, 'victim logs in carrying the planted id'))
  if (!loggedIn.ok) {
    cut(ctx, t, carrier, `${describe(carrier)}: the victim's login could not complete (${loggedIn.reason})`)
    return
  }
  const attempt = loggedIn.value
  const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated) {
    t.inconclusive.push(`${describe(carrier)}: the victim's login with a planted id did not succeed (${victimAccess.reason})`)
    return
  }
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the attacker session is not used after the replay, so whether its jar keeps the answer's cookies is never read
  const after = await login.flow.access(attacker, "attacker replays only the planted id after the victim's login", { freeze: true })
  // tried only once the replay, the request that decides, has answered
  t.tried.push(describe(carrier))
  const victimValue = valueIn(ctx, victim, carrier)
  if (after.authenticated) {
    const evidence = [...before.exchanges, ...attempt.exchanges, ...victimAccess.exchanges, ...after.exchanges]
    t.findings.push(adopted(ctx, carrier, evidence, before.reason, after.reason, victimValue === planted, 'the login page'))
    return
  }
  if (look && !t.permissive) {
    const replaced = [look, attempt.page].some((r) => {
      const v = setCookieValue(r.setCookies, carrier.name)
      return v !== undefined && v !== planted
    })
    // not replaced where a fresh visitor gets a new id, replaced at login: permissive only if the server used it
    if (!replaced && victimValue !== undefined && victimValue !== planted) {
      const use = await usedAsSession(ctx, carrier, planted, [look, attempt.page], loginPagePath(ctx))
      if (use.used === true)
        t.permissive = {
          carrier,
          how: use.how,
          evidence: [...ctx.target.issuingExchanges, ...look.exchanges, ...attempt.exchanges, ...after.exchanges],
          summary: `The server accepted an invented ${describe(carrier)} before login: a fresh client is issued a new id on ${ctx.target.issuingPath}, but the invented one was kept without a replacement, and ${use.how}. It issued a new id at login, so the attacker's copy did not reach ${login.flow.login.check.url} (${after.reason}). No takeover, but unknown ids should be refused outright (strict mode).`,
        }
      else if (use.used === false) t.unused.push(`${describe(carrier)} on the login page: ${use.how}`)
      else
        t.undetermined.push(
          `${describe(carrier)} on the login page was not replaced before login and was replaced at login, but ${use.why}`,
        )
    }
  }
  if (!proven.some((p) => sameCarrier(p, carrier))) return
  for (const place of issuingPlaces(ctx, discovery, carrier)) {
    // one place that cannot complete is that place not tested; the next one is still attacked
    const settled = await settle(ctx.http.signal, () => plantWhereIssued(ctx, carrier, place, !t.permissive))
    if (!settled.ok) {
      cut(ctx, t, carrier, `${describe(carrier)} on ${describeRoute(place.route)}: ${settled.reason}`)
      continue
    }
    const r = settled.value
    if (r.tried) t.tried.push(`${describe(carrier)} on ${describeRoute(place.route)}`)
    if (r.inconclusive) t.inconclusive.push(r.inconclusive)
    if (r.undetermined) t.undetermined.push(r.undetermined)
    if (r.unused) t.unused.push(r.unused)
    if (r.finding) {
      t.findings.push(r.finding)
      break
    }
    if (r.permissive && !t.permissive) t.permissive = r.permissive
  }
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
 * The invented id sent where discovery saw the server hand a fresh visitor a session. Not replaced there
 * (nor on the victim's login page), the victim logs in carrying it and the attacker replays it: taken
 * into the victim's session is SG-FIX-ADOPT; replaced at login is SG-PERMISSIVE only when the server was
 * seen using it as a session (see session-memory.ts), not merely leaving it alone.
 */
async function plantWhereIssued(
  ctx: ProbeContext,
  carrier: Carrier,
  place: IssuingPlace,
  judge: boolean,
): Promise<{
  tried?: boolean
  inconclusive?: string
  finding?: Finding
  permissive?: Permissive
  undetermined?: string
  unused?: string
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
  const look =
    judge && carrier.kind === 'cookie'
      ? await lookAtLoginPage(
          ctx,
          carrier,
          planted,
          `attacker opens the login page carrying only the id it sent to ${where}: kept, and used?`,
        )
      : undefined
  const victim = actorWith(ctx, 'victim', carrier, planted)
  const attempt = await login.flow.perform(victim, login.account, 'victim logs in carrying the planted id')
  const victimAccess = await login.flow.access(victim, 'victim reaches the protected page')
  if (!victimAccess.authenticated)
    return {
      inconclusive: `${describe(carrier)} on ${where}: the victim's login with a planted id did not succeed (${victimAccess.reason})`,
    }
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the attacker session is not used after the replay, so whether its jar keeps the answer's cookies is never read
  const after = await login.flow.access(attacker, "attacker replays only the planted id after the victim's login", { freeze: true })
  const victimValue = valueIn(ctx, victim, carrier)
  const issuedThere = place.visit.exchanges ?? []
  if (after.authenticated) {
    const evidence = [...visit.exchanges, ...before.exchanges, ...attempt.exchanges, ...victimAccess.exchanges, ...after.exchanges]
    // Stryker disable next-line BooleanLiteral: with a finding the attack stops (plantAt breaks) and the verdict is failed, which never reads the tried list
    return { tried: true, finding: adopted(ctx, carrier, evidence, before.reason, after.reason, victimValue === planted, where) }
  }
  const keptAtLogin = keptIn(ctx, attempt.page, carrier, planted) && (!look || keptIn(ctx, look, carrier, planted))
  if (!judge || !keptAtLogin || victimValue === undefined || victimValue === planted) return { tried: true }
  const use = await usedAsSession(ctx, carrier, planted, look ? [visit, look, attempt.page] : [visit, attempt.page], loginPagePath(ctx))
  if (use.used === false) return { tried: true, unused: `${describe(carrier)} on ${where}: ${use.how}` }
  if (use.used === undefined)
    return {
      tried: true,
      undetermined: `${describe(carrier)} on ${where} was not replaced before login and was replaced at login, but ${use.why}`,
    }
  return {
    tried: true,
    permissive: {
      carrier,
      how: use.how,
      evidence: [...issuedThere, ...visit.exchanges, ...(look?.exchanges ?? []), ...attempt.exchanges, ...after.exchanges],
      summary: `The server accepted an invented ${describe(carrier)} before login where it hands a fresh visitor a new id (${where}): it kept the invented one without a replacement there and when the login page was opened with it, and ${use.how}. It issued a new id at login, so the attacker's copy did not reach ${login.flow.login.check.url} (${after.reason}). No takeover, but unknown ids should be refused outright (strict mode).`,
    },
  }
}

/** Without a login only pre-auth acceptance can be shown: is an invented id used as a session where the server issues sessions? */
async function attackWithoutLogin(ctx: ProbeContext): Promise<ProbeResult> {
  const fw = ctx.target.framework.id
  const findings: Finding[] = []
  const candidates = rankNames(ctx.target.issued.map((i) => i.name)).filter((n) => !isCsrfCookie(n))
  const refused: string[] = []
  const undetermined: string[] = []
  const page = ctx.target.issuingPath
  for (const name of candidates) {
    const sample = ctx.target.issued.find((i) => i.name === name)!.value
    const planted = inventLike(sample)
    ctx.redactor.addSecret(planted)
    const carrier: Carrier = { kind: 'cookie', name }
    const send = (note: string) => {
      // Stryker disable next-line StringLiteral: this session only lends its jar to one request (send is given the actor name itself): its name is never read
      const s = new ActorSession('attacker')
      for (const [k, v] of Object.entries(ctx.config.request.cookies)) s.jar.give(k, v, ctx.scope.base.href)
      s.jar.set(name, planted, ctx.scope.base.href)
      // Stryker disable next-line BooleanLiteral: a fresh jar per request, dropped after it (the answer's cookies are read from the response), so whether it keeps them is never read
      return ctx.http.send({ actor: 'attacker', path: page, jar: s.jar, freeze: true, note })
    }
    const res = await send(`sends an invented ${name} to the page that issues sessions`)
    const replaced = setCookieValue(res.setCookies, name)
    if (replaced !== undefined && replaced !== planted) {
      refused.push(`${name} replaced by the server`)
      continue
    }
    // left alone is not yet accepted: the page again with the invented id, to see whether the server kept state under it
    const again = await send(`sends the invented ${name} again: does the server keep state under it?`)
    const use = await usedAsSession(ctx, carrier, planted, [res, again], page)
    if (use.used === false) refused.push(`${name}: ${use.how}`)
    else if (use.used === undefined) undetermined.push(`${name} was not replaced on ${page}, but ${use.why}`)
    else
      findings.push(
        makeFinding(
          'SG-PERMISSIVE',
          {
            summary: `The server issues a new ${name} to a fresh client on ${page}, but kept an invented ${name} without replacing it, and ${use.how}: unknown session ids are accepted. Whether the id survives a login (SG-FIX-ADOPT) was not tested because no login is configured.`,
            evidence: [...ctx.target.issuingExchanges, ...res.exchanges, ...again.exchanges],
            confidence: 'firm',
            carrier,
          },
          fw,
        ),
      )
  }
  const outcomes: CheckOutcome[] = [
    {
      id: 'SG-FIX-ADOPT',
      status: 'not-tested',
      reason: 'needs a login to prove the planted id reaches a protected page',
      enableWith: ENABLE.login,
    },
    findings.length
      ? { id: 'SG-PERMISSIVE', status: 'failed', reason: 'invented ids used as sessions before login' }
      : undetermined.length
        ? {
            id: 'SG-PERMISSIVE',
            status: 'not-tested',
            reason: `whether the server uses an invented id as a session could not be observed: ${undetermined.join('; ')}`,
          }
        : candidates.length
          ? { id: 'SG-PERMISSIVE', status: 'passed', reason: `invented ids not accepted: ${refused.join('; ')}` }
          : {
              id: 'SG-PERMISSIVE',
              status: 'not-tested',
              reason: `no session cookie is issued at ${page}`,
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
