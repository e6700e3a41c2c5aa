import type { Exchange } from '../model/finding.js'
import type { ProgressEvent } from '../model/progress.js'
import { EXCERPT } from './excerpt.js'
import { derivedForms } from './derived-forms.js'
import { NeedleIndex, WorkBudget } from './needle-index.js'
import { applySpans, decodedLevels, type Span } from './secret-forms.js'

/** Shows enough of a secret to follow it through the evidence (same prefix, same length), never enough to use it. */
export function mask(value: string): string {
  if (value.length <= 8) return `${'*'.repeat(Math.min(value.length, 4))}…[${value.length}]`
  return `${value.slice(0, 4)}…[${value.length}]`
}

/**
 * A URL for a message: origin, path and query, every query or `;name=` path parameter value of 6
 * characters or more masked as the report masks a secret (`/login?sid=71ef…[36]`). The message may be
 * printed before any report is redacted, and a planted or issued id can sit in any parameter.
 */
export function maskUrlValues(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'an unknown page'
  }
  const hide = (v: string): string => (v.length >= 6 ? mask(v) : v)
  const path = u.pathname.replace(/;([^=;/]+)=([^;/]*)/g, (_, k: string, v: string) => `;${k}=${hide(v)}`)
  const query = [...u.searchParams].map(([k, v]) => `${k}=${hide(v)}`).join('&')
  return `${u.origin === 'null' ? u.protocol : u.origin}${path}${query ? `?${query}` : ''}`
}

/**
 * Secrets past this many (thousands of sampled ids) are searched without base64-of-base64, which is
 * most of each secret's forms: a hundred thousand samples would otherwise hold gigabytes of needles.
 */
const NESTED_FORMS_FOR = 5000

/**
 * The character comparisons one text may cost, per unit of it plus a floor. An honest scan spends a
 * few per unit (a position is compared only with the needles filed under its hash, and ids differ
 * early); a hostile target's ids sharing a long prefix would spend ids × their length per unit.
 * Bounding each text bounds the whole report's redaction by its size.
 */
export const WORK_PER_UNIT = 64
export const WORK_FLOOR = 200_000

/**
 * What a text that could not be checked within its budget becomes: nothing of it is kept, so no
 * secret in it can reach the report.
 */
export const WITHHELD = '[withheld: this text could not be checked for secrets in bounded time]'

/** What a password is replaced with: no character of it, not even its length. */
const PASSWORD_MASK = '********'
const isPassword = (replacement: string): boolean => replacement === PASSWORD_MASK

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token'])

/**
 * Collects every secret a scan handles (passwords, every cookie value and session id it saw or
 * planted) and masks them in evidence. Redaction runs once, on the finished report's evidence, so a
 * value learned to be a session id late in the scan is still masked in early exchanges.
 *
 * A secret is found in any form a target may reflect it in, two ways at once. The text is decoded
 * (percent in UTF-8 or windows-1252, HTML references, JSON/JS escapes, '+' for space) up to
 * DECODE_DEPTH times, each depth mapped back to the original text; and each secret brings the forms
 * decoding cannot reach (derived-forms.ts: base64 of several byte encodings and of its own base64,
 * hex, case-folded copies). Every form is searched at every depth, all in one pass per depth.
 */
export class Redactor {
  /** value → what replaces it: every secret, by the form it was given in, passwords first. */
  private readonly secrets = new Map<string, { replacement: string; password: boolean }>()
  private index: NeedleIndex | undefined
  /** Header names whose every value is masked whole (user-supplied secret headers). */
  private readonly secretHeaders = new Set<string>()
  /** The bytes a browser posts a password in from pages in other charsets, by password (login/browser/posted-bytes.ts). */
  private readonly posted = new Map<string, Uint8Array[]>()
  /** Texts replaced whole by WITHHELD, for the report's note. */
  withheld = 0

  /** A password is masked at any length, in every form; a short one (under 6) only as given and decoded. */
  addPassword(password: string): void {
    // Stryker disable next-line ConditionalExpression: an empty password would add only empty needles, which the index ignores
    if (!password) return
    this.secrets.set(password, { replacement: PASSWORD_MASK, password: true })
    this.index = undefined
  }

  /** A password the browser types, with every byte sequence it posts it as in another charset: each brings its own forms. */
  addPostedPassword(password: string, bytes: Uint8Array[]): void {
    this.addPassword(password)
    if (password && bytes.length) this.posted.set(password, [...(this.posted.get(password) ?? []), ...bytes])
  }

