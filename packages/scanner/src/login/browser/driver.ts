import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ScanConfig } from '../../config/schema.js'
import type { HttpEngine, Observation } from '../../http/client.js'
import type { Scope } from '../../http/scope.js'
import { type ActorSession, decorate } from '../../actors/session.js'
import type { Exchange } from '../../model/finding.js'
import { BudgetExhaustedError, LoginFailedError, ScanError } from '../../errors.js'
import type { Account, LoginAttempt, LoginDriver, PerformOptions } from '../flow.js'
import { bypassList, isBrowserService, startBlackHole } from './blackhole.js'
import { guardContext, placeOf } from './guard.js'
import { launchChromium } from './launch.js'
import { withoutWebRtc } from './no-webrtc.js'
import { startProxyGate } from './proxy-gate.js'
import { parseProxy } from '../../http/proxy.js'
import { locateBrowser } from './locate.js'
import { AnswerBodies } from './answer-bodies.js'
import { afterTypingUrl, asObservation, asResponse, shownMethod, TrafficRecorder, WITHHELD_QUERY } from './record.js'
import type { FilledForm } from './typed-body.js'
import type { SecondFactor } from '../mfa/factor.js'
import { pageMadeCookies } from './page-cookies.js'
import { storedCookieValue } from '../../http/set-cookie.js'
import { namePlaces, pathShown, shownPlace } from './page-place.js'
import type { Redactor } from '../../http/redact.js'
import { failureWords } from './failure-words.js'
import { postedBytes, samePostedEverywhere } from './posted-bytes.js'
import { defaultCode, defaultLogin, runSteps, StepFailure, typesCode } from './steps.js'
import { plantedCookies } from './planted-cookies.js'
import { carrierSetting } from '../../config/session-setting.js'
import { type StorageSlot, carriedByPage, cookiesToJar, findStorageSlots, plantScript, storedValue } from './transfer.js'

const VIEWPORT = { width: 1024, height: 720 }
/** The report's lines about what the browser was refused, the last one kept to say the list stopped. */
const MAX_NOTES = 20
/** Places (host:port) outside the scope counted one by one; from this many on the line says "many". */
const MAX_COUNTED = 10

/** A page context the driver opens for one actor, with what it needs to see it closed. */
export interface ActorPage {
  context: BrowserContext
  page: Page
}

/**
 * The victim's login performed by a real Chromium. The actor's identifiers are put into the browser
 * first (cookies, the storage slot a token app reads, URL parameters), the login runs as a user would,
 * and afterwards the browser's cookies and the session headers its scripts sent are moved back into
 * the actor's jar: every check then runs over HTTP on top of that login, unaware of the browser.
 */
export class BrowserLoginDriver implements LoginDriver {
  /** What the browser was refused or could not do, for the report's notes. */
  readonly notes: string[] = []
  /**
   * The places (host:port) outside the scope the browser was refused, counted and never named: a page
   * (or the target's redirect) chooses the host, and a label of it can spell the typed password or the
   * session id the page holds. Only the operator's own origins are ever named in a note.
   */
  private readonly elsewhere = new Set<string>()
  private launching?: Promise<Browser>
  private blackHole?: Promise<{ server: string; close(): Promise<void> }>
  private closed = false
  private readonly contexts = new Set<BrowserContext>()
  private readonly slots = new Map<string, StorageSlot>()
  private readonly executable: string
  private readonly onAbort = (): void => void this.close()
  private readonly budgetTimer: NodeJS.Timeout
  /**
   * Where each password step's browser ended, as it was (query included), keyed by the attempt's
   * afterPassword: only ever navigated to (the second factor resumes there), never written into a text.
   * After typing the page chose that URL (history.replaceState), so the attempt itself carries it as shown.
   */
  private readonly resumes = new WeakMap<object, string>()
  /** The passwords whose posted bytes the redactor has (or is being given): each is derived once. */
  private readonly encoded = new Map<string, Promise<void>>()
  /** The bytes each non-ASCII password is posted in from other charsets: how a login request carries it. */
  private readonly posted = new Map<string, Uint8Array[]>()

