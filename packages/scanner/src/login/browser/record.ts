import type { BrowserContext, Request } from 'playwright-core'
import type { HttpResponse, Observation } from '../../http/client.js'
import type { Exchange } from '../../model/finding.js'
import { OBSERVED_BODY, pageLinks } from '../../http/observed-page.js'
import { RAW_EXCERPT, transportCut } from '../../http/excerpt.js'
import { type FilledForm, typedBody } from './typed-body.js'
import type { AnswerBodies } from './answer-bodies.js'

export interface Recorded {
  /** What the report shows; after typing, built from an allow-list (shownRequest), never from the request itself. */
  exchange: Exchange
  /**
   * The request as the browser sent it, for the driver's own use only (which request submitted the form,
   * the ids the target put in its URLs): never copied into an exchange or an observation.
   */
  rawMethod: string
  rawUrl: string
  origin: string
  status: number
  headers: Record<string, string | string[]>
  /** Request headers as sent (for session headers a page script set); internal, as rawUrl. */
  requestHeaders: Record<string, string>
  /** The request body as sent, internal as rawUrl: what the target echoes of it is not a value it issued. */
  rawBody: string
  body: string
  setCookies: string[]
  document: boolean
  /** Sent once the password was typed in this session: the page's scripts knew the password when they chose it. */
  afterTyping: boolean
  /**
   * The navigation the scanner opened itself before typing, or a redirect the target answered it with:
   * its Location is the target's text, not a page's (which URL-pair names the target uses, transfer.ts).
   */
  scannerOpened?: boolean
  /** The request's number in this context (in the order requests started), and that of the request whose redirect it follows. */
  id?: number
  redirectedFrom?: number
}

/** The methods shown as sent after typing; a page can send any token as a method, and spell the password in it. */
const PLAIN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
export const WITHHELD_METHOD = '[method withheld after typing]'
export const WITHHELD_QUERY = '?query-withheld-after-typing'
/**
 * The markers of a request a page made before typing: its text is still the page's, and the page can read
 * session values (a cookie without HttpOnly, what the scanner planted in its storage, an answer's body).
 */
export const PAGE_QUERY = '?query-withheld-page-made'
const PAGE_METHOD = '[method withheld: page-made]'
export const PAGE_BODY = '[body withheld: a page script chose its content]'
/** Why a request is shown from the lists: the page held the typed password, or it only chose the request. */
export type ChosenBy = 'typed' | 'page'
/** The body types shown after typing, without their parameters (a multipart boundary is the page's text). */
const PLAIN_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/json'])

/**
 * A request's method as any text about a request after typing names it: one of the plain methods, or the
 * marker. A page can send any token as a method, and spell the password in it.
 */
export function shownMethod(method: string, by: ChosenBy = 'typed'): string {
  return PLAIN_METHODS.has(method) ? method : by === 'typed' ? WITHHELD_METHOD : PAGE_METHOD
}

/** A URL sent after typing as shown: origin and path, a query only as the fixed marker, no fragment or userinfo. */
export function afterTypingUrl(raw: string, by: ChosenBy = 'typed'): string | undefined {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return undefined
  }
  if (u.origin === 'null') return undefined
  return `${u.origin}${u.pathname}${u.search ? (by === 'typed' ? WITHHELD_QUERY : PAGE_QUERY) : ''}`
}

/**
 * The request line and headers shown for a request sent after typing. Every field is the page's choice
 * then (a method is any token, a header any name and value, the Referer its document's URL, which
 * history.replaceState sets), so nothing is copied from the request: each shown field is picked from a
 * short list or cut to a shape the scanner writes. Cookie stays (the redactor withholds the ones a page
 * script set); every other header a script or the page's URL could fill is left out.
 */
export function shownRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  origins: string[],
  by: ChosenBy = 'typed',
): { method: string; url: string; headers: Record<string, string> } {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    const key = k.toLowerCase()
    if (key === 'cookie') out[key] = v
    else if (key === 'origin' && (v === 'null' || origins.includes(v))) out[key] = v
    else if (key === 'referer') {
      const shown = afterTypingUrl(v, by)
      if (shown !== undefined) out[key] = shown
    } else if (key === 'content-type') {
      const type = v.split(';')[0]!.trim().toLowerCase()
      if (PLAIN_TYPES.has(type)) out[key] = type
    }
  }
  return {
    method: shownMethod(method, by),
    url: afterTypingUrl(url, by) ?? (by === 'typed' ? '[URL withheld after typing]' : '[URL withheld: page-made]'),
    headers: out,
  }
}

function textualType(type: string): boolean {
  return type === 'document' || type === 'xhr' || type === 'fetch'
}

function headerRecord(list: Array<{ name: string; value: string }>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const { name, value } of list) {
    const k = name.toLowerCase()
    if (k === 'set-cookie') out[k] = [...((out[k] as string[] | undefined) ?? []), ...value.split('\n')]
    else out[k] = out[k] === undefined ? value : `${out[k] as string}, ${value}`
  }
  return out
}

