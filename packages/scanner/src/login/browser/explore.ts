/// <reference lib="dom" />
// (page.evaluate callbacks below run in the browser, where these globals exist)
import type { Page } from 'playwright-core'
import { ActorSession } from '../../actors/session.js'
import type { BrowserStep } from '../../config/browser-login-schema.js'
import type { Account } from '../flow.js'
import type { ActorPage, BrowserLoginDriver } from './driver.js'
import { asObservation, TrafficRecorder, type Recorded } from './record.js'
import { defaultLogin, runSteps, StepFailure } from './steps.js'
import { cookiesToJar } from './transfer.js'
import type { Jar } from '../../http/jar.js'

/** What the attacker's browser holds after a page ran its scripts. */
export interface Explored {
  /** The page's URL once it settled. */
  url: string
  /** What the browser exchanged with the target during this step, in request order. */
  records: Recorded[]
  cookies: Array<{ name: string; value: string }>
  storage: { local: Array<[string, string]>; session: Array<[string, string]> }
  /** The document as its scripts left it. */
  html: string
}

/**
 * The attacker's own browser for the pre-login discovery: one context kept across pages (as a person
 * browsing keeps their cookies), guarded like every context of the driver (the target's origin only;
 * login origins only while a login form is being filled), recording what the pages' scripts fetch.
 */
export class BrowserExplorer {
  private constructor(
    private readonly driver: BrowserLoginDriver,
    private readonly actor: ActorPage,
    private readonly recorder: TrafficRecorder,
    private readonly phase: { login: boolean },
    private readonly origin: string,
    private readonly quietMs: number,
  ) {}

  static async open(driver: BrowserLoginDriver, origin: string, maxBody: number, cookies: Jar): Promise<BrowserExplorer> {
    const phase = { login: false }
    const actor = await driver.open(new ActorSession('attacker', cookies.clone()), phase)
    const recorder = new TrafficRecorder(actor.context, 'attacker', [origin], maxBody)
    return new BrowserExplorer(driver, actor, recorder, phase, origin, 300)
  }

  get page(): Page {
    return this.actor.page
  }

  /** Opens `url` and waits until the page and its scripts' requests are quiet (at most `timeoutMs`). */
  async visit(url: string, timeoutMs: number): Promise<Explored> {
    const mark = (await this.recorder.all()).length
    await this.page.goto(url, { waitUntil: 'load', timeout: timeoutMs })
    return this.settle(mark, timeoutMs)
  }

  async reload(timeoutMs: number): Promise<Explored> {
    const mark = (await this.recorder.all()).length
    await this.page.reload({ waitUntil: 'load', timeout: timeoutMs })
    return this.settle(mark, timeoutMs)
  }

  /**
   * A login that must fail (an unknown account): the form is filled as the login does it (its steps, or
   * the first password form), on the target or a login origin only; whatever the steps wait for after
   * the submission never comes, which is the expected end of a refused login.
   */
  async failedLogin(
    url: string,
    account: Account,
    how: { steps?: BrowserStep[] | undefined; fields: { username?: string | undefined; password?: string | undefined } },
    allowed: string[],
    timeoutMs: number,
  ): Promise<Explored> {
    const mark = (await this.recorder.all()).length
    this.phase.login = true
    try {
      await this.page.goto(url, { waitUntil: 'load', timeout: timeoutMs })
      try {
        if (how.steps) await runSteps(this.page, how.steps, account, timeoutMs, url, allowed)
        else await defaultLogin(this.page, account, how.fields, timeoutMs, allowed)
      } catch (err) {
        // a step that waits for the logged-in page fails after a refused login: that is the point
        if (!(err instanceof StepFailure) || !/step \d+ \(wait/.test(err.step)) throw err
      }
      await this.page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined)
      return await this.settle(mark, timeoutMs)
    } finally {
      this.phase.login = false
    }
  }

  /** Runs `session.start` browser steps: `open` moves to a page of the target, the rest are the login's steps. */
  async steps(list: Array<BrowserStep | { open: string }>, base: string, timeoutMs: number): Promise<Explored> {
    const mark = (await this.recorder.all()).length
    const nobody: Account = { username: '', password: '' }
    for (const step of list) {
      if ('open' in step) await this.page.goto(new URL(step.open, base).href, { waitUntil: 'load', timeout: timeoutMs })
      else await runSteps(this.page, [step], nobody, timeoutMs, base, [this.origin])
    }
    await this.page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined)
    return this.settle(mark, timeoutMs)
  }

  /**
   * Opens `pageUrl` and submits its form number `index` as a visitor would (empty text fields given a
   * harmless word), only when that form still has the action and method it was judged by. Returns
   * undefined when it does not.
   */
  async submitForm(
    pageUrl: string,
    index: number,
    expected: { action: string; method: string },
    timeoutMs: number,
  ): Promise<Explored | undefined> {
    await this.page.goto(pageUrl, { waitUntil: 'load', timeout: timeoutMs })
    const mark = (await this.recorder.all()).length
    const navigated = this.page.waitForEvent('load', { timeout: timeoutMs }).catch(() => undefined)
    const submitted = await this.page.evaluate(
      ({ index, action, method }) => {
        const f = document.forms[index]
        if (!f || new URL(f.getAttribute('action') || location.href, location.href).href.split('#')[0] !== action) return false
        if ((f.getAttribute('method') || 'GET').toUpperCase() !== method) return false
        for (const el of Array.from(f.elements)) {
          const i = el as HTMLInputElement
          if (i.tagName === 'INPUT' && ['text', 'email', 'search', ''].includes(i.type) && !i.value)
            i.value = i.type === 'email' ? 'sessionguard@example.invalid' : 'sessionguard'
        }
        if (f.checkValidity()) f.requestSubmit()
        else f.submit()
        return true
      },
      { index, ...expected },
    )
    if (!submitted) return undefined
    await navigated
    return this.settle(mark, timeoutMs)
  }

  /** The browser's cookies for the target, as a jar (for a step the scanner does over HTTP). */
  async jar(into: ActorSession): Promise<void> {
    await cookiesToJar(this.actor.context, into, this.origin)
  }

  /** Puts cookies an HTTP step received into the browser. */
  async addCookies(entries: Array<{ name: string; value: string; httpOnly: boolean }>): Promise<void> {
    if (entries.length) await this.actor.context.addCookies(entries.map((c) => ({ ...c, url: `${this.origin}/` })))
  }

  private async settle(mark: number, timeoutMs: number): Promise<Explored> {
    await this.recorder.idle(this.quietMs, timeoutMs)
    const records = (await this.recorder.all()).slice(mark).filter((r) => r.origin === this.origin)
    for (const r of records) this.driver.observe(asObservation(r, 'attacker'))
    const cookies = (await this.actor.context.cookies(`${this.origin}/`)).map((c) => ({ name: c.name, value: c.value }))
    let storage: Explored['storage'] = { local: [], session: [] }
    let html = ''
    try {
      storage = await this.page.evaluate(() => ({ local: Object.entries(localStorage), session: Object.entries(sessionStorage) }))
      html = await this.page.content()
    } catch {
      // an error page or a download: nothing to read
    }
    return { url: this.page.url(), records, cookies, storage, html }
  }

  async close(): Promise<void> {
    await this.actor.context.close().catch(() => undefined)
  }
}