  constructor(
    private readonly config: ScanConfig,
    private readonly scope: Scope,
    private readonly http: HttpEngine,
    /** The operator's browser (a path or a name on PATH); the config may only name a system browser. */
    operatorBrowser?: string,
    /** Given the bytes this browser posts each typed password in, before it types it. */
    private readonly redactor?: Redactor,
  ) {
    this.executable = locateBrowser({ operator: operatorBrowser, configured: config.login?.browser })
    http.signal.addEventListener('abort', this.onAbort, { once: true })
    // the browser ends with the scan's time budget even while no HTTP request is waiting on it
    this.budgetTimer = setTimeout(this.onAbort, Math.max(0, config.scope.budget - http.elapsedMs))
    this.budgetTimer.unref()
  }

  private get timeout(): number {
    return this.config.scope.timeout
  }

  private get loginOrigins(): string[] {
    return this.config.scope.login_origins ?? []
  }

  private browser(): Promise<Browser> {
    // with an upstream proxy the browser's proxy is a gate that passes only the scan's origins on to it (loopback
    // included: no bypass); without one, the black hole refuses all but the bypassed hosts and ports
    const upstream = this.config.scope.proxy ? parseProxy(this.config.scope.proxy) : undefined
    this.blackHole ??= upstream
      ? startProxyGate(
          upstream,
          () => [this.scope.origin, ...this.loginOrigins],
          (where) => {
            if (!isBrowserService(where)) this.refusedAt(where, 'a request')
          },
        )
      : startBlackHole(({ origin, method }) => {
          if (!isBrowserService(origin))
            this.refusedAt(origin, method ? `a ${method}` : 'a connection (https, a WebSocket or a WebRTC relay)')
        })
    const direct = upstream ? [] : [this.scope.origin, ...this.loginOrigins]
    const bypass = bypassList(direct)
    // only the hosts Chromium connects to itself resolve: with an upstream proxy, none (it resolves them)
    const resolvable = direct.map((o) => new URL(o).hostname)
    this.launching ??= this.blackHole
      .then((hole) => launchChromium(this.executable, this.timeout, { server: hole.server, bypass }, resolvable))
      .then(async (b) => {
        // closed (aborted) while it started: do not leave it running
        if (this.closed) await b.close().catch(() => undefined)
        return b
      })
    return this.launching
  }

  private get stopped(): boolean {
    return this.http.signal.aborted || this.http.elapsedMs >= this.config.scope.budget
  }

  private abortError(): Error {
    const reason = this.http.signal.reason as { name?: string } | undefined
    const cancelled = this.http.signal.aborted && reason?.name !== 'TimeoutError'
    return !cancelled
      ? new BudgetExhaustedError(`scan time budget of ${Math.round(this.config.scope.budget / 1000)} s used up`)
      : new ScanError('scan cancelled')
  }

  private ensureOpen(): void {
    if (this.stopped) throw this.abortError()
    if (this.closed) throw new ScanError('the browser was closed')
  }

