/// <reference lib="dom" />
// (page.evaluate callbacks below run in the browser, where these globals exist)
import { randomBytes } from 'node:crypto'
import { urlTokens } from '../../actors/ids.js'
import type { DiscoverySettings } from '../../config/discovery-schema.js'
import type { BrowserLoginDriver } from '../../login/browser/driver.js'
import { BrowserExplorer, type Explored } from '../../login/browser/explore.js'
import { plantedCookies } from '../../login/browser/planted-cookies.js'
import type { Recorded } from '../../login/browser/record.js'
import { readPage, type HtmlForm, type PageFacts } from '../../login/html.js'
import type { Carrier } from '../../model/finding.js'
import type { BrowserDiscoveryUse, PlantRoute } from '../../model/target.js'
import type { ProbeContext } from '../types.js'
import { HttpVisitor, type Seen, type Visitor } from './pre-login-http.js'
import { formAction } from './form-submit.js'
import { startSteps } from './session-start.js'

/** The proof keeps the page and what its scripts fetched up to the id, not every image of the page. */
const MAX_PROOF = 10

function pathOf(url: string): string {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

function headerOf(headers: Record<string, string | string[]>, name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v.at(-1) : v
}

/**
 * The discovery in the attacker's own browser: pages run their scripts, so a session that a script
 * obtains (GET /api/session on load) is found like one a page hands out. Every page load counts against
 * the discovery budget, and the whole browser discovery against its time budget. Steps the browser
 * cannot do for an HTTP login (its failed login, `session.start` requests) go over HTTP with the
 * browser's cookies, and what they receive goes back into the browser.
 */
export class BrowserVisitor implements Visitor {
  readonly mode = 'browser' as const
  private explorer?: Promise<BrowserExplorer>
  private readonly http: HttpVisitor
  private started?: number
  private pages = 0
  private requests = 0

  constructor(
    private readonly ctx: ProbeContext,
    private readonly set: Carrier[],
    private readonly driver: BrowserLoginDriver,
    private readonly settings: DiscoverySettings,
  ) {
    this.http = new HttpVisitor(ctx, set)
  }

  private get elapsed(): number {
    return this.started === undefined ? 0 : performance.now() - this.started
  }

  private timeout(): number {
    return Math.max(1000, Math.min(this.ctx.config.scope.timeout, this.settings.time - this.elapsed))
  }

  private ex(): Promise<BrowserExplorer> {
    this.started ??= performance.now()
    this.explorer ??= BrowserExplorer.open(this.driver, this.ctx.scope.origin, this.ctx.config.scope.max_body, this.http.attacker.jar)
    return this.explorer
  }

  canContinue(): boolean {
    return this.elapsed < this.settings.time && !this.driver.done
  }

  use(): BrowserDiscoveryUse {
    return {
      pages: this.pages,
      pageBudget: this.settings.budget,
      timeMs: Math.round(this.elapsed),
      timeBudgetMs: this.settings.time,
      requests: this.requests,
    }
  }

  async page(path: string, note: string): Promise<Seen> {
    const ex = await this.ex()
    this.pages++
    return this.seen(await ex.visit(this.ctx.scope.resolve(path).href, this.timeout()), path, note)
  }

  async repeat(path: string): Promise<Seen> {
    const ex = await this.ex()
    this.pages++
    return this.seen(await ex.reload(this.timeout()), path, `attacker's browser reloads ${path}`)
  }

  async failedLogin(): Promise<Seen> {
    const login = this.ctx.login!.flow.login
    if (login.type !== 'browser') return this.overHttp(() => this.http.failedLogin())
    const ex = await this.ex()
    this.pages++
    const nobody = { username: `sessionguard-nobody-${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('base64url') }
    this.ctx.redactor.addPassword(nobody.password)
    const page = login.page ?? login.url
    const explored = await ex.failedLogin(
      this.ctx.scope.resolve(page).href,
      nobody,
      { steps: login.steps, fields: login.fields },
      [this.ctx.scope.origin, ...(this.ctx.config.scope.login_origins ?? [])],
      this.timeout(),
    )
    return this.seen(explored, page, "attacker's browser fails a login with an unknown account, looking for a pre-login session")
  }

  async submit(pageUrl: string, _facts: PageFacts, form: HtmlForm, index: number): Promise<Seen> {
    const ex = await this.ex()
    this.pages++
    // the page is loaded again: submit only the very form that was judged harmless (same action and method)
    const action = formAction(this.ctx, pageUrl, form)?.href
    const explored = action ? await ex.submitForm(pageUrl, index, { action, method: form.method }, this.timeout()) : undefined
    if (!explored) throw new Error(`the form ${form.method} ${form.action ?? ''} is no longer on ${pathOf(pageUrl)} as it was judged`)
    return this.seen(explored, pathOf(pageUrl), `attacker's browser submits a form of ${pathOf(pageUrl)}`)
  }

  async start(): Promise<Seen> {
    const steps = startSteps(this.ctx)
    if (steps.every((s) => 'url' in s)) return this.overHttp(() => this.http.start())
    const ex = await this.ex()
    this.pages++
    const browserSteps = steps.filter((s) => !('url' in s)) as Parameters<BrowserExplorer['steps']>[0]
    const first = browserSteps[0]!
    const path = 'open' in first ? first.open : '/'
    return this.seen(
      await ex.steps(browserSteps, this.ctx.scope.base.href, this.timeout()),
      path,
      "attacker's browser starts a session as the config describes",
    )
  }

  /** An HTTP step with the browser's cookies; what it receives goes back into the browser. */
  private async overHttp(run: () => Promise<Seen>): Promise<Seen> {
    const ex = await this.ex()
    await ex.jar(this.http.attacker)
    const s = await run()
    await ex.addCookies(plantedCookies(this.http.attacker.jar, `${this.ctx.scope.origin}/`))
    return s
  }

  private seen(e: Explored, path: string, note: string): Seen {
    this.requests += e.records.length
    const doc = e.records.find((r) => r.document)
    const values: Record<string, string> = {}
    const issued: string[] = []
    let issuer: Recorded | undefined
    let complete = true
    for (const c of this.set) {
      const found = this.valueOf(c, e)
      // a value no response handed over (the page's script invented it) is not a session the server
      // issued: planting it would attack nothing the server keeps, and a "passed" would be untrue
      if (!found || !(found.by || found.issued)) {
        complete = false
        continue
      }
      values[c.name] = found.value
      if (found.by || found.issued) issued.push(c.name)
      issuer ??= found.by
    }
    const proof: Recorded[] = []
    if (doc) proof.push(doc)
    if (issuer && issuer !== doc) {
      const upto = e.records.indexOf(issuer)
      for (const r of e.records.slice(0, upto + 1))
        if (r !== doc && r.exchange.request.method !== 'GET' && proof.length < MAX_PROOF - 1) proof.push(r)
      if (!proof.includes(issuer)) proof.push(issuer)
    }
    if (!doc && !issuer) proof.push(...e.records.slice(0, MAX_PROOF))
    for (const r of proof) r.exchange.actor = 'attacker'
    if (doc) doc.exchange.note = `${note} (its scripts run)`
    if (issuer && issuer !== doc)
      issuer.exchange.note = `the page's script obtains the pre-login session: ${issuer.rawMethod} ${pathOf(issuer.rawUrl)}`
    const plant: PlantRoute = issuer
      ? {
          kind: 'request',
          method: issuer.rawMethod,
          path: pathOf(issuer.rawUrl),
          // the body the page sent, as sent: the report shows a page's body withheld, the replay needs it
          // (r31br N4: what the page read, the operator's script-readable cookies included, it can spell there)
          ...(issuer.exchange.request.body !== undefined
            ? issuer.afterTyping
              ? { body: issuer.exchange.request.body }
              : { body: issuer.rawBody, shownBody: issuer.exchange.request.body }
            : {}),
          ...(issuer.requestHeaders['content-type'] ? { contentType: issuer.requestHeaders['content-type'] } : {}),
        }
      : { kind: 'request', method: 'GET', path }
    const facts = e.html ? readPage(e.html) : undefined
    const navigable: string[] = []
    for (const l of facts?.navigable ?? []) {
      try {
        navigable.push(new URL(l, e.url).href)
      } catch {
        // not a URL
      }
    }
    return {
      url: e.url,
      exchanges: proof.map((r) => r.exchange),
      ...(complete ? { values } : {}),
      issued,
      ...(issuer && issuer !== doc ? { request: `${issuer.rawMethod} ${pathOf(issuer.rawUrl)}` } : {}),
      plant,
      navigable,
      ...(facts ? { facts } : {}),
    }
  }

  /** The carrier's value the browser now holds, and the response that handed it over during this step. */
  private valueOf(c: Carrier, e: Explored): { value: string; by?: Recorded; issued?: boolean } | undefined {
    const bodyHolding = (v: string): Recorded | undefined => [...e.records].reverse().find((r) => v.length >= 8 && r.body.includes(v))
    if (c.kind === 'cookie') {
      const value = e.cookies.find((k) => k.name === c.name)?.value
      if (!value) return undefined
      const by = [...e.records].reverse().find((r) => r.setCookies.some((h) => h.split('=', 1)[0]!.trim() === c.name))
      // a cookie the page's script wrote itself (document.cookie) from what an endpoint answered
      return { value, ...(by ? { by } : bodyHolding(value) ? { by: bodyHolding(value)! } : {}) }
    }
    if (c.kind === 'header') {
      const sent = [...e.records].reverse().find((r) => r.requestHeaders[c.name.toLowerCase()])
      let value = sent?.requestHeaders[c.name.toLowerCase()]
      const slot = this.driver.slotFor(c.name)
      if (!value && slot) {
        const stored = (slot.area === 'localStorage' ? e.storage.local : e.storage.session).find(([k]) => k === slot.key)?.[1]
        if (stored) value = `${slot.prefix}${stored}`
      }
      const answered = [...e.records].reverse().find((r) => headerOf(r.headers, c.name))
      if (!value && answered) value = headerOf(answered.headers, c.name)
      if (!value) return undefined
      const raw = slot && value.startsWith(slot.prefix) ? value.slice(slot.prefix.length) : value
      const by = answered && headerOf(answered.headers, c.name) === value ? answered : bodyHolding(raw)
      return { value, ...(by ? { by } : {}) }
    }
    const urls = [...e.records.filter((r) => r.document).map((r) => r.rawUrl), e.url]
    for (const l of e.html ? readPage(e.html).links : []) {
      try {
        urls.push(new URL(l, e.url).href)
      } catch {
        // not a URL
      }
    }
    const d = urlTokens(urls).find((t) => t.kind === c.kind && t.name.toLowerCase() === c.name.toLowerCase())
    return d ? { value: d.value, issued: true } : undefined
  }

  async close(): Promise<void> {
    if (this.explorer) await (await this.explorer.catch(() => undefined))?.close()
  }
}
