import type { HttpResponse } from '../../http/client.js'
import { ActorSession } from '../../actors/session.js'
import { readPage } from '../../login/html.js'
import type { Carrier, Exchange } from '../../model/finding.js'
import type { ProbeContext } from '../types.js'
import { sameCarrier, setCookieValue } from '../carriers.js'
import { headerTokens, urlTokens } from '../../actors/ids.js'

// Does the server use an invented id as a session, or merely leave it alone? A server that ignores
// an id it does not know (serves the request as anonymous, stores nothing, sends no new cookie) looks
// exactly like one that adopted it if the scanner only asks "was it replaced?". What tells them apart
// is memory: state kept under the id shows up again on the next request that carries it. The page that
// shows such state on almost every site with pre-login sessions is the login page: its anti-CSRF token
// is kept per session. So the login page is opened twice carrying nothing but the invented id, and its
// per-session values are compared with what the server does for an id it issued itself.

/** Values a page shows that a server may keep per session: hidden form fields and token meta tags. */
export function pageMarkers(res: HttpResponse): Map<string, string> {
  const out = new Map<string, string>()
  if (!/html/i.test(String(res.headers['content-type'] ?? '')) || res.status < 200 || res.status >= 300) return out
  const facts = readPage(res.body)
  // the names come from the target and reach the report's words: a long one is named by its place, never
  // by a cut (the report masks whole secrets, and a password the page wrote across the cut would keep its start)
  const named = (n: string, place: string) => (n.length > 60 ? `${place} (its name is ${n.length} characters)` : n)
  for (const [i, form] of facts.forms.entries())
    for (const [j, input] of form.inputs.entries())
      if (input.type === 'hidden' && input.value.length >= 8)
        out.set(`hidden field ${named(input.name, `number ${j + 1}`)} (form ${i + 1})`, input.value)
  for (const [k, [name, value]] of Object.entries(facts.meta).entries())
    if (/csrf|xsrf|token|nonce/i.test(name) && value.length >= 8) out.set(`meta ${named(name, `number ${k + 1}`)}`, value)
  return out
}

/** How the server treats its own session on a page: the values it shows twice the same for the same id. */
export interface Baseline {
  first: Map<string, string>
  second: Map<string, string>
  exchanges: Exchange[]
}

const baselines = new WeakMap<object, Map<string, Promise<Baseline | undefined>>>()

/**
 * A fresh visitor opens `page`, is issued `cookie`, and opens the page again carrying only that cookie:
 * which values does the server keep for a session of its own? Once per scan, page and cookie.
 */
export function baselineOf(ctx: ProbeContext, page: string, cookie: string): Promise<Baseline | undefined> {
  const key = `${page}\u0000${cookie}`
  let byKey = baselines.get(ctx.target)
  if (!byKey) baselines.set(ctx.target, (byKey = new Map()))
  let running = byKey.get(key)
  if (!running) byKey.set(key, (running = measure(ctx, page, cookie)))
  return running
}

async function measure(ctx: ProbeContext, page: string, cookie: string): Promise<Baseline | undefined> {
  const fresh = new ActorSession('attacker')
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) fresh.jar.give(k, v, ctx.scope.base.href)
  const first = await ctx.http.send({
    actor: 'attacker',
    path: page,
    jar: fresh.jar,
    note: `control: a fresh visitor opens ${page} and is issued a ${cookie} of the server's own`,
  })
  const own = fresh.jar.get(cookie, ctx.scope.base.href)
  if (!own) return undefined
  ctx.redactor.addSecret(own)
  const again = fresh.jar.only([cookie, ...Object.keys(ctx.config.request.cookies)], ctx.scope.base.href)
  const second = await ctx.http.send({
    actor: 'attacker',
    path: page,
    jar: again,
    freeze: true,
    note: `control: the same visitor opens ${page} again carrying only that ${cookie}`,
  })
  return { first: pageMarkers(first), second: pageMarkers(second), exchanges: [...first.exchanges, ...second.exchanges] }
}