  /** A fresh context for one actor: guarded, with the actor's identifiers planted. */
  async open(session: ActorSession, phase: { login: boolean }, opts: { injectHeaders?: boolean } = {}): Promise<ActorPage> {
    this.ensureOpen()
    const browser = await this.browser()
    this.ensureOpen()
    const context = await browser.newContext({
      viewport: VIEWPORT,
      serviceWorkers: 'block',
      ignoreHTTPSErrors: this.config.insecure,
      acceptDownloads: false,
    })
    this.contexts.add(context)
    context.once('close', () => this.contexts.delete(context))
    await withoutWebRtc(context)
    context.setDefaultTimeout(this.timeout)
    context.setDefaultNavigationTimeout(this.timeout)
    const origin = this.scope.origin
    const inject: Record<string, string> = {}
    const planted: Array<{ slot: StorageSlot; value: string }> = []
    for (const d of session.carry.filter((x) => x.kind === 'header')) {
      // a page the app's script does not run on (an API check URL) only sees the header when it is sent for it
      const slot = opts.injectHeaders ? undefined : this.slots.get(d.name.toLowerCase())
      if (slot) planted.push({ slot, value: storedValue(slot, d.value) })
      else inject[d.name] = d.value
    }
    await guardContext(context, {
      origin,
      loginOrigins: this.loginOrigins,
      loginPhase: () => phase.login,
      inject,
      onBlocked: (line) => this.note(line),
      onElsewhere: (place) => this.countElsewhere(place),
    })
    // a redirect hop is not shown to the guard; the proxy refuses it unless it stays on an allowed
    // host:port, and the report says which request it was (a 307 re-posting the typed form included)
    context.on('request', (req) => {
      const from = req.redirectedFrom()
      if (!from) return
      let o = 'null'
      try {
        o = new URL(req.url()).origin
      } catch {
        // no origin
      }
      if (o === origin || this.loginOrigins.includes(o)) return
      const reposted = req.method() !== 'GET' && req.method() !== 'HEAD' && req.postData() !== null
      // the redirect's host is the target's choice (made after the password reached it): not named; the
      // methods are a page's choice after typing (any token), so only a plain one is said (record.ts's list)
      const said = (m: string): string => (shownMethod(m) === m ? m : 'request')
      this.note(
        `browser: the target redirected a ${said(from.method())} to an origin outside the scan's scope (not named: the target chose it); the scan's proxy refused it, so nothing${reposted ? ` (not the ${said(req.method())} body the redirect would have re-sent, typed credentials included)` : ''} reached that origin (add it to scope.login_origins if the login needs it)`,
      )
    })
    if (planted.length) await context.addInitScript({ content: plantScript(origin, planted) })
    const cookies = plantedCookies(session.jar, `${origin}/`).map((c) => ({ ...c, url: `${origin}/` }))
    try {
      if (cookies.length) await context.addCookies(cookies)
    } catch (err) {
      this.note(`browser: a planted cookie was refused by Chromium (${this.clip(String((err as Error).message), 160)})`)
    }
    const page = await context.newPage()
    return { context, page }
  }

  /** The paths the settings name for a login: the only ones a message shows once a secret is typed. */
  private namedPlaces(): string[] {
    const login = this.config.login!
    const waits = (login.steps ?? []).flatMap((s) => ('wait' in s && 'url' in s.wait ? [s.wait.url] : []))
    return [
      this.scope.base.href,
      login.url,
      login.check.url,
      ...(login.page ? [login.page] : []),
      ...(login.mfa?.page ? [login.mfa.page] : []),
      ...(login.mfa?.url ? [login.mfa.url] : []),
      ...waits,
    ]
  }

