import type { Carrier, Exchange } from '../../model/finding.js'
import type { ProbeContext, LoginContext } from '../types.js'
import type { PreLoginDiscovery, PreLoginSource, PreLoginVia, PreLoginVisit } from '../../model/target.js'
import { BudgetExhaustedError, ConfigError, LoginFailedError, ScanError, TargetUnreachableError } from '../../errors.js'
import { oneLine } from '../../http/client.js'
import { looksDestructive } from '../../target/destructive.js'
import { withoutUrls } from '../../text/without-urls.js'
import { describeForm, submittable } from './form-submit.js'
import { HttpVisitor, type Seen, type Visitor } from './pre-login-http.js'
import { BrowserVisitor } from './pre-login-browser.js'
import { startSteps } from './session-start.js'

// Where would an attacker get a pre-login session id the server issued? Many frameworks create a
// session only when something is written to it (a visit counter, a cart, a flash message after a
// failed login, a script's call to /api/session), so the login page alone is not enough. The attacker
// looks where anyone can — GET only, same origin, within a budget; in its own browser when the pages
// need their scripts; forms only when the user allows it — and says which page handed out which id.

export type { PreLoginVia, PreLoginVisit, PreLoginSource, PreLoginDiscovery } from '../../model/target.js'

const ASSET = /\.(css|js|mjs|map|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|webp|avif|mp4|webm|pdf|zip|gz)$/i

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`
}

/** A page that could not be visited is one unvisited page; only the end of the scan's budget or a cancel stops the discovery. */
function pageFailure(ctx: ProbeContext, err: unknown): boolean {
  if (ctx.http.signal.aborted) return false
  return !(err instanceof BudgetExhaustedError || err instanceof ConfigError || err instanceof LoginFailedError)
}

/**
 * Why a page could not be visited, in the scanner's words only. The engine's messages start with the
 * request (`GET /path: `), whose path (after redirects) the target chose; a browser's name the URL. A
 * link's path can spell an id the target issued or a password it received, so what is said is the
 * engine's reason after that prefix, or the kind of failure.
 */
function reasonOf(err: unknown): string {
  const msg = String((err as Error)?.message ?? err).split('\n')[0]!
  // a URL path holds no ': ' (a space is always escaped in it), so the request ends at the first one
  if ((err instanceof TargetUnreachableError || err instanceof ScanError) && msg.includes(': '))
    return oneLine(withoutUrls(msg.slice(msg.indexOf(': ') + 2)), 200)
  if (/Timeout|timed out/i.test(msg)) return 'no answer in time'
  const code = /net::(ERR_[A-Z_]+)/.exec(msg)?.[1]
  return code ? `the browser could not open it (${code})` : 'it could not be opened'
}

/**
 * A place the attacker was led to by a page (a link, a form's action) is the page's text: its path can
 * spell an id the target issued, or a password it received at an earlier login, so reports name it by
 * its kind and number ('link 3'), never by its path. The places the operator named are shown as named,
 * and so is the page that handed over the session: its request is the finding's evidence.
 */
const PAGE_CHOSEN: ReadonlySet<PreLoginVia> = new Set<PreLoginVia>(['link', 'form'])

/** Every carrier the proven session needs, as the pre-login id must supply it (a cookie and its signature). */
export function preLoginSet(ctx: ProbeContext): Carrier[] {
  const proven = ctx.target.carrier!
  return proven.primary.kind === 'cookie' ? proven.required.filter((c) => c.kind === 'cookie') : [proven.primary]
}

const memo = new WeakMap<LoginContext, Map<string, Promise<PreLoginDiscovery>>>()

/**
 * Looks for a server-issued id of `set` (every carrier the proven session needs) as an attacker would:
 * the login page, the user's `session.start`, pages the user named, the target root, the check URL
 * without a session, a repeated visit, one failed login with an unknown account, then same-origin links
 * and forms of the pages seen. Stops at the first step that hands over the whole set. Runs once per
 * scan: the adoption checks plant invented ids where it found sessions issued.
 */
export function discoverPreLogin(ctx: ProbeContext, set: Carrier[]): Promise<PreLoginDiscovery> {
  const login = ctx.login!
  const key = set.map((c) => `${c.kind}:${c.name}`).join('+')
  let byKey = memo.get(login)
  if (!byKey) memo.set(login, (byKey = new Map()))
  let running = byKey.get(key)
  if (!running) byKey.set(key, (running = discover(ctx, set)))
  return running
}

/**
 * The same search again, from a fresh attacker with nothing of the first: for a second id the server
 * issues the same way (an attack that needs an id no victim has logged in with yet). Not memoised.
 */
export function discoverPreLoginAgain(ctx: ProbeContext, set: Carrier[]): Promise<PreLoginDiscovery> {
  return discover(ctx, set)
}

async function discover(ctx: ProbeContext, set: Carrier[]): Promise<PreLoginDiscovery> {
  const login = ctx.login!
  const cfg = login.flow.login
  const settings = cfg.discovery
  const budget = settings.budget
  const visitor: Visitor = ctx.login?.browser ? new BrowserVisitor(ctx, set, ctx.login.browser, settings) : new HttpVisitor(ctx, set)
  const visited: PreLoginVisit[] = []
  const notes: string[] = []
  const formsSeen: string[] = []
  const skipped = new Set<string>()
  const seen = new Set<string>()
  const pages: Seen[] = []
  let used = 0
  let loginPage: Exchange[] = []
  const numbered: Record<string, number> = {}

  const step = async (
    path: string,
    via: PreLoginVia,
    run: () => Promise<Seen>,
    cost: number,
    method = 'GET',
  ): Promise<PreLoginSource | undefined> => {
    if ((cost > 0 && used + cost > budget) || !visitor.canContinue()) return undefined
    used += cost
    let shown = PAGE_CHOSEN.has(via) ? `${via} ${(numbered[via] = (numbered[via] ?? 0) + 1)}` : path
    let s: Seen
    try {
      s = await run()
    } catch (err) {
      if (!pageFailure(ctx, err)) throw err
      const why = reasonOf(err)
      visited.push({ path: shown, via, ...(method !== 'GET' ? { method } : {}), issued: [], error: why })
      notes.push(
        PAGE_CHOSEN.has(via)
          ? `pre-login discovery: ${method} ${shown} (a ${via} of a page seen; its path not shown: the page chose it) was not visited: ${why}; the discovery went on without it`
          : `pre-login discovery: ${method} ${path} (${via}) was not visited: ${why}; the discovery went on without it`,
      )
      return undefined
    }
    // the page that hands over the session is the finding's proof: its recorded request shows the path anyway
    if (s.values) shown = path
    visited.push({
      path: shown,
      via,
      ...(method !== 'GET' ? { method } : {}),
      issued: s.issued,
      ...(s.request ? { request: s.request } : {}),
      ...(s.plant ? { plant: s.plant } : {}),
      ...(s.issued.length ? { exchanges: s.exchanges } : {}),
    })
    try {
      seen.add(pathOf(new URL(s.url)))
    } catch {
      // an error page has no URL worth remembering
    }
    seen.add(pathOf(ctx.scope.resolve(path)))
    pages.push(s)
    const exchanges = via === 'repeat visit' ? [...loginPage, ...s.exchanges] : s.exchanges
    if (via === 'login page') loginPage = s.exchanges
    if (!s.values) return undefined
    return { path, via, natural: via !== 'failed login', values: s.values, exchanges, ...(s.request ? { request: s.request } : {}) }
  }

  try {
    // the login page is always opened (it is part of any login); the user's own pages and start
    // sequence are always tried; everything else counts against the budget
    const page = cfg.page ?? cfg.url
    let found = await step(
      page,
      'login page',
      () => visitor.page(page, 'attacker opens the login page and keeps the pre-auth id the server issues'),
      0,
    )
    const start = startSteps(ctx)
    if (!found && start.length) {
      const first = start[0]!
      const where = 'url' in first ? first.url : 'open' in first ? first.open : page
      found = await step(where, 'session start', () => visitor.start(), 0, 'url' in first ? first.method : 'GET')
    }
    const fixed: Array<[string, PreLoginVia, number]> = [
      ...cfg.pre.map((p): [string, PreLoginVia, number] => [p, 'named page', 0]),
      [`${ctx.scope.base.pathname}${ctx.scope.base.search}`, 'root', 1],
      [cfg.check.url, 'check URL', 1],
    ]
    for (const [p, via, cost] of fixed) {
      if (found) break
      if (seen.has(pathOf(ctx.scope.resolve(p))) && via !== 'named page') continue
      found = await step(p, via, () => visitor.page(p, `attacker looks for a pre-login session: ${via} ${p}`), cost)
    }
    // some apps write the session only on the second request of a client (a visit counter that starts at 1)
    if (!found) found = await step(page, 'repeat visit', () => visitor.repeat(page), 1)
    // a session written by a failed login (a flash message, a saved request): one attempt with an unknown account
    if (!found) found = await step(cfg.url, 'failed login', () => visitor.failedLogin(), 2, cfg.type === 'browser' ? 'GET' : cfg.method)
    // links and forms of every page seen so far, in the order they were shown
    for (let i = 0; !found && i < pages.length && used < budget && visitor.canContinue(); i++) {
      const s = pages[i]!
      for (const href of s.navigable) {
        if (found || used >= budget) break
        let url: URL
        try {
          url = new URL(href)
        } catch {
          continue
        }
        url.hash = ''
        if (!/^https?:$/.test(url.protocol) || !ctx.scope.inScope(url.href) || ASSET.test(url.pathname) || looksDestructive(pathOf(url)))
          continue
        if (seen.has(pathOf(url))) continue
        seen.add(pathOf(url))
        found = await step(
          pathOf(url),
          'link',
          () => visitor.page(pathOf(url), 'attacker looks for a pre-login session: a link of a page seen'),
          1,
        )
      }
      for (const [index, form] of (s.facts?.forms ?? []).entries()) {
        if (found || form.hasPassword) continue
        const what = describeForm(ctx, s.url, form)
        const allowed = form.method === 'GET' || settings.forms
        const safe = submittable(ctx, s.url, form)
        const key = `${what}#${i}`
        if (!allowed || !safe) {
          // by its method and number only: its action is the page's text
          if (!/\(this page\)$/.test(what) && !skipped.has(what)) {
            skipped.add(what)
            numbered.form = (numbered.form ?? 0) + 1
            formsSeen.push(`${form.method} form ${numbered.form}${safe ? '' : ' (looks destructive, never submitted)'}`)
          }
          continue
        }
        if (used >= budget || seen.has(key)) continue
        seen.add(key)
        found = await step(what.slice(what.indexOf(' ') + 1), 'form', () => visitor.submit(s.url, s.facts!, form, index), 1, form.method)
      }
    }
    if (!visitor.canContinue())
      notes.push(`pre-login discovery: the attacker's browser used its time budget (${Math.round(settings.time / 1000)} s)`)
    const browser = visitor.use()
    return {
      ...(found ? { found } : {}),
      visited,
      budget,
      used,
      formsSeen,
      ...(browser ? { browser } : {}),
      notes,
    }
  } finally {
    await visitor.close()
  }
}

/** "/login (login page), / (root: issued koa.sess)" — what the attacker tried, for reports. */
export function describeVisits(d: PreLoginDiscovery): string {
  return d.visited
    .map((v) => {
      const what = v.error
        ? `not visited: ${v.error}`
        : v.issued.length
          ? `issued ${v.issued.join(', ')}${v.request ? ` by ${v.request}` : ''}`
          : ''
      return `${v.method && v.method !== 'GET' ? `${v.method} ` : ''}${v.path} (${v.via}${what ? `: ${what}` : ''})`
    })
    .join(', ')
}