/**
 * Turns what the browser exchanged with the target (and the login origins) into the engine's
 * exchanges, in the order the requests were made, so the report shows a browser login like any other.
 *
 * Only the navigation the scanner itself opens (`opens`) and the redirects the target answers it with are
 * shown as sent, and only before typing. Every other request is a page's: its URL, headers and body are
 * text its scripts chose, and before typing they can read session values all the same (a cookie the
 * target left without HttpOnly, a token the scanner planted in their storage or in the URL, a token an
 * answer gave them) and spell them in an encoding no redaction knows. So such a request is shown by the
 * lists shownRequest keeps for after typing (its body withheld whole), with markers that say why.
 */
export class TrafficRecorder {
  private readonly pending: Array<Promise<Recorded | undefined>> = []
  private inFlight = 0
  private lastActivity = Date.now()
  /** Set once the password is about to be typed: whether it was, and the form the scanner filled (if it read one). */
  private typed = false
  private form: FilledForm | undefined
  /** The requests the context sent from then on (their bodies are recorded only as the scanner's own form). */
  private readonly afterTyping = new WeakSet<Request>()
  /** The fetch/XHR answers' bodies as Chromium held them for the page (see AnswerBodies). */
  private answers: AnswerBodies | undefined
  /** Each request's number, so that a redirect's next request names the one it follows (login-answer.ts). */
  private readonly ids = new WeakMap<Request, number>()
  private count = 0
  /** The URL the scanner is about to open itself, until its request is seen. */
  private opening: string | undefined
  /** That request and the redirects answering it: the scanner's text and the target's, not a page's. */
  private readonly own = new WeakSet<Request>()

  constructor(
    context: BrowserContext,
    private readonly actor: string,
    private readonly origins: string[],
    private readonly maxBody: number,
    /** The session's password was already typed (in an earlier context): every request here is after typing. */
    typed?: { form: FilledForm | undefined },
  ) {
    if (typed) this.passwordTyped(typed.form)
    context.on('request', (req) => {
      this.ids.set(req, ++this.count)
      if (this.typed) this.afterTyping.add(req)
      else if (this.scannerOpened(req)) this.own.add(req)
      this.inFlight++
      this.lastActivity = Date.now()
    })
    context.on('requestfinished', (req) => {
      this.settled()
      this.pending.push(this.read(req))
    })
    context.on('requestfailed', (req) => {
      this.settled()
      this.pending.push(this.failed(req))
    })
  }

  /**
   * Called before the browser types the password into a page of this context, with the form as it stood
   * then: from now on the page's scripts know the password, and what they send is their text (its body,
   * its query), so a body is recorded only as the scanner writes `form` itself, and a query not at all.
   */
  passwordTyped(form: FilledForm | undefined): void {
    if (this.typed) return
    this.typed = true
    this.form = form
  }

  /**
   * Called just before the scanner navigates the context's page to `url` itself (a URL the settings name,
   * with the ids the session carries): that request, and the redirects the target answers it with, are
   * shown as sent while nothing is typed.
   */
  opens(url: string): void {
    this.opening = url
  }

  private scannerOpened(req: Request): boolean {
    const from = req.redirectedFrom()
    if (from) return this.own.has(from)
    if (this.opening === undefined || req.url() !== this.opening || !req.isNavigationRequest()) return false
    try {
      if (req.frame().parentFrame() !== null) return false
    } catch {
      return false
    }
    this.opening = undefined
    return true
  }

  /** What the report shows of a request's line and headers (from shownRequest's lists unless the scanner opened it). */
  private shown(req: Request, headers: Record<string, string>): { method: string; url: string; headers: Record<string, string> } {
    if (this.afterTyping.has(req)) return shownRequest(req.method(), req.url(), headers, this.origins)
    if (this.own.has(req)) return { method: req.method(), url: req.url(), headers: { ...headers } }
    return shownRequest(req.method(), req.url(), headers, this.origins, 'page')
  }

  /** A request body as shown: the filled form after typing, as sent for the scanner's own navigation, else withheld. */
  private shownBody(req: Request, post: string, contentType: string | undefined): string {
    if (this.afterTyping.has(req)) return typedBody(post, contentType, this.form)
    return this.own.has(req) || post === '' ? post : PAGE_BODY
  }

  /** Reads the bodies of fetch/XHR answers from `answers` when Playwright no longer has them. */
  useAnswers(answers: AnswerBodies): void {
    this.answers = answers
  }

  private settled(): void {
    this.inFlight = Math.max(0, this.inFlight - 1)
    this.lastActivity = Date.now()
  }

