import type { ScanConfig } from '../config/schema.js'
import type { HttpEngine, HttpResponse } from '../http/client.js'
import type { Scope } from '../http/scope.js'
import { ActorSession, type Decor } from '../actors/session.js'
import { SESSIONISH } from '../actors/ids.js'
import type { Access, LoginAttempt, LoginFlow } from '../login/flow.js'
import type { Carrier, Exchange } from '../model/finding.js'
import type { IssuedCookie, ProvenCarrier } from '../model/target.js'
import { ConfigError } from '../errors.js'
import { carrierSetting } from '../config/session-setting.js'
import { parseSetCookie } from '../http/set-cookie.js'
import { isCsrfCookie } from '../login/csrf.js'
import { headerTokens, urlTokens } from '../actors/ids.js'

/** Session-like names first; names only rank candidates, removal decides. */
export function rankNames(names: string[]): string[] {
  const score = (n: string): number => (isCsrfCookie(n) ? 2 : SESSIONISH.test(n) ? 0 : 1)
  return [...names].sort((a, b) => score(a) - score(b))
}

/** A fresh client's first visit to where sessions are handed out. */
export async function visitIssuingPoint(http: HttpEngine, path: string): Promise<{ issued: IssuedCookie[]; response: HttpResponse }> {
  const anon = new ActorSession('anonymous')
  const response = await http.send({ actor: 'anonymous', path, jar: anon.jar, note: 'a fresh client opens the page that issues sessions' })
  const issued: IssuedCookie[] = []
  for (const { header } of response.setCookies) {
    const c = parseSetCookie(header)
    if (c) issued.push({ name: c.name, value: c.value, header })
  }
  return { issued, response }
}

function carrierOf(d: Decor): Carrier {
  return { kind: d.kind, name: d.name }
}

/**
 * Proves which identifier carries the logged-in session: drop each candidate and watch access to the
 * check URL disappear. Names only decide the order in which candidates are tried.
 */
export async function proveCarrier(
  config: ScanConfig,
  scope: Scope,
  flow: LoginFlow,
  main: ActorSession,
  attempt: LoginAttempt,
  access: Access,
): Promise<ProvenCarrier> {
  const url = scope.base.href
  const evidence: Exchange[] = []
  const configured = carrierSetting(config.session)
  const requestCookies = Object.keys(config.request.cookies)
  // only names the target issued are candidates: a cookie a page script made (a browser login) has a name
  // the page chose, after typing with the password to spell in it, and a candidate's name reaches the probes'
  // notes, the proof, the reasons and the error below. It still rides with the session.
  const pageCookies = new Set(attempt.pageCookies ?? [])
  const cookieNames = rankNames(main.jar.names(url).filter((n) => !requestCookies.includes(n) && !pageCookies.has(n)))
  // a browser login's URLs after typing were the page's to choose (history.replaceState, a fetch's path):
  // what the target put in them is in main.carry already, chosen by the driver (carriedByPage)
  const hop = [
    ...(attempt.pageChosenUrls ? [] : [...attempt.submit.exchanges.map((x) => x.request.url), attempt.submit.url]),
    access.response.url,
    ...access.response.exchanges.map((x) => x.request.url),
  ]
  // a browser login also hands over what the page's scripts sent (a bearer token from storage)
  const decors = [...urlTokens(hop), ...headerTokens(attempt.submit), ...main.carry]

  const required: Carrier[] = []
  const tryCookies =
    typeof configured === 'object' && 'cookie' in configured ? [configured.cookie] : configured === 'auto' ? cookieNames : []
  for (const name of tryCookies) {
    const probe = new ActorSession('scanner', main.jar.without(name, url), main.carry)
    const res = await flow.access(probe, `drops cookie ${name}: is the session lost?`, { freeze: true })
    if (!res.authenticated) {
      required.push({ kind: 'cookie', name })
      evidence.push(...res.exchanges)
    }
  }
  // redundant cookies (each sufficient alone): keep one at a time instead
  if (required.length === 0 && tryCookies.length > 1) {
    for (const name of tryCookies) {
      const probe = new ActorSession('scanner', main.jar.only([name], url), main.carry)
      const res = await flow.access(probe, `keeps only cookie ${name}: is the session kept?`, { freeze: true })
      if (res.authenticated) {
        required.push({ kind: 'cookie', name })
        evidence.push(...res.exchanges)
        break
      }
    }
  }

  // identifiers in URLs or headers: the session must survive with no cookies at all, and die without the identifier
  if (required.length === 0) {
    const wanted = typeof configured === 'object' ? configured : undefined
    const candidates = decors.filter(
      (d) =>
        !wanted ||
        ('header' in wanted && d.kind === 'header' && d.name.toLowerCase() === wanted.header.toLowerCase()) ||
        ('query' in wanted && d.kind === 'query' && d.name === wanted.query),
    )
    for (const d of candidates) {
      const withIt = await flow.access(
        new ActorSession('scanner', main.jar.only(requestCookies, url), [d]),
        `carries only ${d.kind} ${d.name}: is the session kept?`,
        { freeze: true },
      )
      if (!withIt.authenticated) continue
      const without = await flow.access(
        new ActorSession('scanner', main.jar.only(requestCookies, url), []),
        `carries nothing: is the session lost?`,
        { freeze: true },
      )
      if (without.authenticated) continue
      required.push(carrierOf(d))
      main.setCarry(d)
      evidence.push(...withIt.exchanges, ...without.exchanges)
      break
    }
  }

  const primary = required[0]
  if (!primary) {
    throw new ConfigError(
      `could not find what carries the session: removing each cookie (${cookieNames.join(', ') || 'none'}) and identifier (${decors.map((d) => d.name).join(', ') || 'none'}) kept access to ${flow.login.check.url}; set session: { cookie | header | query } or a stricter login.check`,
    )
  }

  // the same id accepted somewhere else (cookie value also honoured as a header): an extra door for fixation
  const accepted: Carrier[] = []
  if (primary.kind === 'cookie') {
    const value = main.jar.get(primary.name, url)
    for (const d of decors.filter((x) => x.kind === 'header' && x.value === value)) {
      const res = await flow.access(
        new ActorSession('scanner', main.jar.only(requestCookies, url), [d]),
        `sends the session id in header ${d.name} instead of the cookie`,
        { freeze: true },
      )
      if (res.authenticated) {
        accepted.push(carrierOf(d))
        evidence.push(...res.exchanges)
      }
    }
  }
  const names = required.map((c) => `${c.kind} ${c.name}`).join(' + ')
  return {
    primary,
    required,
    accepted,
    provenBy: `removing ${names} from a logged-in session lost access to ${flow.login.check.url}${accepted.length ? `; the same id is also accepted as ${accepted.map((c) => `${c.kind} ${c.name}`).join(', ')}` : ''}`,
    evidence,
  }
}