  addSecret(value: string | undefined): void {
    // very short values would mask unrelated text all over the evidence; they are masked where they appear as cookie/header values instead
    if (value && value.length >= 6 && !this.secrets.has(value)) {
      this.secrets.set(value, { replacement: mask(value), password: false })
      this.index = undefined
    }
  }

  /** A header the user supplied: its value is a secret wherever it appears, and the header itself is masked whole. */
  addSecretHeader(name: string, value: string): void {
    this.secretHeaders.add(name.toLowerCase())
    this.addSecret(value)
    // 'Bearer <token>': a target reflects the credential without its scheme; 'Basic' carries user:password in base64
    const m = /^\s*([A-Za-z][\w.+-]*)\s+(\S.*?)\s*$/.exec(value)
    if (!m) return
    this.addSecret(m[2])
    if (m[1]!.toLowerCase() !== 'basic') return
    const pair = Buffer.from(m[2]!, 'base64').toString('utf8')
    const colon = pair.indexOf(':')
    if (colon < 0 || pair.includes('\ufffd')) return
    // as any secret from 6 characters: a one-letter password would mask that letter all over the evidence
    this.addSecret(pair)
    this.addSecret(pair.slice(colon + 1))
  }

  private needles(): NeedleIndex {
    // Stryker disable next-line ConditionalExpression: a cache: an index built again holds the same needles
    if (this.index) return this.index
    const index = new NeedleIndex()
    // the secrets as given first, longest first, so a token containing another token is masked whole;
    // then the derived forms (a form equal to another secret keeps that secret's replacement)
    const ordered = [...this.secrets].sort((a, b) => Number(b[1].password) - Number(a[1].password) || b[0].length - a[0].length)
    const forms = ordered.map(([secret, { password }], i) =>
      derivedForms(secret, { minPlain: password ? 1 : 6, nested: password || i < NESTED_FORMS_FOR, posted: this.posted.get(secret) ?? [] }),
    )
    ordered.forEach(([, { replacement }], i) => index.add(forms[i]!.exact[0] ?? '', replacement))
    ordered.forEach(([, { replacement }], i) => {
      for (const form of forms[i]!.exact) index.add(form, replacement)
      for (const form of forms[i]!.anyCase) index.add(form, replacement, { folded: true })
    })
    this.index = index
    return index
  }

  text(input: string): string {
    return this.masked(input).text
  }

  /**
   * Whether a text holds a known secret in any form, or could not be checked within its budget: for
   * a caller that keeps a text only when nothing in it is secret (the screenshot check), and must say
   * which of the two stopped it. Not counted in `withheld` (that count is the report's evidence).
   */
  check(input: string): 'clean' | 'secret' | 'withheld' {
    const found = this.find(input)
    return found === undefined ? 'withheld' : found.length > 0 ? 'secret' : 'clean'
  }

  /** The spans of every secret in the text (mapped back to it), or undefined when the search ran out of budget. */
  private find(input: string): Span[] | undefined {
    const spans: Span[] = []
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: an empty text or an empty index finds nothing to mask
    if (!input || this.secrets.size === 0) return spans
    const index = this.needles()
    const budget = new WorkBudget(WORK_PER_UNIT * input.length + WORK_FLOOR)
    // depth 0: the text as it stands (a secret that itself holds '%', '&' or '\\' is found before decoding changes it)
    let complete = index.search(input, (start, end, replacement) => spans.push({ start, end, replacement }), budget)
    for (const level of complete ? decodedLevels(input) : []) {
      complete = index.search(
        level.text,
        (start, end, replacement) => spans.push({ start: level.starts[start]!, end: level.ends[end - 1]!, replacement }),
        budget,
      )
      if (!complete) break
    }
    // a search cut short may have missed a secret anywhere in the text
    return complete ? spans : undefined
  }

  /** The text with every secret masked, and whether any secret was found (a withheld text counts as one). */
  private masked(input: string): { text: string; found: boolean } {
    const spans = this.find(input)
    if (spans === undefined) {
      // none of the text is kept
      this.withheld++
      return { text: WITHHELD, found: true }
    }
    return { text: applySpans(input, spans, isPassword), found: spans.length > 0 }
  }

  /**
   * A value shown by its shape (`abcd…[36]`, the first characters kept to follow an id through the
   * evidence) when no known secret is in it; otherwise as text() shows it, each secret by its own
   * mask. A shape keeps the value's first characters, and where a secret overlaps them they may be a
   * password's (a target can set a cookie or a token header to it) or more of a short id than its own
   * mask shows.
   */
  private shaped(value: string, shape: (v: string) => string): string {
    const m = this.masked(value)
    return m.found ? m.text : shape(value)
  }