  /**
   * Resolves once no request has been in flight for `quietMs` (a page's fetch after a pushState
   * navigation included, which the browser's own "networkidle" does not wait for), or after `timeoutMs`.
   */
  async idle(quietMs: number, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      if (this.inFlight === 0 && Date.now() - this.lastActivity >= quietMs) return
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  private inScope(url: string): string | undefined {
    try {
      const o = new URL(url).origin
      return this.origins.includes(o) ? o : undefined
    } catch {
      return undefined
    }
  }

  private async read(req: Request): Promise<Recorded | undefined> {
    const origin = this.inScope(req.url())
    if (!origin) return undefined
    try {
      const res = await req.response()
      if (!res) return undefined
      const headers = headerRecord(await res.headersArray())
      const requestHeaders = await req.allHeaders()
      const type = req.resourceType()
      const textual = textualType(type) && !(res.status() >= 300 && res.status() < 400)
      let body = ''
      if (textual) {
        const kept = type === 'document' ? undefined : this.answers?.take(req.url())
        const given = await res.body().catch(() => Buffer.alloc(0))
        const buf = given.length === 0 && kept ? kept : given
        // a body past max_body is marked where it was cut: the redactor withholds what a secret across the cut left
        body = transportCut(buf.subarray(0, this.maxBody).toString('utf8'), buf.length > this.maxBody)
      }
      const after = this.afterTyping.has(req)
      const exchange: Exchange = {
        actor: this.actor,
        request: this.shown(req, requestHeaders),
        // the redactor cuts the shown excerpt once it has masked the secrets in it: a cut here would half-keep one across it
        response: { status: res.status(), headers, body: body.slice(0, RAW_EXCERPT) },
      }
      const post = req.postData()
      if (post !== null) exchange.request.body = this.shownBody(req, post, requestHeaders['content-type'])
      exchange.note = `browser ${type}`
      const timing = req.timing()
      if (timing.responseEnd > 0) exchange.durationMs = Math.round(timing.responseEnd)
      // when a page's request started is the page's choice too (a delay per request); it is left out
      if (timing.startTime > 0 && this.own.has(req)) exchange.startedAt = new Date(timing.startTime).toISOString()
      const setCookies = Array.isArray(headers['set-cookie']) ? headers['set-cookie'] : []
      return {
        exchange,
        rawMethod: req.method(),
        rawUrl: req.url(),
        origin,
        status: res.status(),
        headers,
        requestHeaders,
        rawBody: post ?? '',
        body,
        setCookies,
        document: type === 'document',
        afterTyping: after,
        scannerOpened: this.own.has(req),
        ...this.chainOf(req),
      }
    } catch {
      // the context closed while reading: nothing to record
      return undefined
    }
  }

  private async failed(req: Request): Promise<Recorded | undefined> {
    const origin = this.inScope(req.url())
    if (!origin) return undefined
    const requestHeaders = await req.allHeaders().catch(() => ({}) as Record<string, string>)
    const exchange: Exchange = {
      actor: this.actor,
      request: this.shown(req, requestHeaders),
      error: req.failure()?.errorText ?? 'failed',
      note: `browser ${req.resourceType()}`,
    }
    return {
      exchange,
      rawMethod: req.method(),
      rawUrl: req.url(),
      origin,
      afterTyping: this.afterTyping.has(req),
      status: 0,
      headers: {},
      requestHeaders,
      rawBody: '',
      body: '',
      setCookies: [],
      document: req.resourceType() === 'document',
      ...this.chainOf(req),
    }
  }

  private chainOf(req: Request): { id?: number; redirectedFrom?: number } {
    const from = req.redirectedFrom()
    const id = this.ids.get(req)
    const redirectedFrom = from ? this.ids.get(from) : undefined
    return { ...(id !== undefined ? { id } : {}), ...(redirectedFrom !== undefined ? { redirectedFrom } : {}) }
  }

  /** Everything recorded so far, in request order. */
  async all(): Promise<Recorded[]> {
    const out = await Promise.all(this.pending)
    return out.filter((r): r is Recorded => r !== undefined)
  }
}

export function asResponse(
  r: Recorded | undefined,
  exchanges: Exchange[],
  setCookies: Array<{ url: string; header: string }>,
  finalUrl: string,
): HttpResponse {
  return {
    status: r?.status ?? 0,
    headers: r?.headers ?? {},
    body: r?.body ?? '',
    truncated: false,
    url: finalUrl,
    setCookies,
    exchanges,
  }
}

export function asObservation(r: Recorded, actor: string): Observation {
  // as the HTTP engine records a page: a bounded excerpt, and the links read from the whole body. The
  // method and URL are the shown ones: the checks put an observation's request line into their evidence
  return {
    actor,
    method: r.exchange.request.method,
    url: r.exchange.request.url,
    status: r.status,
    headers: r.headers,
    body: r.body.slice(0, OBSERVED_BODY),
    links: pageLinks(r.headers['content-type'], r.body),
    setCookies: r.setCookies,
  }
}
