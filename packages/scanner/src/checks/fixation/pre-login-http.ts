import { randomBytes } from 'node:crypto'
import type { HttpResponse } from '../../http/client.js'
import { ActorSession, decorate } from '../../actors/session.js'
import { headerTokens, urlTokens } from '../../actors/ids.js'
import { readPage, type HtmlForm, type PageFacts } from '../../login/html.js'
import type { Carrier, Exchange } from '../../model/finding.js'
import type { BrowserDiscoveryUse, PlantRoute } from '../../model/target.js'
import type { ProbeContext } from '../types.js'
import { formRequest } from './form-submit.js'
import { runStartRequests } from './session-start.js'

/** What one step of the discovery saw: the page, what it handed over, and where a visitor could go next. */
export interface Seen {
  /** Final URL of the page (after redirects). */
  url: string
  exchanges: Exchange[]
  /** The value of every carrier of the set, when the attacker now holds the whole set. */
  values?: Record<string, string>
  /** Names of carriers of the set this step handed over. */
  issued: string[]
  /** The request that issued them when it was not the page itself. */
  request?: string
  plant?: PlantRoute
  /** Absolute URLs a click on the page leads to. */
  navigable: string[]
  /** The page's forms (read from the HTML, or from the page after its scripts ran). */
  facts?: PageFacts
}

/** How the attacker visits pages: plain HTTP requests, or a real browser that runs the pages' scripts. */
export interface Visitor {
  readonly mode: 'http' | 'browser'
  page(path: string, note: string): Promise<Seen>
  /** The same page again, as the same client (some apps write the session on the second visit). */
  repeat(path: string): Promise<Seen>
  failedLogin(): Promise<Seen>
  submit(pageUrl: string, facts: PageFacts, form: HtmlForm, index: number): Promise<Seen>
  start(): Promise<Seen>
  /** False once the browser's time budget is spent: nothing more is visited. */
  canContinue(): boolean
  use(): BrowserDiscoveryUse | undefined
  close(): Promise<void>
}

function isHtml(res: HttpResponse): boolean {
  return /html/i.test(String(res.headers['content-type'] ?? ''))
}

/** The value of each carrier of the set that `res` (or the attacker's jar after it) now holds. */
function valuesFor(ctx: ProbeContext, attacker: ActorSession, set: Carrier[], res: HttpResponse): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  const urls = [...res.exchanges.map((x) => x.request.url), res.url]
  const links = isHtml(res) ? readPage(res.body).links.map((l) => new URL(l, res.url).href) : []
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

export function issuedNames(set: Carrier[], res: HttpResponse): string[] {
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

function navigableOf(res: HttpResponse): string[] {
  if (!isHtml(res)) return []
  const out: string[] = []
  for (const l of readPage(res.body).navigable) {
    try {
      out.push(new URL(l, res.url).href)
    } catch {
      // not a URL
    }
  }
  return out
}

function pathOf(url: string): string {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

/** The discovery over plain HTTP: what an attacker with curl sees, GET only unless told otherwise. */
export class HttpVisitor implements Visitor {
  readonly mode = 'http' as const
  readonly attacker = new ActorSession('attacker')

  constructor(
    private readonly ctx: ProbeContext,
    private readonly set: Carrier[],
  ) {
    for (const [k, v] of Object.entries(ctx.config.request.cookies)) this.attacker.jar.give(k, v, ctx.scope.base.href)
  }

  private seen(res: HttpResponse, exchanges: Exchange[], plant: PlantRoute, combined: HttpResponse = res): Seen {
    const values = valuesFor(this.ctx, this.attacker, this.set, combined)
    return {
      url: res.url,
      exchanges,
      ...(values ? { values } : {}),
      issued: issuedNames(this.set, combined),
      plant,
      navigable: navigableOf(res),
      ...(isHtml(res) ? { facts: readPage(res.body) } : {}),
    }
  }

  async page(raw: string, note: string): Promise<Seen> {
    const { path, headers } = decorate(raw, {}, this.attacker.carry)
    const res = await this.ctx.http.send({ actor: 'attacker', path, headers, jar: this.attacker.jar, note })
    return this.seen(res, res.exchanges, { kind: 'request', method: 'GET', path: raw })
  }

  repeat(raw: string): Promise<Seen> {
    return this.page(raw, `attacker looks for a pre-login session: repeat visit ${raw}`)
  }

  async failedLogin(): Promise<Seen> {
    const login = this.ctx.login!
    const nobody = { username: `sessionguard-nobody-${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('base64url') }
    this.ctx.redactor.addPassword(nobody.password)
    const attempt = await login.flow.perform(
      this.attacker,
      nobody,
      'attacker fails a login with an unknown account, looking for a pre-login session',
    )
    const s = this.seen(attempt.submit, attempt.exchanges, { kind: 'failed login' })
    return { ...s, issued: issuedNames(this.set, attempt.submit) }
  }

  async submit(pageUrl: string, facts: PageFacts, form: HtmlForm, index: number): Promise<Seen> {
    const req = formRequest(this.ctx, facts, pageUrl, form, this.attacker.jar.entries(pageUrl))!
    const d = decorate(req.path, req.headers, this.attacker.carry)
    const res = await this.ctx.http.send({
      actor: 'attacker',
      method: req.method,
      path: d.path,
      headers: d.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      jar: this.attacker.jar,
      note: `attacker submits a form of a pre-login page, looking for a session: ${req.method} ${new URL(req.path, pageUrl).pathname}`,
    })
    const plant: PlantRoute =
      req.method === 'GET' ? { kind: 'request', method: 'GET', path: req.path } : { kind: 'form', page: pathOf(pageUrl), form: index }
    return this.seen(res, res.exchanges, plant)
  }

  async start(): Promise<Seen> {
    const all = await runStartRequests(this.ctx, this.attacker, 'attacker starts a session as the config describes')
    const last = all.at(-1)!
    const exchanges = all.flatMap((r) => r.exchanges)
    const combined: HttpResponse = { ...last, setCookies: all.flatMap((r) => r.setCookies), exchanges }
    return this.seen(last, exchanges, { kind: 'session start' }, combined)
  }

  canContinue(): boolean {
    return true
  }

  use(): undefined {
    return undefined
  }

  async close(): Promise<void> {}
}
