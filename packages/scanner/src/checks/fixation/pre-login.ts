import { randomBytes } from 'node:crypto'
import type { HttpResponse } from '../../http/client.js'
import { ActorSession, decorate } from '../../actors/session.js'
import { headerTokens, urlTokens } from '../../actors/ids.js'
import { readPage } from '../../login/html.js'
import type { Carrier, Exchange } from '../../model/finding.js'
import type { ProbeContext } from '../types.js'
import type { PreLoginDiscovery, PreLoginSource, PreLoginVia, PreLoginVisit } from '../../model/target.js'

// Where would an attacker get a pre-login session id the server issued? Many frameworks create a
// session only when something is written to it (a visit counter, a cart, a flash message after a
// failed login), so the login page alone is not enough. The attacker looks where anyone can, GET
// only and same-origin, within a small budget, and says which page handed out which id.

export type { PreLoginVia, PreLoginVisit, PreLoginSource, PreLoginDiscovery } from '../../model/target.js'

const NEVER_FOLLOW = /log-?out|sign-?out|log_out|delete|remove|destroy|unsubscribe/i
const ASSET = /\.(css|js|mjs|map|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|webp|avif|mp4|webm|pdf|zip|gz)$/i

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`
}

/** The value of each carrier of the set that `res` (or the attacker's jar after it) now holds. */
function valuesFor(ctx: ProbeContext, attacker: ActorSession, set: Carrier[], res: HttpResponse): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  const urls = [...res.exchanges.map((x) => x.request.url), res.url]
  const links = /html/i.test(String(res.headers['content-type'] ?? '')) ? readPage(res.body).links.map((l) => new URL(l, res.url).href) : []
  for (const c of set) {
    let v: string | undefined
    if (c.kind === 'cookie') v = attacker.jar.get(c.name, ctx.scope.base.href)
    else if (c.kind === 'header') v = headerTokens(res).find((d) => d.name.toLowerCase() === c.name.toLowerCase())?.value
    else v = urlTokens([...urls, ...links]).find((d) => d.kind === c.kind && d.name.toLowerCase() === c.name.toLowerCase())?.value
    if (v === undefined || v === '') return undefined
    out[c.name] = v
  }
  return out
}

function issuedNames(set: Carrier[], res: HttpResponse): string[] {
  const names = set.filter((c) => c.kind === 'cookie').map((c) => c.name)
  const hit = new Set<string>()
  for (const { header } of res.setCookies) {
    const name = header.split('=', 1)[0]!.trim()
    if (names.includes(name)) hit.add(name)
  }
  for (const d of [...urlTokens([...res.exchanges.map((x) => x.request.url), res.url]), ...headerTokens(res)]) {
    if (set.some((c) => c.kind === d.kind && c.name.toLowerCase() === d.name.toLowerCase())) hit.add(d.name)
  }
  return [...hit]
}

/**
 * Looks for a server-issued id of `set` (every carrier the proven session needs) as an attacker would:
 * the login page, pages the user named, the target root, the check URL without a session, a repeated
 * visit, one failed login with an unknown account, then same-origin links and GET forms of the pages
 * seen. Stops at the first page that hands over the whole set.
 */
export async function discoverPreLogin(ctx: ProbeContext, set: Carrier[]): Promise<PreLoginDiscovery> {
  const login = ctx.login!
  const cfg = login.flow.login
  const budget = cfg.discovery
  const attacker = new ActorSession('attacker')
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) attacker.jar.set(k, v, ctx.scope.base.href)
  const visited: PreLoginVisit[] = []
  const seen = new Set<string>()
  const bodies: HttpResponse[] = []
  let used = 0
  let previous: Exchange[] = []

  // the login page is always opened (it is part of any login); pages the user named are always visited; both count as used except the login page
  const visit = async (raw: string, via: PreLoginVia): Promise<PreLoginSource | undefined> => {
    if (via !== 'login page' && via !== 'named page' && used >= budget) return undefined
    if (via !== 'login page') used++
    const { path, headers } = decorate(raw, {}, attacker.carry)
    const note =
      via === 'login page'
        ? 'attacker opens the login page and keeps the pre-auth id the server issues'
        : `attacker looks for a pre-login session: ${via} ${raw}`
    const res = await ctx.http.send({ actor: 'attacker', path, headers, jar: attacker.jar, note })
    visited.push({ path: raw, via, issued: issuedNames(set, res) })
    seen.add(pathOf(new URL(res.url)))
    seen.add(pathOf(ctx.scope.resolve(raw)))
    bodies.push(res)
    const values = valuesFor(ctx, attacker, set, res)
    const exchanges = via === 'repeat visit' ? [...previous, ...res.exchanges] : res.exchanges
    previous = res.exchanges
    if (values) return { path: raw, via, natural: true, values, exchanges }
    return undefined
  }

  const page = cfg.page ?? cfg.url
  let found = await visit(page, 'login page')
  const fixed: Array<[string, PreLoginVia]> = [
    ...cfg.pre.map((p): [string, PreLoginVia] => [p, 'named page']),
    [`${ctx.scope.base.pathname}${ctx.scope.base.search}`, 'root'],
    [cfg.check.url, 'check URL'],
  ]
  for (const [p, via] of fixed) {
    if (found) break
    if (seen.has(pathOf(ctx.scope.resolve(p))) && via !== 'named page') continue
    found = await visit(p, via)
  }
  // some apps write the session only on the second request of a client (a visit counter that starts at 1)
  if (!found) found = await visit(page, 'repeat visit')
  // a browser login cannot tell a refused login from a broken step (its steps wait for the logged-in
  // page), so the failed-login plant is tried only where the login is HTTP
  if (!found && used + 2 <= budget && cfg.type !== 'browser') {
    used += 2
    const nobody = { username: `sessionguard-nobody-${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('base64url') }
    ctx.redactor.addPassword(nobody.password)
    const attempt = await login.flow.perform(
      attacker,
      nobody,
      'attacker fails a login with an unknown account, looking for a pre-login session',
    )
    visited.push({ path: cfg.url, via: 'failed login', issued: issuedNames(set, attempt.submit) })
    const values = valuesFor(ctx, attacker, set, attempt.submit)
    if (values) found = { path: cfg.url, via: 'failed login', natural: false, values, exchanges: attempt.exchanges }
  }
  // links and GET forms of every page seen so far, in the order they were shown
  for (let i = 0; !found && i < bodies.length && used < budget; i++) {
    const res = bodies[i]!
    if (!/html/i.test(String(res.headers['content-type'] ?? ''))) continue
    const facts = readPage(res.body)
    const candidates: Array<[string, PreLoginVia]> = [
      ...facts.links.map((l): [string, PreLoginVia] => [l, 'link']),
      ...facts.forms.filter((f) => f.method === 'GET' && !f.hasPassword).map((f): [string, PreLoginVia] => [f.action ?? res.url, 'form']),
    ]
    for (const [href, via] of candidates) {
      if (found || used >= budget) break
      let url: URL
      try {
        url = new URL(href, res.url)
      } catch {
        continue
      }
      if (!/^https?:$/.test(url.protocol) || !ctx.scope.inScope(url.href) || ASSET.test(url.pathname) || NEVER_FOLLOW.test(url.href))
        continue
      url.hash = ''
      if (seen.has(pathOf(url))) continue
      seen.add(pathOf(url))
      found = await visit(pathOf(url), via)
    }
  }
  if (found && found.via === 'failed login') found.natural = false
  return { ...(found ? { found } : {}), visited, budget, used }
}

/** "/login (login page), / (root: issued koa.sess)" — what the attacker tried, for reports. */
export function describeVisits(d: PreLoginDiscovery): string {
  return d.visited.map((v) => `${v.path} (${v.via}${v.issued.length ? `: issued ${v.issued.join(', ')}` : ''})`).join(', ')
}
