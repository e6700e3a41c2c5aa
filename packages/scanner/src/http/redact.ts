import type { Exchange } from '../model/finding.js'
import { EXCERPT } from './excerpt.js'
import { applySpans, base64Cores, canonical, canonicalSecret, toBase64url, type Span } from './secret-forms.js'

/** Shows enough of a secret to follow it through the evidence (same prefix, same length), never enough to use it. */
export function mask(value: string): string {
  if (value.length <= 8) return `${'*'.repeat(Math.min(value.length, 4))}…[${value.length}]`
  return `${value.slice(0, 4)}…[${value.length}]`
}

/** encodeURIComponent, or the secret as it stands when it holds a lone surrogate (which has no UTF-8 form to encode). */
function uriEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret)
  } catch {
    return secret
  }
}

/** A character canonical() would decode or fold: a percent or HTML escape, a JS/JSON escape, a space. */
const ENCODED = /[%&\\ ]/

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token'])

/**
 * Collects every secret a scan handles (passwords, every cookie value and session id it saw or
 * planted) and masks them in evidence. Redaction runs once, on the finished report's evidence, so a
 * value learned to be a session id late in the scan is still masked in early exchanges.
 */
export class Redactor {
  /** value → what replaces it: every secret, by the form it was given in. */
  private readonly secrets = new Map<string, string>()
  /** Searched in the decoded (canonical) text: each secret's canonical form and its base64/base64url cores. */
  private needles: Array<[needle: string, replacement: string]> | undefined
  /** Header names whose every value is masked whole (user-supplied secret headers). */
  private readonly secretHeaders = new Set<string>()

  /**
   * A password is masked in any form a target may reflect it in: as typed, percent-encoded (either
   * case, '+' for space), HTML character references, JSON/JS escapes, base64 and base64url.
   */
  addPassword(password: string): void {
    if (!password) return
    this.secrets.set(password, '********')
    this.needles = undefined
  }

  addSecret(value: string | undefined): void {
    // very short values would mask unrelated text all over the evidence; they are masked where they appear as cookie/header values instead
    if (value && value.length >= 6 && !this.secrets.has(value)) {
      this.secrets.set(value, mask(value))
      this.needles = undefined
    }
  }

  /** A header the user supplied: its value is a secret wherever it appears, and the header itself is masked whole. */
  addSecretHeader(name: string, value: string): void {
    this.secretHeaders.add(name.toLowerCase())
    this.addSecret(value)
  }

  private searchNeedles(): Array<[needle: string, replacement: string]> {
    if (this.needles) return this.needles
    const needles = new Map<string, string>()
    // longest first, so a token containing another token is masked whole
    for (const [secret, replacement] of [...this.secrets].sort((a, b) => b[0].length - a[0].length)) {
      const add = (n: string, min: number): void => {
        if (n.length >= min && !needles.has(n)) needles.set(n, replacement)
      }
      add(canonicalSecret(secret), 1)
      // base64 of the secret, alone or inside a longer encoded string (Basic auth, a JSON cookie);
      // a core under 6 characters would match random base64 too often to mean anything
      for (const form of new Set([secret, uriEncoded(secret)])) {
        for (const core of base64Cores(Buffer.from(form, 'utf8'))) {
          add(core, 6)
          add(toBase64url(core), 6)
        }
      }
    }
    this.needles = [...needles]
    return this.needles
  }

  text(input: string): string {
    if (!input || this.secrets.size === 0) return input
    const spans: Span[] = []
    // as given first: a secret that itself contains '%' or '&' is found before decoding changes it
    for (const [secret, replacement] of this.secrets) {
      for (let at = input.indexOf(secret); at >= 0; at = input.indexOf(secret, at + 1))
        spans.push({ start: at, end: at + secret.length, replacement })
    }
    // Most strings of a report (keys, titles, plain URLs) hold nothing to decode: their canonical form
    // is the text itself, and every canonical position is its own origin. Skipping the decode there
    // is most of the cost of redacting a report.
    const c = ENCODED.test(input) ? canonical(input) : undefined
    const text = c ? c.text : input
    for (const [needle, replacement] of this.searchNeedles()) {
      if (needle.length > text.length) continue
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        spans.push(
          c
            ? { start: c.starts[at]!, end: c.ends[at + needle.length - 1]!, replacement }
            : { start: at, end: at + needle.length, replacement },
        )
      }
    }
    return applySpans(input, spans)
  }

  /**
   * Every string of a finished report (titles, summaries, check reasons, notes, carrier names,
   * object keys), exchanges with their header rules and excerpts cut only after masking.
   */
  report<T>(report: T): T {
    // A report repeats the same short strings (keys, methods, paths, statuses) thousands of times;
    // the secrets do not change during the walk, so each is masked once.
    const seen = new Map<string, string>()
    const text = (s: string): string => {
      if (s.length > 200) return this.text(s)
      let out = seen.get(s)
      if (out === undefined) seen.set(s, (out = this.text(s)))
      return out
    }
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return text(v)
      // exchanges (a finding's evidence, the scan's recorded traffic) get their header rules and excerpts first
      if (Array.isArray(v))
        return key === 'evidence' || key === 'traffic' ? v.map((x) => walk(this.exchange(x as Exchange))) : v.map((x) => walk(x))
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {}
        for (const [k, x] of Object.entries(v)) {
          // a target can name a header or a JSON key __proto__: it stays a key, never the prototype
          Object.defineProperty(out, text(k), { value: walk(x, k), enumerable: true, writable: true, configurable: true })
        }
        return out
      }
      return v
    }
    return walk(report) as T
  }

  private cookiePairs(header: string, sep: string): string {
    return header
      .split(sep)
      .map((part) => {
        const eq = part.indexOf('=')
        if (eq < 0) return part
        const name = part.slice(0, eq)
        const value = part.slice(eq + 1).trim()
        return `${name}=${value ? mask(value) : ''}`
      })
      .join(sep)
  }

  private setCookie(header: string): string {
    const semi = header.indexOf(';')
    const pair = semi < 0 ? header : header.slice(0, semi)
    const rest = semi < 0 ? '' : header.slice(semi)
    return this.cookiePairs(pair, ';') + rest
  }

  headers(h: Record<string, string | string[]>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(h)) {
      const key = k.toLowerCase()
      const each = (s: string): string => {
        if (key === 'cookie') return this.cookiePairs(s, ';')
        if (key === 'set-cookie') return this.setCookie(s)
        if (this.secretHeaders.has(key)) return s.length >= 6 ? mask(s) : '********'
        if (SENSITIVE_HEADERS.has(key)) return s.length > 12 ? `${s.slice(0, 7)}${mask(s.slice(7))}` : '********'
        if (/session|token|sid/i.test(key) && s.length >= 6) return mask(s)
        return this.text(s)
      }
      // a header named __proto__ stays a header of the report, never its prototype
      Object.defineProperty(out, this.text(k), {
        value: Array.isArray(v) ? v.map(each) : each(v),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }

  exchange(x: Exchange): Exchange {
    const out: Exchange = {
      ...x,
      request: {
        ...x.request,
        url: this.text(x.request.url),
        headers: this.headers(x.request.headers) as Record<string, string>,
      },
    }
    if (x.request.body !== undefined) out.request.body = this.text(x.request.body)
    if (x.response) {
      out.response = { ...x.response, headers: this.headers(x.response.headers) }
      if (x.response.body !== undefined) out.response.body = this.text(x.response.body).slice(0, EXCERPT)
    }
    if (x.note !== undefined) out.note = this.text(x.note)
    if (x.error !== undefined) out.error = this.text(x.error)
    return out
  }
}