  async perform(session: ActorSession, account: Account, note: string, opts: PerformOptions): Promise<LoginAttempt> {
    const login = this.config.login!
    const part = opts.part ?? 'all'
    // what this context types, in order: the login answer is the answer to the request that carried the last of it
    const typedHere: string[] = []
    const factor = opts.factor && codesTyped(opts.factor, typedHere)
    // with a second factor the steps split at the first that types the code: the password part before it
    const cut = factor && login.steps ? login.steps.findIndex(typesCode) : -1
    const passwordSteps = login.steps && cut >= 0 ? login.steps.slice(0, cut) : login.steps
    const codeSteps = login.steps && cut >= 0 ? login.steps.slice(cut) : undefined
    const origin = this.scope.origin
    const phase = { login: true }
    let actor: ActorPage | undefined
    /** An error status of the login page: why it showed no form, said with the failure. */
    let answered: number | undefined
    const notesBefore = this.notes.length
    const elsewhereBefore = this.elsewhere.size
    try {
      await this.knowPostedBytes(account.password)
      const planted = session.jar.entries(`${origin}/`)
      actor = await this.open(session, phase)
      const { context, page } = actor
      // a session whose password a browser typed before (the password step of a second factor, a copy's
      // earlier login) is after typing from its first request: its pages may know the password already
      const recorder = new TrafficRecorder(
        context,
        session.actor,
        [origin, ...this.loginOrigins],
        this.config.scope.max_body,
        session.typed,
      )
      recorder.useAnswers(await AnswerBodies.attach(context, page, this.config.scope.max_body))
      const after = opts.after?.afterPassword
      const resume =
        part === 'second' ? (login.mfa?.page ?? (after ? (this.resumes.get(after) ?? placeOnly(after.url)) : undefined)) : undefined
      if (part === 'second' && resume === undefined)
        throw new StepFailure('the second factor', 'the password step did not say where it ended')
      const start = this.scope.resolve(decorate(resume ?? login.page ?? login.url, {}, session.carry).path)
      // the second factor's part opens where the password step ended: a page the target chose after the
      // password; a session typed into before (a copy's earlier login) is after typing from the start too
      namePlaces(
        page,
        [origin, ...this.loginOrigins],
        this.namedPlaces(),
        this.scope.base.href,
        part === 'second' || session.typed !== undefined,
      )
      const opened = pathShown(page, start.href)
      recorder.opens(start.href)
      try {
        const answer = await page.goto(start.href, { waitUntil: 'load' })
        if (answer && answer.status() >= 400) answered = answer.status()
      } catch (err) {
        // once typed, the URL opened (and any it was sent on to) is the page's choice: only the kind of failure
        throw new StepFailure(`opening the login page ${opened}`, session.typed ? failureWords(err) : String((err as Error).message))
      }
      const allowed = [origin, ...this.loginOrigins]
      const typing = async (form: FilledForm | undefined): Promise<void> => {
        typedHere.push(account.password)
        recorder.passwordTyped(form)
        session.typed ??= { form }
        // what the target set before the page held the password keeps its mask's prefix; nothing set later does
        const jar = await context.cookies().catch(() => [])
        this.redactor?.passwordSent([
          ...this.http.observations.flatMap((o) => o.setCookies.map(storedCookieValue)),
          ...jar.map((c) => c.value),
        ])
      }
      const done: string[] = []
      if (part !== 'second')
        done.push(
          ...(passwordSteps
            ? await runSteps(
                page,
                passwordSteps,
                account,
                this.timeout,
                start.href,
                allowed,
                part === 'all' ? factor : undefined,
                1,
                typing,
              )
            : await defaultLogin(page, account, login.fields, this.timeout, allowed, typing)),
        )
      if (factor && part !== 'password') {
        if (part === 'all') await page.waitForLoadState('load', { timeout: this.timeout }).catch(() => undefined)
        done.push(
          ...(codeSteps
            ? await runSteps(page, codeSteps, account, this.timeout, start.href, allowed, factor, cut + 1, typing)
            : login.steps
              ? []
              : await defaultCode(page, factor, login.mfa?.field, this.timeout, allowed)),
        )
      }
      // the page's own requests (fetch after submit, redirects through an IdP) settle before the jar is read
      await page.waitForLoadState('load', { timeout: this.timeout }).catch(() => undefined)
      await recorder.idle(500, this.timeout)
      phase.login = false
      this.ensureOpen()
      const recs = await recorder.all()
      const finalUrl = page.url()
      // the cookies a page script made ride on with the session (an app's own script may need one), never shown
      const madeByPage = pageMadeCookies(recs, await context.cookies(`${origin}/`), planted)
      for (const [name, value] of madeByPage) this.redactor?.addPageCookie(name, value)
      await cookiesToJar(context, session, origin)
      let declined = false
      const typed = session.typed !== undefined ? { secrets: typedHere, forms: this.posted } : undefined
      const setting = carrierSetting(this.config.session)
      const urlNames = [
        ...(typeof setting === 'object' && 'query' in setting ? [setting.query] : []),
        ...session.carry.filter((d) => d.kind !== 'header').map((d) => d.name),
      ]
      const decors = carriedByPage(
        recs,
        origin,
        Object.keys(this.config.request.headers),
        finalUrl,
        typed,
        () => {
          declined = true
        },
        urlNames,
      )
      // fixed words: the header's name and value were the page's to choose
      if (declined)
        this.note(
          "browser: a page sent a session-like header after the password was typed whose value the target's answer to the login request did not hand out; it is not carried (its name and value are the page's text). If the app's session is that header, set session: { header: <name> } and request.headers, or log in without the browser",
        )
      for (const d of decors) session.setCarry(d)
      for (const [k, slot] of await findStorageSlots(page, decors)) this.slots.set(k, slot)

      const mine = recs.filter((r) => r.origin === origin)
      if (opts.record ?? true) for (const r of mine) this.http.observations.push(asObservation(r, session.actor))
      // the browser's requests are part of the scan's traffic too (a HAR of the whole scan shows the login as it ran)
      if (opts.record ?? true) this.http.traffic?.push(...recs.map((r) => r.exchange))
      const pageIdx = recs.findIndex((r) => r.origin === origin && r.document)
      const pageRec = pageIdx >= 0 ? recs[pageIdx] : undefined
      const rest = recs.slice(pageIdx + 1)
      const submitRec =
        [...rest].reverse().find((r) => r.origin === origin && r.rawMethod !== 'GET') ??
        [...rest].reverse().find((r) => r.origin === origin && r.document) ??
        rest.at(-1)
      if (pageRec) pageRec.exchange.note = 'opens the login page in the browser'
      if (submitRec) submitRec.exchange.note = `${note} (in the browser)`
      const exchanges: Exchange[] = recs.map((r) => r.exchange)
      const cookiesOf = (list: typeof recs) =>
        list.filter((r) => r.origin === origin).flatMap((r) => r.setCookies.map((header) => ({ url: r.rawUrl, header })))
      const pageRes = asResponse(
        pageRec,
        pageRec ? [pageRec.exchange] : [],
        pageRec ? cookiesOf([pageRec]) : [],
        // a page opened after typing (the second factor's) is at a URL the page could choose: as shown
        pageRec?.exchange.request.url ?? (session.typed ? placeOnly(start.href) : start.href),
      )
      const submit = asResponse(
        submitRec,
        rest.map((r) => r.exchange),
        cookiesOf(rest),
        session.typed ? placeOnly(finalUrl) : finalUrl,
      )
      const attempt: LoginAttempt = {
        page: pageRes,
        submit,
        exchanges,
        // what the walls refused during this login belongs to its story (a 307 re-posting the form elsewhere)
        description: `browser ${part === 'second' ? 'second factor' : 'login'}: open ${opened}; ${done.join('; ')}; ended on ${shownPlace(page, finalUrl)}${
          this.notesSince(notesBefore, elsewhereBefore).length ? ` (${this.notesSince(notesBefore, elsewhereBefore).join('; ')})` : ''
        }`,
      }
      // a cookie a page script made is not one the target issued: never a carrier candidate, never named
      // (a name the target also issued, by a Set-Cookie here or a cookie the scanner planted, is the target's)
      const issuedNames = new Set([
        ...planted.map(([n]) => n),
        ...recs.flatMap((r) => r.setCookies.map((line) => line.split(';')[0]!.split('=')[0]!.trim())),
      ])
      attempt.pageCookies = [
        ...new Set([...(opts.after?.pageCookies ?? []), ...madeByPage.map(([n]) => n).filter((n) => !issuedNames.has(n))]),
      ]
      attempt.pageChosenUrls = session.typed !== undefined
      if (part === 'password') {
        attempt.afterPassword = submit
        this.resumes.set(submit, finalUrl)
      }
      if (part === 'second' && opts.after) {
        attempt.exchanges = [...opts.after.exchanges, ...exchanges]
        attempt.afterPassword = opts.after.afterPassword!
      }
      return attempt
    } catch (err) {
      if (this.stopped) throw this.abortError()
      if (err instanceof StepFailure) {
        const blocked = this.notes.filter((n) => n.startsWith('browser:'))
        throw new LoginFailedError(
          `browser login as ${JSON.stringify(account.username)} failed at ${err.step}: ${this.clip(err.why, 300)}${answered ? `; the login page answered ${answered}` : ''}${blocked.length ? ` (${blocked.join('; ')})` : ''}`,
        )
      }
      if (this.closed) throw new ScanError('the browser was closed during the login')
      throw err
    } finally {
      await actor?.context.close().catch(() => undefined)
    }
  }

