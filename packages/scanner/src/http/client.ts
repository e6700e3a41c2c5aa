import { Agent, ProxyAgent, request, type Dispatcher } from 'undici'
import type { Actor, Exchange } from '../model/finding.js'
import { BudgetExhaustedError, ScanError, TargetUnreachableError } from '../errors.js'
import type { Jar } from './jar.js'
import { CUT_MARK, RAW_EXCERPT, transportCut } from './excerpt.js'
import { replaceControls } from '../text/controls.js'
import { OBSERVED_BODY, pageLinks } from './observed-page.js'
import { ConnectedRate, watchingConnector } from './connected-loopback.js'
import { RateLimiter } from './rate-limit.js'
import type { Scope } from './scope.js'
import { rootCertificates } from 'node:tls'

export interface EngineOptions {
  timeoutMs: number
  budgetMs: number
  maxRequests: number
  rate: number
  /** Rate while every connection reached a loopback address (decided from the socket, not the host name). */
  loopbackRate?: number
  followRedirects: 'same-origin' | 'none'
  maxRedirects: number
  maxBody: number
  insecure: boolean
  /** Headers and cookies the app needs on every request (config `request:`). */
  headers: Record<string, string>
  cookies: Record<string, string>
  signal?: AbortSignal
  /** Keep every exchange (bar the unrecorded bulk samples) in `traffic`, for a HAR of the whole scan. */
  traffic?: boolean
  /** Send everything through this proxy; `ca` (PEM) is trusted for the target's TLS besides the system's CAs. */
  proxy?: { origin: string; authorization?: string; ca?: string }
}

export interface RequestSpec {
  actor: Actor
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | undefined
  /**
   * What the exchange shows for `body` (a marker): a body a page's script wrote is sent as the page sent
   * it, but its text is the page's, spelling what the page read.
   */
  shownBody?: string
  /** Cookies are sent from this jar and Set-Cookie stored into it (unless `freeze`). */
  jar?: Jar
  /** Send the jar's cookies but keep the jar as it is: the attacker's copy must not be "repaired" by the server. */
  freeze?: boolean
  /** Follow same-origin redirects (default: the scan's setting). */
  follow?: boolean
  note?: string
  /** Keep this response out of the observations (bulk token sampling: thousands of bodies nobody reads). */
  record?: boolean
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[]>
  body: string
  truncated: boolean
  /** Final URL after redirects. */
  url: string
  /** Every Set-Cookie of every hop, with the URL it came from. */
  setCookies: Array<{ url: string; header: string }>
  /** One per hop, raw (redaction happens when the report is built). */
  exchanges: Exchange[]
  /** A redirect that pointed outside the origin and was not followed. */
  offOriginRedirect?: string
}

/** Largest response head the engine reads; a flood of headers past it ends the request, it is never buffered. */
export const MAX_HEADER_BYTES = 64 * 1024

/** What the engine observed, for later stages (fingerprint, cookie attributes, URL leaks). */
export interface Observation {
  actor: Actor
  method: string
  url: string
  status: number
  headers: Record<string, string | string[]>
  /** The first OBSERVED_BODY characters only. */
  body: string
  /** Links of an HTML page, read from the whole body. */
  links: string[]
  setCookies: string[]
}