export type Memory = { verdict: 'carried'; key: string } | { verdict: 'forgotten'; key: string } | { verdict: 'unknown'; why: string }

/**
 * Compares two visits that carried only an invented id with the server's own session: a value the server
 * keeps per session (the same on both of its own visits) that is the same on both invented visits and
 * differs from its own was kept under the invented id; one that changes between the invented visits was
 * not. Anything else (no such value, values all equal to the server's own, or both answers at once)
 * tells nothing.
 */
export function judgeMemory(own: Baseline, first: Map<string, string>, second: Map<string, string>, page: string): Memory {
  const stable = [...own.first.keys()].filter((k) => own.second.get(k) === own.first.get(k) && first.has(k) && second.has(k))
  if (stable.length === 0)
    return {
      verdict: 'unknown',
      why: `${page} shows no value the server keeps per session (such as an anti-CSRF token), so whether it keeps state under an id cannot be seen`,
    }
  const carried = stable.filter((k) => first.get(k) === second.get(k) && first.get(k) !== own.first.get(k))
  const forgotten = stable.filter((k) => first.get(k) !== second.get(k))
  if (carried.length > 0 && forgotten.length === 0) return { verdict: 'carried', key: carried[0]! }
  if (forgotten.length > 0 && carried.length === 0) return { verdict: 'forgotten', key: forgotten[0]! }
  return {
    verdict: 'unknown',
    why:
      carried.length > 0
        ? `${page} kept some per-session values under the invented id and changed others`
        : `the per-session values of ${page} were the same for the invented id as for the server's own session`,
  }
}

/** Did the server hand the planted value back itself (Set-Cookie name=<planted>, the header or a URL carrying it)? */
export function echoed(res: HttpResponse, carrier: Carrier, planted: string): boolean {
  if (carrier.kind === 'cookie') return setCookieValue(res.setCookies, carrier.name) === planted
  const urls = [...res.exchanges.map((x) => x.request.url), res.url]
  return [...headerTokens(res), ...urlTokens(urls)].some((d) => sameCarrier(d, carrier) && d.value === planted)
}

export type Use = { used: true; how: string; evidence: Exchange[] } | { used: false; how: string } | { used: undefined; why: string }

/**
 * Whether the server used the invented id as a session, from requests that carried only it: `visits`
 * (where it was planted, and `page` twice, the last two of them) and the server's own session on
 * `page` as the control. Memory decides when the page shows any; without it, a server that set the
 * invented id itself (Set-Cookie with that very value) issued it as its own session.
 */
export async function usedAsSession(
  ctx: ProbeContext,
  carrier: Carrier,
  planted: string,
  visits: HttpResponse[],
  page: string,
): Promise<Use> {
  const [first, second] = visits.slice(-2)
  const echo = visits.find((v) => echoed(v, carrier, planted))
  let why = 'the server did not set the invented id itself'
  if (carrier.kind === 'cookie' && first && second) {
    const own = await baselineOf(ctx, page, carrier.name)
    if (own) {
      const memory = judgeMemory(own, pageMarkers(first), pageMarkers(second), page)
      if (memory.verdict === 'carried')
        return {
          used: true,
          how: `${page} showed the same ${memory.key} on two requests that carried only the invented id, and another one to the server's own session: state was kept under it`,
          evidence: [...first.exchanges, ...second.exchanges],
        }
      if (memory.verdict === 'forgotten')
        return {
          used: false,
          how: `${page} showed a new ${memory.key} on each request that carried the invented id, while it keeps one per session for ids it issued: the server served it as no session`,
        }
      why = `${memory.why}, and ${why}`
    } else why = `a fresh visitor was not issued ${carrier.name} on ${page} for comparison, and ${why}`
  }
  if (echo)
    return {
      used: true,
      how: `the server set the invented id itself (${carrier.kind === 'cookie' ? `Set-Cookie ${carrier.name}=<the invented id>` : 'handed back the invented id'}): it issued it as its own session`,
      evidence: echo.exchanges,
    }
  return { used: undefined, why }
}
