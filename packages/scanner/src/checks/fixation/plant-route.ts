import { randomBytes } from 'node:crypto'
import type { HttpResponse } from '../../http/client.js'
import { type ActorSession, decorate } from '../../actors/session.js'
import { headerTokens, urlTokens } from '../../actors/ids.js'
import { readPage } from '../../login/html.js'
import type { Carrier } from '../../model/finding.js'
import type { PlantRoute, PreLoginDiscovery, PreLoginVisit } from '../../model/target.js'
import type { ProbeContext } from '../types.js'
import { sameCarrier, setCookieValue } from '../carriers.js'
import { formRequest, submittable } from './form-submit.js'
import { runStartRequests } from './session-start.js'

/** Issuing places tried beyond the login page: enough for a shop's cart and a script's bootstrap call, within the request budget. */
const MAX_ROUTES = 3

export interface IssuingPlace {
  visit: PreLoginVisit
  route: PlantRoute
}

function routeKey(r: PlantRoute): string {
  return r.kind === 'request' ? `${r.method} ${r.path}` : r.kind === 'form' ? `form ${r.form} of ${r.page}` : r.kind
}

/** "GET /", "POST /cart", "the failed login": where an invented id was planted, for reports. */
export function describeRoute(r: PlantRoute): string {
  return r.kind === 'request' ? `${r.method} ${r.path}` : r.kind === 'form' ? `the form on ${r.page}` : `the ${r.kind}`
}

/**
 * Where discovery saw a fresh client given the session through this carrier, other than by opening the
 * login page (the login itself plants there already): one place per route, in the order seen.
 */
export function issuingPlaces(ctx: ProbeContext, discovery: PreLoginDiscovery, carrier: Carrier): IssuingPlace[] {
  const login = ctx.login!.flow.login
  const loginPage = ctx.scope.resolve(login.page ?? login.url)
  const out: IssuingPlace[] = []
  const keys = new Set<string>()
  for (const v of discovery.visited) {
    if (!v.plant || v.error || !v.issued.some((n) => n.toLowerCase() === carrier.name.toLowerCase())) continue
    const r = v.plant
    if (r.kind === 'request' && r.method === 'GET') {
      const u = ctx.scope.resolve(r.path)
      if (u.pathname === loginPage.pathname && u.search === loginPage.search) continue
    }
    const key = routeKey(r)
    if (keys.has(key)) continue
    keys.add(key)
    out.push({ visit: v, route: r })
    if (out.length >= MAX_ROUTES) break
  }
  return out
}

/** Does the server make the client go on with the planted id (true), or hand it another one (false)? */
export function keptIn(ctx: ProbeContext, res: HttpResponse, carrier: Carrier, planted: string): boolean {
  if (carrier.kind === 'cookie') {
    const v = setCookieValue(res.setCookies, carrier.name)
    return v === undefined || v === planted
  }
  const urls = [...res.exchanges.map((x) => x.request.url), res.url]
  if (/html/i.test(String(res.headers['content-type'] ?? '')))
    for (const l of readPage(res.body).links) {
      try {
        urls.push(new URL(l, res.url).href)
      } catch {
        // not a URL
      }
    }
  const handed = [...headerTokens(res), ...urlTokens(urls)].filter((d) => sameCarrier(d, carrier))
  return handed.every((d) => d.value === planted)
}

/** Replays what issued the session, as `session` (carrying an invented id): the server adopts it or replaces it. */
export async function replayRoute(ctx: ProbeContext, session: ActorSession, route: PlantRoute, note: string): Promise<HttpResponse> {
  const send = (
    method: string,
    raw: string,
    headers: Record<string, string>,
    body: string | undefined,
    what: string,
    shownBody?: string,
  ) => {
    const d = decorate(raw, headers, session.carry)
    return ctx.http.send({
      actor: session.actor,
      method,
      path: d.path,
      headers: d.headers,
      ...(body !== undefined ? { body } : {}),
      ...(shownBody !== undefined ? { shownBody } : {}),
      jar: session.jar,
      note: what,
    })
  }
  if (route.kind === 'request')
    return send(
      route.method,
      route.path,
      route.contentType ? { 'content-type': route.contentType, origin: ctx.scope.origin } : {},
      route.body,
      `${note}: ${route.method} ${route.path}`,
      route.shownBody,
    )
  if (route.kind === 'form') {
    const page = await send('GET', route.page, {}, undefined, `${note}: opens ${route.page}`)
    const facts = readPage(page.body)
    const form = facts.forms[route.form]
    // the page is fetched again: a form that now looks destructive is never submitted
    const req =
      form && submittable(ctx, page.url, form) ? formRequest(ctx, facts, page.url, form, session.jar.entries(page.url)) : undefined
    if (!req) return page
    const res = await send(req.method, req.path, req.headers, req.body, `${note}: submits the form (${req.method} ${req.path})`)
    return { ...res, setCookies: [...page.setCookies, ...res.setCookies], exchanges: [...page.exchanges, ...res.exchanges] }
  }
  if (route.kind === 'session start') {
    const all = await runStartRequests(ctx, session, note)
    const last = all.at(-1)!
    return { ...last, setCookies: all.flatMap((r) => r.setCookies), exchanges: all.flatMap((r) => r.exchanges) }
  }
  const nobody = { username: `sessionguard-nobody-${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('base64url') }
  ctx.redactor.addPassword(nobody.password)
  const attempt = await ctx.login!.flow.perform(session, nobody, `${note}: fails a login with an unknown account`)
  return { ...attempt.submit, setCookies: [...attempt.page.setCookies, ...attempt.submit.setCookies], exchanges: attempt.exchanges }
}