function toArray(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** Target-controlled text goes into one-line messages: no line breaks, no terminal escapes. */
export function oneLine(text: string, max = 300): string {
  const flat = replaceControls(text, ' ', true).trim()
  // cut before the redactor sees it: marked, so that a secret the cut goes through leaves no prefix
  return flat.length > max ? `${flat.slice(0, max)}${CUT_MARK}` : flat
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = e.code ?? e.cause?.code
  // undici's parser errors carry no code, only their name and a reason in parentheses
  if (e.name === 'HTTPParserError' || e.message?.startsWith('Response does not match the HTTP/1.1 protocol')) {
    const reason = /\(([^)]*)\)\s*$/.exec(e.message ?? '')?.[1] ?? e.message ?? 'parse error'
    return `the target did not answer with valid HTTP (${reason})`
  }
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the target mid-response'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name does not resolve'
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timed out after ${timeoutMs} ms`
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no response headers within ${timeoutMs} ms`
    case 'UND_ERR_BODY_TIMEOUT':
      return `response body stalled for ${timeoutMs} ms`
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'connection closed by the target mid-response (body shorter than its Content-Length)'
    case 'UND_ERR_HEADERS_OVERFLOW':
      return `response headers larger than ${MAX_HEADER_BYTES / 1024} KB (a flood of headers or cookies); not read`
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'UND_ERR_INFO':
      return `the target did not answer with valid HTTP (${code})`
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate rejected (${code}); rerun with --insecure to scan a target with a test certificate`
  }
  if (e.message?.startsWith('Parse Error')) return `the target did not answer with valid HTTP (${e.message})`
  return e.message ?? String(err)
}

const MAX_INCIDENTS = 20

/**
 * The scan's HTTP engine: one keep-alive pool for the target's origin, per-request timeout,
 * a time and request budget for the whole scan, a rate limit, and redirects followed only inside the
 * origin. It never sends a request that Scope refuses.
 */
export class HttpEngine {
  readonly observations: Observation[] = []
  /**
   * What the target did that the scan worked around (a body cut at max_body, a redirect to another
   * origin not followed): one line each, once per kind and path, for the report's notes.
   */
  readonly incidents: string[] = []
  /** Every exchange sent, in order, when EngineOptions.traffic asks for it (raw: redaction happens with the report). */
  readonly traffic: Exchange[] | undefined
  private count = 0
  private readonly agent: Dispatcher
  private readonly limiter: RateLimiter
  private readonly connectedRate: ConnectedRate
  private readonly deadline: AbortSignal
  /** Held here: AbortSignal.any() keeps its sources only weakly, and a collected budget signal never fires. */
  private readonly budget: AbortSignal
  private readonly started = performance.now()

  constructor(
    private readonly scope: Scope,
    private readonly opts: EngineOptions,
  ) {
    this.limiter = new RateLimiter(opts.rate)
    this.connectedRate = new ConnectedRate(opts.rate, opts.loopbackRate, (rate) => this.limiter.setRate(rate))
    const limits = { headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, maxHeaderSize: MAX_HEADER_BYTES }
    this.agent = opts.proxy
      ? // through a proxy the connected address is the proxy's, which says nothing about where the target is:
        // no connection is reported to ConnectedRate, so the scan keeps its polite rate
        new ProxyAgent({
          uri: opts.proxy.origin,
          ...(opts.proxy.authorization ? { token: opts.proxy.authorization } : {}),
          // plain http goes to the proxy as absolute-form requests (what intercepting proxies show best), https through CONNECT
          proxyTunnel: scope.isHttps,
          requestTls: {
            rejectUnauthorized: !opts.insecure,
            timeout: opts.timeoutMs,
            ...(opts.proxy.ca ? { ca: [...rootCertificates, opts.proxy.ca] } : {}),
          },
          proxyTls: { timeout: opts.timeoutMs },
          keepAliveTimeout: 10_000,
          connections: 16,
          ...limits,
        })
      : new Agent({
          keepAliveTimeout: 10_000,
          connections: 16,
          connect: watchingConnector({ rejectUnauthorized: !opts.insecure, timeout: opts.timeoutMs }, (remote) =>
            this.connectedRate.connected(remote),
          ),
          ...limits,
        })
    this.traffic = opts.traffic ? [] : undefined
    this.budget = AbortSignal.timeout(opts.budgetMs)
    this.deadline = opts.signal ? AbortSignal.any([this.budget, opts.signal]) : this.budget
  }

  /** Every connection so far reached this machine (127.0.0.0/8, ::1). */
  get onLoopback(): boolean {
    return this.connectedRate.onLoopback
  }

  get requestCount(): number {
    return this.count
  }

  get elapsedMs(): number {
    return performance.now() - this.started
  }

  get signal(): AbortSignal {
    return this.deadline
  }

  /** The budget error once the scan's request or time budget is spent; undefined while there is budget left, and after a cancel. */
  exhausted(): BudgetExhaustedError | undefined {
    if (this.opts.signal?.aborted) return undefined
    if (this.count >= this.opts.maxRequests) return new BudgetExhaustedError(`request budget of ${this.opts.maxRequests} used up`)
    if (this.budget.aborted) return new BudgetExhaustedError(`scan time budget of ${Math.round(this.opts.budgetMs / 1000)} s used up`)
    return undefined
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined)
  }

  async send(spec: RequestSpec): Promise<HttpResponse> {
    const follow = spec.follow ?? this.opts.followRedirects === 'same-origin'
    let method = (spec.method ?? 'GET').toUpperCase()
    let body = spec.body
    let url = this.scope.resolve(spec.path)
    const result: HttpResponse = { status: 0, headers: {}, body: '', truncated: false, url: url.href, setCookies: [], exchanges: [] }
    const hopJar = spec.freeze && spec.jar ? spec.jar.clone() : spec.jar

    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': 'sessionguard', accept: '*/*', ...this.opts.headers, ...spec.headers }
      if (hop > 0) for (const k of Object.keys(headers)) if (/^content-(type|length)$/i.test(k) && body === undefined) delete headers[k]
      const cookie = [hopJar?.header(url.href), ...Object.entries(this.opts.cookies).map(([k, v]) => `${k}=${v}`)]
        .filter(Boolean)
        .join('; ')
      if (cookie) headers.cookie = cookie
      const res = await this.once(
        spec.actor,
        method,
        url,
        headers,
        body,
        hop === 0 ? spec.note : `redirect ${hop}`,
        spec.record ?? true,
        body !== undefined ? spec.shownBody : undefined,
      )
      result.exchanges.push(res.exchange)
      for (const sc of res.setCookies) result.setCookies.push({ url: url.href, header: sc })
      hopJar?.store(res.setCookies, url.href)
      Object.assign(result, { status: res.status, headers: res.headers, body: res.body, truncated: res.truncated, url: url.href })

      const location = typeof res.headers.location === 'string' ? res.headers.location : undefined
      if (!follow || !location || ![301, 302, 303, 307, 308].includes(res.status)) break
      let next: URL
      try {
        next = new URL(location, url)
      } catch {
        break
      }
      if (!this.scope.inScope(next.href)) {
        result.offOriginRedirect = next.href
        this.incident(
          `${method} ${shownPath(url)}: redirect to another origin (${originOf(next)}) not followed; the scan stays on ${this.scope.origin}`,
        )
        break
      }
      if (hop >= this.opts.maxRedirects) {
        // max_redirects 0 means "do not follow"; past a positive limit the target is redirecting in a loop
        if (this.opts.maxRedirects === 0) break
        throw new ScanError(
          `${spec.method ?? 'GET'} ${shownPath(this.scope.resolve(spec.path))}: still redirecting after ${this.opts.maxRedirects} redirects; the target redirects in a loop (scope.max_redirects)`,
        )
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET'
        body = undefined
      }
      url = next
    }
    return result
  }

  private async once(
    actor: Actor,
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    note: string | undefined,
    record: boolean,
    shownBody: string | undefined,
  ): Promise<{
    status: number
    headers: Record<string, string | string[]>
    body: string
    truncated: boolean
    setCookies: string[]
    exchange: Exchange
  }> {
    if (this.count >= this.opts.maxRequests) throw new BudgetExhaustedError(`request budget of ${this.opts.maxRequests} used up`)
    if (this.deadline.aborted) throw this.abortError()
    await this.limiter.take(this.deadline).catch(() => {
      throw this.abortError()
    })
    this.count++
    const exchange: Exchange = { actor, request: { method, url: url.href, headers: { ...headers } }, startedAt: new Date().toISOString() }
    if (body !== undefined) exchange.request.body = shownBody ?? body
    if (note) exchange.note = note
    if (record) this.traffic?.push(exchange)
    const t0 = performance.now()
    const perRequest = AbortSignal.timeout(this.opts.timeoutMs + 1000)
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        method: method as 'GET',
        headers,
        body: body ?? null,
        signal: AbortSignal.any([this.deadline, perRequest]),
      })
      const { text, truncated } = await readLimited(res.body, this.opts.maxBody)
      if (truncated)
        this.incident(
          `${method} ${shownPath(url)}: response body cut at ${formatBytes(this.opts.maxBody)} (scope.max_body${announced(res.headers)}); the rest was not read`,
        )
      const resHeaders = res.headers as Record<string, string | string[]>
      const setCookies = toArray(resHeaders['set-cookie'])
      // a body max_body cut is marked at its end: the redactor withholds what a secret across that cut left
      const kept = transportCut(text, truncated)
      exchange.response = { status: res.statusCode, headers: resHeaders, body: kept.slice(0, RAW_EXCERPT) }
      exchange.durationMs = Math.round(performance.now() - t0)
      if (record)
        this.observations.push({
          actor,
          method,
          url: url.href,
          status: res.statusCode,
          headers: resHeaders,
          body: kept.slice(0, OBSERVED_BODY),
          links: pageLinks(resHeaders['content-type'], text),
          setCookies,
        })
      return { status: res.statusCode, headers: resHeaders, body: text, truncated, setCookies, exchange }
    } catch (err) {
      if (this.deadline.aborted) throw this.abortError()
      if (err instanceof BudgetExhaustedError) throw err
      const why = perRequest.aborted
        ? `no complete response within ${this.opts.timeoutMs} ms`
        : describeNetworkError(err, this.opts.timeoutMs)
      exchange.error = why
      // a refused or failing proxy reads like a refused target: say which road the request took
      const via = this.opts.proxy
        ? ` (through the proxy ${this.opts.proxy.origin}, --proxy${/^TLS certificate rejected/.test(why) && !this.opts.proxy.ca ? '; if it intercepts TLS, trust its CA with --proxy-ca' : ''})`
        : ''
      throw new TargetUnreachableError(oneLine(`${method} ${shownPath(url)}: ${why}${via}`, 500), { cause: err })
    }
  }

  private incident(text: string): void {
    const line = oneLine(text)
    if (this.incidents.length < MAX_INCIDENTS && !this.incidents.includes(line)) this.incidents.push(line)
  }

  private abortError(): Error {
    if (this.opts.signal?.aborted) return new ScanError('scan cancelled')
    return new BudgetExhaustedError(`scan time budget of ${Math.round(this.opts.budgetMs / 1000)} s used up`)
  }
}

/** A path for messages: a redirect may have put a session id in it (`;jsessionid=…`), which is cut. */
function shownPath(url: URL): string {
  return url.pathname.replace(/;[^/]*/g, ';…')
}

function originOf(url: URL): string {
  return url.origin === 'null' ? url.protocol : url.origin
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${Math.round((n / 1024 ** 3) * 10) / 10} GB`
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 ** 2) * 10) / 10} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} bytes`
}

function announced(headers: Record<string, string | string[] | undefined>): string {
  const length = Number(headers['content-length'])
  return Number.isFinite(length) && length > 0 ? `; the target announced ${formatBytes(length)}` : ''
}

/** Reads at most `limit` bytes and drops the rest, so a 1 GB body costs 1 GB of bandwidth at most, never memory. */
async function readLimited(
  body: AsyncIterable<Buffer> & { destroy?: (err?: Error) => void },
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  let truncated = false
  for await (const chunk of body) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size))
      size = limit
      truncated = true
      body.destroy?.()
      break
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated }
}
