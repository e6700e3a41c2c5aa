import type { LoginConfig } from '../config/schema.js'
import type { HttpEngine, HttpResponse } from '../http/client.js'
import type { Exchange } from '../model/finding.js'
import { LoginFailedError, MfaCodeError, MfaRequiredError } from '../errors.js'
import { type ActorSession, decorate } from '../actors/session.js'
import { type HtmlForm, type PageFacts, looksLikeLoginPage, readPage } from './html.js'
import { isCsrfField, planCsrf } from './csrf.js'
import { headerTokens, urlTokens } from '../actors/ids.js'
import { headerValueFrom } from '../http/header-value.js'
import { maskUrlValues, type Redactor } from '../http/redact.js'
import { storedCookieValue } from '../http/set-cookie.js'
import type { SecondFactor } from './mfa/factor.js'
import { secondStep } from './mfa/second-step.js'
import { codeForm, secondFactorPrompt } from './mfa/code-form.js'

export interface Account {
  username: string
  password: string
  name?: string | undefined
}

export interface Access {
  authenticated: boolean
  /** Why not, in words: "302 to /login", "login form shown", "text 'alice' absent". */
  reason: string
  response: HttpResponse
  exchanges: Exchange[]
}

export interface LoginAttempt {
  /** Pre-login page response (pre-auth session, CSRF). */
  page: HttpResponse
  /** The credentials submission, redirects followed. */
  submit: HttpResponse
  exchanges: Exchange[]
  /** How the request was built, for the report: "form POST /login with fields email, password, _csrf". */
  description: string
  /** With a second factor: where the password step ended (the code form), before the code was sent. */
  afterPassword?: HttpResponse
  /**
   * A browser login: the names of the cookies a page script made (not issued by the target). Their names
   * are the page's text (after typing, with the password to spell in them): never a carrier candidate,
   * never written into any text.
   */
  pageCookies?: string[]
  /** A browser login after typing: submit's URLs were the page's to choose (the driver's carry has what the target issued). */
  pageChosenUrls?: boolean
}

/** Which part of a login to perform: all of it, only the password step, or only the second factor after it. */
export type LoginPart = 'all' | 'password' | 'second'

export interface PerformOptions {
  record?: boolean
  /** Default 'all'. 'second' needs `after`, the attempt of the password step. */
  part?: LoginPart
  after?: LoginAttempt
  factor?: SecondFactor | undefined
}

/** Performs the login some other way than by HTTP requests (a real browser); access checks stay HTTP. */
export interface LoginDriver {
  perform(session: ActorSession, account: Account, note: string, opts: PerformOptions): Promise<LoginAttempt>
}

/** Path and query for a message, every parameter value masked: a redirect can carry an id no one has learned yet. */
function pathOf(url: string): string {
  return maskUrlValues(url).slice(new URL(url).origin.length) || '/'
}

/**
 * Performs a login and tells whether a session reaches the check URL. Success is proven by the check
 * URL (status, and text when configured), never by the login response alone.
 */
export class LoginFlow {
  constructor(
    private readonly http: HttpEngine,
    readonly login: LoginConfig,
    readonly driver?: LoginDriver,
    /** Each account's second factor, when login.mfa is configured. */
    private readonly factors?: (account: Account) => SecondFactor | undefined,
    /** Told when a password is about to reach the target (what it sets from then on can spell it). */
    private readonly redactor?: Redactor,
  ) {}

  /** The same login proven by another check (an account's own text, the elevated page): driver and second factors kept. */
  withCheck(check: LoginConfig['check']): LoginFlow {
    return new LoginFlow(this.http, { ...this.login, check }, this.driver, this.factors, this.redactor)
  }

  /** The account's second factor; undefined without login.mfa. */
  factorOf(account: Account): SecondFactor | undefined {
    return this.login.mfa ? this.factors?.(account) : undefined
  }

  async access(session: ActorSession, note?: string, opts: { freeze?: boolean } = {}): Promise<Access> {
    const { path, headers } = decorate(this.login.check.url, {}, session.carry)
    const res = await this.http.send({
      actor: session.actor,
      path,
      headers,
      jar: session.jar,
      freeze: opts.freeze ?? false,
      note: note ?? 'is this session logged in?',
    })
    return { ...this.judge(res), response: res, exchanges: res.exchanges }
  }

