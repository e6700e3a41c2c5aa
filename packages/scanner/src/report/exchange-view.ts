import { STATUS_CODES } from 'node:http'
import type { Exchange } from '../model/finding.js'
import { untrusted } from './text.js'

/** An exchange cut down to what proves the point, every value already made safe for one line. */
export interface ExchangeView {
  actor: string
  note?: string
  requestLine: string
  requestHeaders: [string, string][]
  requestBody?: string
  statusLine?: string
  responseHeaders: [string, string][]
  responseBody?: string
  error?: string
}

export interface ViewLimits {
  /** Every header, and longer excerpts. */
  verbose?: boolean
}

// Headers that carry or reveal a session, or explain the flow (redirects, auth challenges); the rest
// (user agent, caching, content length…) is noise in a proof.
const SESSIONISH = /session|token|sid|csrf|xsrf|auth|cookie|jwt|api-key/i
const REQUEST_KEEP = new Set(['cookie', 'authorization', 'content-type', 'origin', 'referer'])
const RESPONSE_KEEP = new Set(['set-cookie', 'location', 'www-authenticate', 'refresh'])

const LIMITS = {
  normal: { url: 200, header: 160, body: 240, headers: 12, note: 300 },
  verbose: { url: 2000, header: 1000, body: 2000, headers: 100, note: 1000 },
}

export function viewExchange(x: Exchange, opts: ViewLimits = {}): ExchangeView {
  const lim = opts.verbose ? LIMITS.verbose : LIMITS.normal
  const keep = (name: string, set: Set<string>): boolean => opts.verbose === true || set.has(name.toLowerCase()) || SESSIONISH.test(name)

  const headerPairs = (headers: Record<string, string | string[]>, set: Set<string>): [string, string][] => {
    const out: [string, string][] = []
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (!keep(name, set)) continue
      for (const v of Array.isArray(value) ? value : [value]) {
        out.push([untrusted(name, 64), untrusted(String(v), lim.header)])
      }
    }
    return out.slice(0, lim.headers)
  }

  const view: ExchangeView = {
    actor: untrusted(String(x.actor), 40),
    requestLine: `${untrusted(x.request.method, 16)} ${untrusted(x.request.url, lim.url)}`,
    requestHeaders: headerPairs(x.request.headers, REQUEST_KEEP),
    responseHeaders: x.response ? headerPairs(x.response.headers, RESPONSE_KEEP) : [],
  }
  if (x.note) view.note = untrusted(x.note, lim.note)
  if (x.request.body) view.requestBody = untrusted(x.request.body, lim.body)
  if (x.response) {
    const reason = STATUS_CODES[x.response.status] ?? ''
    view.statusLine = `${x.response.status}${reason ? ` ${reason}` : ''}`
    if (x.response.body) view.responseBody = untrusted(x.response.body, lim.body)
  }
  if (x.error) view.error = untrusted(x.error, lim.note)
  return view
}

/** The exchange as plain text lines in HTTP-message order (">" sent, "<" received), shared by the text formats. */
export function exchangeLines(v: ExchangeView): string[] {
  const lines = [`> ${v.requestLine}`]
  for (const [k, val] of v.requestHeaders) lines.push(`> ${k}: ${val}`)
  if (v.requestBody) lines.push(`> body: ${v.requestBody}`)
  if (v.statusLine) {
    lines.push(`< ${v.statusLine}`)
    for (const [k, val] of v.responseHeaders) lines.push(`< ${k}: ${val}`)
    if (v.responseBody) lines.push(`< body: ${v.responseBody}`)
  }
  if (v.error) lines.push(`! ${v.error}`)
  return lines
}
