import type { Exchange, Finding } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import { STATUS_CODES } from 'node:http'
import { sortFindings } from './severity.js'
import { queryComponent } from '../http/secret-forms.js'

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the proof of every finding as the
// exchanges the scanner performed, for the tools AppSec engineers replay traffic in (Burp, ZAP,
// mitmproxy, a browser's devtools). One page per finding, its exchanges as the page's entries, in
// order; with the scan's recorded traffic (report.traffic) one more page holds every exchange.
// Everything comes from the report, which was redacted before it existed: a masked session id reads
// `s%3Aatk0…[80]` here as in every other format, and bodies are the report's excerpts.

interface NameValue {
  name: string
  value: string
}

function headerList(headers: Record<string, string | string[]>): NameValue[] {
  return Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })))
}

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const hit = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]
  return Array.isArray(hit) ? hit[0] : hit
}

function requestCookies(header: string | undefined): NameValue[] {
  if (!header) return []
  return header.split(';').flatMap((part) => {
    const eq = part.indexOf('=')
    return eq > 0 ? [{ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() }] : []
  })
}

function responseCookies(headers: Record<string, string | string[]>): Array<Record<string, string | boolean>> {
  const all = Object.entries(headers)
    .filter(([k]) => k.toLowerCase() === 'set-cookie')
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
  return all.flatMap((line) => {
    const [pair = '', ...attrs] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) return []
    const cookie: Record<string, string | boolean> = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() }
    for (const attr of attrs) {
      const [k = '', ...rest] = attr.split('=')
      const key = k.trim().toLowerCase()
      const value = rest.join('=').trim()
      if (key === 'path') cookie.path = value
      else if (key === 'domain') cookie.domain = value
      else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value).toISOString()
      else if (key === 'httponly') cookie.httpOnly = true
      else if (key === 'secure') cookie.secure = true
    }
    return [cookie]
  })
}

/**
 * The URL's query parameters, decoded as the redaction read them (queryComponent()): the URL was
 * redacted as a whole, and a parameter decoded otherwise could show a form of a secret it never searched.
 */
function queryString(url: string): NameValue[] {
  const q = url.indexOf('?')
  if (q < 0) return []
  const hash = url.indexOf('#', q)
  const query = url.slice(q + 1, hash < 0 ? url.length : hash)
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0
        ? { name: queryComponent(pair), value: '' }
        : { name: queryComponent(pair.slice(0, eq)), value: queryComponent(pair.slice(eq + 1)) }
    })
}

function entry(x: Exchange, pageref: string, fallbackTime: string): Record<string, unknown> {
  const time = Math.max(0, x.durationMs ?? 0)
  const reqType = headerValue(x.request.headers, 'content-type')
  const request = {
    method: x.request.method,
    url: x.request.url,
    httpVersion: 'HTTP/1.1',
    cookies: requestCookies(headerValue(x.request.headers, 'cookie')),
    headers: headerList(x.request.headers),
    queryString: queryString(x.request.url),
    ...(x.request.body !== undefined ? { postData: { mimeType: reqType ?? 'application/octet-stream', text: x.request.body } } : {}),
    headersSize: -1,
    bodySize: x.request.body === undefined ? 0 : Buffer.byteLength(x.request.body),
  }
  const r = x.response
  // a request that got no answer is shown as browsers show one: status 0, the error in the comment
  const response = {
    status: r?.status ?? 0,
    statusText: r ? (STATUS_CODES[r.status] ?? '') : '',
    httpVersion: r ? 'HTTP/1.1' : '',
    cookies: r ? responseCookies(r.headers) : [],
    headers: r ? headerList(r.headers) : [],
    content: {
      size: r?.body === undefined ? 0 : Buffer.byteLength(r.body),
      mimeType: (r && headerValue(r.headers, 'content-type')) ?? 'x-unknown',
      ...(r?.body !== undefined ? { text: r.body } : {}),
      comment: 'the first characters of the body, as in the report: secrets masked',
    },
    redirectURL: (r && headerValue(r.headers, 'location')) ?? '',
    headersSize: -1,
    bodySize: -1,
    ...(x.error !== undefined ? { comment: `no response: ${x.error}` } : {}),
  }
  return {
    pageref,
    startedDateTime: x.startedAt ?? fallbackTime,
    time,
    request,
    response,
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    comment: x.note ? `${x.actor}: ${x.note}` : x.actor,
  }
}

/** Where a finding is in the code (a source finding, or a scan finding joined by --source): HAR has no field for it, so the page comment says it. */
function codeNote(f: Finding): string {
  const c = f.code
  if (!c) return ''
  const line = c.excerpt.lines[c.location.line - c.excerpt.startLine]?.trim()
  const handler = c.handler ? ` in ${c.handler.name}` : ''
  return ` Code: ${c.location.file}:${c.location.line}:${c.location.column}${handler}${line ? `: ${line}` : ''}${c.scan ? ` (scan: ${c.scan.status})` : ''}.`
}

function page(id: string, title: string, exchanges: Exchange[], fallbackTime: string, comment: string): Record<string, unknown> {
  return { startedDateTime: exchanges[0]?.startedAt ?? fallbackTime, id, title, pageTimings: {}, comment }
}

/** The proof of every finding (and, when recorded, the whole scan's traffic) as a HAR 1.2 log. */
export function renderHar(report: ScanReport): string {
  const pages: Array<Record<string, unknown>> = []
  const entries: Array<Record<string, unknown>> = []
  const add = (id: string, title: string, exchanges: Exchange[], comment: string): void => {
    pages.push(page(id, title, exchanges, report.startedAt, comment))
    for (const x of exchanges) entries.push(entry(x, id, report.startedAt))
  }
  const proofs: Array<{ f: Finding; suppressed?: string }> = [
    ...sortFindings(report.findings).map((f) => ({ f })),
    ...(report.suppressed ?? []).map((s) => ({ f: s.finding, suppressed: `${s.by}: ${s.reason}` })),
  ]
  for (const [i, { f, suppressed }] of proofs.entries()) {
    const carrier = f.carrier ? ` (${f.carrier.kind} ${f.carrier.name})` : ''
    add(
      `finding-${i + 1}`,
      `${f.severity.toUpperCase()} ${f.id}: ${f.title}${carrier}${suppressed ? ' [suppressed]' : ''}`,
      f.evidence,
      `${f.summary}${codeNote(f)}${suppressed ? ` Suppressed (${suppressed}).` : ''}`,
    )
  }
  if (report.traffic)
    add(
      'scan',
      `every request of the scan of ${report.target}`,
      report.traffic,
      'The scan in order, except the bulk session-id samples of the token checks.',
    )
  const log = {
    log: {
      version: '1.2',
      creator: { name: 'sessionguard', version: report.tool.version },
      pages,
      entries,
      comment: `sessionguard ${report.kind ?? 'scan'} ${report.scanId} of ${report.target}: grade ${report.gradeLabel}, ${report.findings.length} finding(s). Secrets are masked (first characters and length, e.g. abcd…[64]; passwords ********) as in every report format.`,
    },
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