  private judge(res: HttpResponse): { authenticated: boolean; reason: string } {
    const check = this.login.check
    const expected = check.status
    if (expected !== undefined ? res.status !== expected : res.status < 200 || res.status >= 300) {
      const hop = res.exchanges.length > 1 ? ` after redirect to ${pathOf(res.url)}` : ''
      return { authenticated: false, reason: `status ${res.status}${hop}` }
    }
    if (check.contains !== undefined) {
      return res.body.includes(check.contains)
        ? { authenticated: true, reason: `status ${res.status}, text ${JSON.stringify(check.contains)} present` }
        : { authenticated: false, reason: `text ${JSON.stringify(check.contains)} absent` }
    }
    if (looksLikeLoginPage(res.body)) return { authenticated: false, reason: 'a login form was shown' }
    const checkPath = new URL(res.url).pathname
    const loginPaths = [this.login.url, this.login.page].filter(Boolean).map((p) => new URL(p!, res.url).pathname)
    if (
      res.exchanges.length > 1 &&
      loginPaths.includes(checkPath) &&
      !loginPaths.includes(new URL(this.login.check.url, res.url).pathname)
    ) {
      return { authenticated: false, reason: `redirected to the login page ${checkPath}` }
    }
    return { authenticated: true, reason: `status ${res.status}` }
  }

  /**
   * Logs `session` in as `account`: the password step and, with login.mfa, the second factor. Returns
   * what was exchanged; success is for `access` to tell. `part` performs one step alone (the checks of
   * the privilege family plant and replay the session between the two).
   */
  async perform(session: ActorSession, account: Account, note = 'logs in', opts: PerformOptions = {}): Promise<LoginAttempt> {
    const part = opts.part ?? 'all'
    const factor = this.factorOf(account)
    if (this.driver) return this.driver.perform(session, account, note, { ...opts, part, factor })
    const record = opts.record ?? true
    if (part === 'second') {
      if (!factor || !opts.after?.afterPassword)
        throw new LoginFailedError('the second factor needs login.mfa and the password step before it')
      return this.second(session, factor, opts.after, note, record)
    }
    if (factor) await factor.beforePassword()
    const first = await this.passwordStep(session, account, factor ? `${note} (password step)` : note, record)
    if (!factor) return first
    const withPage = { ...first, afterPassword: first.submit }
    return part === 'password' ? withPage : this.second(session, factor, withPage, note, record)
  }

  private async second(
    session: ActorSession,
    factor: SecondFactor,
    first: LoginAttempt,
    note: string,
    record: boolean,
  ): Promise<LoginAttempt> {
    const done = await secondStep(
      this.http,
      this.login,
      session,
      factor,
      first.afterPassword!,
      `${note}: enters the second-factor code`,
      record,
    )
    this.keepCarriers(session, done.submit)
    return {
      page: first.page,
      submit: done.submit,
      exchanges: [...first.exchanges, ...done.exchanges],
      description: `${first.description}; then ${done.description}`,
      afterPassword: first.afterPassword!,
    }
  }

  /** A browser follows rewritten URLs and a client app keeps the id it was handed: so does the actor. */
  private keepCarriers(session: ActorSession, submit: HttpResponse): void {
    for (const d of urlTokens([...submit.exchanges.map((x) => x.request.url), submit.url])) session.setCarry(d)
    for (const d of headerTokens(submit)) if (session.carried('header', d.name) !== undefined) session.setCarry(d)
  }

  private async passwordStep(session: ActorSession, account: Account, note: string, record: boolean): Promise<LoginAttempt> {
    const cfg = this.login
    const pagePath = cfg.page ?? cfg.url
    const pageReq = decorate(pagePath, {}, session.carry)
    const page = await this.http.send({
      actor: session.actor,
      path: pageReq.path,
      headers: pageReq.headers,
      jar: session.jar,
      note: 'opens the login page',
      record,
    })
    const facts = readPage(page.body)
    const form = pickForm(facts)
    const type = cfg.type ?? (form ? 'form' : 'json')
    const userField = cfg.fields.username ?? guessUserField(form) ?? 'username'
    const passField = cfg.fields.password ?? form?.inputs.find((i) => i.type === 'password')?.name ?? 'password'

    const fields: Record<string, string> = {}
    let hasCsrfInput = false
    // a browser submits the form's hidden inputs; the visible ones are the credentials and `extra`
    if (form && type === 'form') {
      for (const input of form.inputs.filter((i) => i.type === 'hidden')) {
        fields[input.name] = input.value
        if (isCsrfField(input.name)) hasCsrfInput = true
      }
    }
    const csrf =
      cfg.csrf === 'off' ? { headers: {}, fields: {}, found: [] } : planCsrf(facts, form, session.jar.entries(page.url), hasCsrfInput)
    if (typeof cfg.csrf === 'object') applyExplicitCsrf(cfg.csrf, facts, form, session, page.url, csrf)
    Object.assign(fields, csrf.fields, cfg.extra, { [userField]: account.username, [passField]: account.password })

    // POST to the configured URL, unless the page's own form says where its credentials go (container FORM auth: j_security_check)
    let target = cfg.url
    if (type === 'form' && form?.action && (cfg.page === undefined || cfg.page === cfg.url)) {
      const action = new URL(form.action, page.url)
      if (action.origin === new URL(page.url).origin) target = `${action.pathname}${action.search}`
    }
    const body = type === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString()
    const ctype = type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'
    const req = decorate(
      target,
      { 'content-type': ctype, ...csrf.headers, origin: new URL(page.url).origin, referer: page.url },
      session.carry,
    )
    this.redactor?.passwordSent(this.http.observations.flatMap((o) => o.setCookies.map(storedCookieValue)))
    const submit = await this.http.send({
      actor: session.actor,
      method: cfg.method,
      path: req.path,
      headers: req.headers,
      body,
      jar: session.jar,
      note,
      record,
    })
    this.keepCarriers(session, submit)
    const description = `${type} ${cfg.method} ${new URL(target, page.url).pathname} with fields ${Object.keys(fields).join(', ')}${csrf.found.length ? `; CSRF: ${csrf.found.join(', ')}` : ''}`
    return { page, submit, exchanges: [...page.exchanges, ...submit.exchanges], description }
  }