  /**
   * Gives the redactor every byte sequence this Chromium posts `password` in from a page in another
   * charset, before it is ever typed: the page chooses the charset, and the recorded body, a later
   * reflection of it (base64, hex) and every report are redacted by these forms. Every non-ASCII
   * password of the config is derived in the same go; a printable ASCII one is posted as itself
   * everywhere and costs nothing. When the derivation fails, the password is not typed: the login
   * fails with that reason, rather than post bytes the redaction would not know.
   */
  private async knowPostedBytes(password: string): Promise<void> {
    const redactor = this.redactor
    if (!redactor || samePostedEverywhere(password) || this.encoded.has(password)) return this.encoded.get(password)
    const config = this.config
    const configured = [...(config.login ? [config.login.credentials].flat() : []), ...(config.accounts ?? [])].map((a) => a.password)
    const batch = [...new Set([password, ...configured])].filter((p) => !samePostedEverywhere(p) && !this.encoded.has(p))
    const run = (async () => {
      this.ensureOpen()
      const browser = await this.browser()
      let forms: Uint8Array[][]
      try {
        forms = await postedBytes(browser, batch, this.timeout)
      } catch (err) {
        if (this.stopped) throw this.abortError()
        throw new ScanError(
          `browser login: Chromium could not say which bytes it posts the password in from pages in other charsets (${redactor.clip(String((err as Error).message), 160)}); the password was not typed, so that no form of it the redaction does not know could reach the report`,
          { cause: err },
        )
      }
      batch.forEach((p, i) => {
        redactor.addPostedPassword(p, forms[i]!)
        this.posted.set(p, forms[i]!)
      })
    })()
    // a failed derivation is tried again by the next login rather than taken as done
    for (const p of batch) this.encoded.set(p, run)
    run.catch(() => {
      for (const p of batch) if (this.encoded.get(p) === run) this.encoded.delete(p)
    })
    return run
  }