  /** A progress event with its free text masked. */
  progress(e: ProgressEvent): ProgressEvent {
    if (e.kind === 'phase' || e.kind === 'check') return e.detail === undefined ? e : { ...e, detail: this.text(e.detail) }
    if (e.kind === 'warning') return { ...e, message: this.text(e.message) }
    return e
  }

  /** The same error, its message and stack masked (the CLI prints the message, SG_DEBUG the stack). */
  error(err: unknown): unknown {
    if (!(err instanceof Error)) return typeof err === 'string' ? this.text(err) : err
    err.message = this.text(err.message)
    // the stack too, whatever the message held: a frame or a cause printed into it can hold a secret the message does not
    // Stryker disable next-line ConditionalExpression: text() gives an absent stack back as it is
    if (err.stack) err.stack = this.text(err.stack)
    return err
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
      // Stryker disable next-line ConditionalExpression,EqualityOperator: which strings are cached changes no result
      if (s.length > 200) return this.text(s)
      let out = seen.get(s)
      // Stryker disable next-line ConditionalExpression: masking a string again gives the cached result
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

  /**
   * A Cookie header (every ';'-separated piece a name=value pair) or a Set-Cookie header (its first
   * piece the pair, the rest attributes, readable as they are the point of the cookie checks). The
   * whole header is searched first: a secret holding ';' (a password echoed into a cookie) spans
   * pieces, and no piece searched alone would hold it whole. The pieces a secret touches are shown
   * as text() shows them; only the others get their pair's shape.
   */
  private cookieHeader(header: string, setCookie: boolean): string {
    const spans = this.find(header)
    if (spans === undefined) {
      this.withheld++
      return WITHHELD
    }
    // each piece with the ';' after it, so that the pieces cover the header and a secret on a ';' touches one
    const tiles: Array<[number, number]> = []
    for (let at = 0; at < header.length;) {
      const semi = header.indexOf(';', at)
      const end = semi < 0 || (setCookie && tiles.length > 0) ? header.length : semi + 1
      tiles.push([at, end])
      at = end
    }
    const touched = ([a, b]: [number, number]): boolean => spans.some((s) => s.start < b && s.end > a)
    let out = ''
    for (let i = 0; i < tiles.length; i++) {
      const [a, end] = tiles[i]!
      if (!touched(tiles[i]!)) {
        const piece = header.slice(a, end)
        out += setCookie && i > 0 ? this.text(piece) : this.cookiePair(piece)
        continue
      }
      // the run of touched pieces holds every span that touches any of them
      let b = end
      while (i + 1 < tiles.length && touched(tiles[i + 1]!)) b = tiles[++i]![1]
      // Stryker disable next-line EqualityOperator: a span starting at b or ending at a would touch the tile past the run, which would then be in it
      const inside = spans.filter((s) => s.start < b && s.end > a).map((s) => ({ ...s, start: s.start - a, end: s.end - a }))
      out += applySpans(header.slice(a, b), inside, isPassword)
    }
    return out
  }

  /** One `name=value;` piece: the name masked as text (a target chooses it too), the value by its shape. */
  private cookiePair(piece: string): string {
    const sep = piece.endsWith(';') ? ';' : ''
    const part = piece.slice(0, piece.length - sep.length)
    const eq = part.indexOf('=')
    // no '=': a nameless cookie, all value (a browser stores `Set-Cookie: v; Path=/` and sends `Cookie: v`)
    const name = eq < 0 ? part.slice(0, part.length - part.trimStart().length) : `${this.text(part.slice(0, eq))}=`
    const value = part.slice(eq + 1).trim()
    return `${name}${value ? this.shaped(value, mask) : ''}${sep}`
  }

  headers(h: Record<string, string | string[]>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(h)) {
      const key = k.toLowerCase()
      const each = (s: string): string => {
        if (key === 'cookie' || key === 'set-cookie') return this.cookieHeader(s, key === 'set-cookie')
        if (this.secretHeaders.has(key)) return this.shaped(s, (v) => (v.length >= 6 ? mask(v) : PASSWORD_MASK))
        if (SENSITIVE_HEADERS.has(key))
          return this.shaped(s, (v) => (v.length > 12 ? `${v.slice(0, 7)}${mask(v.slice(7))}` : PASSWORD_MASK))
        if (/session|token|sid/i.test(key) && s.length >= 6) return this.shaped(s, mask)
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