  /** Logs in and proves it; a failure here is a configuration problem (exit 2), never a finding. */
  async establish(session: ActorSession, account: Account): Promise<{ attempt: LoginAttempt; access: Access }> {
    const attempt = await this.perform(session, account)
    let access = await this.access(session, 'check URL after login')
    if (!access.authenticated) {
      // an API client sends the token it was given: try the session ids the login response handed over
      for (const d of headerTokens(attempt.submit)) {
        const trial = session.copy(session.actor)
        trial.setCarry(d)
        const retry = await this.access(trial, `check URL with ${d.name} from the login response`)
        if (retry.authenticated) {
          session.setCarry(d)
          access = retry
          break
        }
      }
    }
    if (!access.authenticated) {
      const prompt = this.login.mfa ? undefined : secondFactorPrompt(attempt.submit)
      // a browser's page chose its path once the password was typed (pushState): its description says where it ended
      const where = (path: string): string => (this.driver ? 'the page the browser ended on' : path)
      if (prompt !== undefined)
        throw new MfaRequiredError(
          `the login reached a second-factor form at ${where(prompt)}; configure login.mfa (type: totp with credentials.totp_secret_env, or type: url with code_url and pattern; flags --totp-secret-env, --mfa-code-url)`,
        )
      const field = this.login.mfa?.field
      if (
        this.login.mfa &&
        attempt.submit.status < 400 &&
        /<input/i.test(attempt.submit.body) &&
        codeForm(readPage(attempt.submit.body), field)
      )
        throw new MfaCodeError(
          `login as ${JSON.stringify(account.username)}: the second-factor code was not accepted at ${where(pathOf(attempt.submit.url))} (the code form was shown again; sent ${attempt.description}) — check the account's TOTP secret, login.mfa.digits/period/algorithm, and the clock`,
        )
      throw new LoginFailedError(
        `login as ${JSON.stringify(account.username)} did not reach ${this.login.check.url} (${access.reason}; login answered ${attempt.submit.status}, sent ${attempt.description}) — check the credentials, login.fields and login.check`,
      )
    }
    return { attempt, access }
  }
}

function pickForm(facts: PageFacts): HtmlForm | undefined {
  return facts.forms.find((f) => f.hasPassword)
}

function guessUserField(form: HtmlForm | undefined): string | undefined {
  if (!form) return undefined
  const candidates = form.inputs.filter((i) => ['text', 'email', 'tel'].includes(i.type) && !isCsrfField(i.name))
  return (candidates.find((i) => /user|login|email|name|account|j_username/i.test(i.name)) ?? candidates[0])?.name
}

function applyExplicitCsrf(
  spec: { field?: string | undefined; header?: string | undefined; cookie?: string | undefined },
  facts: PageFacts,
  form: HtmlForm | undefined,
  session: ActorSession,
  url: string,
  plan: { headers: Record<string, string>; fields: Record<string, string> },
): void {
  const fromCookie = spec.cookie ? session.jar.get(spec.cookie, url) : undefined
  const fromField = spec.field ? form?.inputs.find((i) => i.name === spec.field)?.value : undefined
  const value = fromCookie ?? fromField ?? facts.meta['csrf-token']
  if (!value) return
  const headerValue = spec.header ? headerValueFrom(value) : undefined
  if (spec.header && headerValue !== undefined) plan.headers[spec.header] = headerValue
  if (spec.field) plan.fields[spec.field] = value
}