  /** Keeps what the attacker's browser saw, as the engine keeps every response (cookie attributes, ids to redact). */
  observe(o: Observation): void {
    this.http.observations.push(o)
  }

  /** Where the app's page keeps the value it sends in this header (found after the scanner's own login). */
  slotFor(header: string): StorageSlot | undefined {
    return this.slots.get(header.toLowerCase())
  }

  /** Whether the scan's time is up or it was cancelled: the browser stops with it. */
  get done(): boolean {
    return this.stopped || this.closed
  }

  /**
   * A message Chromium or a page wrote, for a note or an error: masked with the secrets known now and
   * only then cut (Redactor.clip), so no secret is left half in it for the report's redaction to miss;
   * without a redactor its first line uncut, which the report's redaction then sees whole.
   */
  private clip(message: string, max: number): string {
    return this.redactor?.clip(message, max) ?? message.split('\n')[0]!
  }

  /** A refusal by one of the proxies: named when it is one of the operator's origins, else only counted. */
  private refusedAt(origin: string, what: string): void {
    const place = placeOf(origin)
    const own = [this.scope.origin, ...this.loginOrigins].find((o) => placeOf(o) === place)
    if (own) this.note(`browser: ${what} to ${own} was refused by the scan's proxy before it left (outside what the scan allows there)`)
    else this.countElsewhere(place)
  }

