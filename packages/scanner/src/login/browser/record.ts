import type { BrowserContext, Request } from 'playwright-core'
import type { HttpResponse, Observation } from '../../http/client.js'
import type { Exchange } from '../../model/finding.js'
import { OBSERVED_BODY, pageLinks } from '../../http/observed-page.js'
import { RAW_EXCERPT, transportCut } from '../../http/excerpt.js'
import { type FilledForm, typedBody } from './typed-body.js'

export interface Recorded {
  exchange: Exchange
  method: string
  url: string
  origin: string
  status: number
  headers: Record<string, string | string[]>
  /** Request headers as sent (for session headers a page script set). */
  requestHeaders: Record<string, string>
  body: string
  setCookies: string[]
  document: boolean
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

  constructor(
    context: BrowserContext,
    private readonly actor: string,
    private readonly origins: string[],
    private readonly maxBody: number,
  ) {
    context.on('request', (req) => {
      if (this.typed) this.afterTyping.add(req)
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

  /** The URL shown for a request: after typing, without its query (the page's choice, as a body is). */
  private shownUrl(req: Request): string {
    const url = req.url()
    if (!this.afterTyping.has(req)) return url
    const q = url.search(/[?#]/)
    return q < 0 ? url : `${url.slice(0, q)}${url[q] === '?' ? '?query-withheld-after-typing' : ''}`
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
      const textual = ['document', 'xhr', 'fetch'].includes(type) && !(res.status() >= 300 && res.status() < 400)
      let body = ''
      if (textual) {
        const buf = await res.body().catch(() => Buffer.alloc(0))
        // a body past max_body is marked where it was cut: the redactor withholds what a secret across the cut left
        body = transportCut(buf.subarray(0, this.maxBody).toString('utf8'), buf.length > this.maxBody)
      }
      const exchange: Exchange = {
        actor: this.actor,
        request: { method: req.method(), url: this.shownUrl(req), headers: { ...requestHeaders } },
        // the redactor cuts the shown excerpt once it has masked the secrets in it: a cut here would half-keep one across it
        response: { status: res.status(), headers, body: body.slice(0, RAW_EXCERPT) },
      }
      const post = req.postData()
      if (post !== null)
        exchange.request.body = this.afterTyping.has(req) ? typedBody(post, requestHeaders['content-type'], this.form) : post
      exchange.note = `browser ${type}`
      const timing = req.timing()
      if (timing.responseEnd > 0) exchange.durationMs = Math.round(timing.responseEnd)
      if (timing.startTime > 0) exchange.startedAt = new Date(timing.startTime).toISOString()
      const setCookies = Array.isArray(headers['set-cookie']) ? headers['set-cookie'] : []
      return {
        exchange,
        method: req.method(),
        url: req.url(),
        origin,
        status: res.status(),
        headers,
        requestHeaders,
        body,
        setCookies,
        document: type === 'document',
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
      request: { method: req.method(), url: this.shownUrl(req), headers: requestHeaders },
      error: req.failure()?.errorText ?? 'failed',
      note: `browser ${req.resourceType()}`,
    }
    return {
      exchange,
      method: req.method(),
      url: req.url(),
      origin,
      status: 0,
      headers: {},
      requestHeaders,
      body: '',
      setCookies: [],
      document: req.resourceType() === 'document',
    }
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
  // as the HTTP engine records a page: a bounded excerpt, and the links read from the whole body
  return {
    actor,
    method: r.method,
    url: r.url,
    status: r.status,
    headers: r.headers,
    body: r.body.slice(0, OBSERVED_BODY),
    links: pageLinks(r.headers['content-type'], r.body),
    setCookies: r.setCookies,
  }
}