  /** The line that counts the places outside the scope, kept in one place of the list and updated there. */
  private elsewhereLine(): string {
    // how many is the page's choice too (a number per login spells bits of what it read): only a bucket is said
    const n = this.elsewhere.size
    const count = n >= MAX_COUNTED ? 'many other places' : n > 1 ? 'several other places' : 'one other place'
    return `browser: requests to ${count} (host and port) outside the scan's scope were refused before they left; not named, because a page chooses them and can spell in a host name what it read from the form (add an origin the login needs to scope.login_origins)`
  }

  private countElsewhere(place: string): void {
    if (this.elsewhere.has(place) || this.elsewhere.size >= MAX_COUNTED) return
    const before = this.elsewhere.size ? this.elsewhereLine() : undefined
    this.elsewhere.add(place)
    const at = before === undefined ? -1 : this.notes.indexOf(before)
    if (at >= 0) this.notes[at] = this.elsewhereLine()
    else this.note(this.elsewhereLine())
  }

  /** The notes a login added (the count of other places when it grew), for its description and error. */
  private notesSince(notesBefore: number, elsewhereBefore: number): string[] {
    const added = this.notes.slice(notesBefore)
    const line = this.elsewhereLine()
    if (this.elsewhere.size > elsewhereBefore && !added.includes(line) && this.notes.includes(line)) added.push(line)
    return added
  }

  note(line: string): void {
    if (this.notes.includes(line)) return
    // a page can try a thousand origins to push the one that matters (a re-posted form) out of the list:
    // past the limit the list says that it is not complete
    if (this.notes.length < MAX_NOTES - 1) this.notes.push(line)
    else if (this.notes.length === MAX_NOTES - 1)
      this.notes.push(
        `browser: more was refused than this list names (it stops at ${MAX_NOTES - 1}); nothing the walls refused left the scan's scope`,
      )
  }

  /** Closes every context and the browser; safe to call more than once, also while a launch is under way. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.http.signal.removeEventListener('abort', this.onAbort)
    clearTimeout(this.budgetTimer)
    const launching = this.launching
    // bounded: a context whose close never settles (a renderer stuck on a loaded machine) must not hold
    // the scan's end; the browser's own close, which ends every context with it, comes next
    await settledWithin(Promise.all([...this.contexts].map((c) => c.close().catch(() => undefined))), CLOSE_WAIT_MS)
    if (launching)
      await settledWithin(
        launching.then((b) => b.close()).catch(() => undefined),
        CLOSE_WAIT_MS,
      )
    if (this.blackHole) await this.blackHole.then((h) => h.close()).catch(() => undefined)
  }
}

/**
 * A URL the browser was at after typing, for a login's result: origin and path (the recorder's shown form,
 * the query as its marker dropped), or the origin alone when it has none.
 */
function placeOnly(raw: string): string {
  const shown = afterTypingUrl(raw)
  return shown === undefined ? 'about:blank' : shown.replace(WITHHELD_QUERY, '')
}

/** `factor`, each code it gives noted in `typed` (a code is typed only as one of them). */
function codesTyped(factor: SecondFactor, typed: string[]): SecondFactor {
  return {
    kind: factor.kind,
    beforePassword: () => factor.beforePassword(),
    async code() {
      const got = await factor.code()
      typed.push(got.code)
      return got
    },
    async retry(refused) {
      const got = await factor.retry(refused)
      if (got) typed.push(got.code)
      return got
    },
  }
}

/** How long close() waits on each of the contexts' and the browser's close before going on without them. */
export const CLOSE_WAIT_MS = 10_000

function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref()
    const done = (): void => {
      clearTimeout(timer)
      resolve()
    }
    work.then(done, done)
  })
}
