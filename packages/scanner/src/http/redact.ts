import type { Exchange } from '../model/finding.js'
import type { ProgressEvent } from '../model/progress.js'
import { CUT_MARK, EXCERPT, OBSERVED_BODY } from './excerpt.js'
import { CutWindows } from './cut-window.js'
import { derivedForms } from './derived-forms.js'
import { type Hit, NeedleIndex, WorkBudget } from './needle-index.js'
import { foldedRuns, foldedText } from './folded-view.js'
import { punycodeLabels } from './punycode-view.js'
import { hasShadow, shadowReading } from './ascii-shadow.js'
import { applySpans, type Canonical, canonical, decodedLevels, type Escapes, QP_ESCAPE, type Span } from './secret-forms.js'
import { credentialLike, headerValueParts } from './header-parts.js'
import {
  EVERY_SCRIPT,
  type Reading,
  readingFor,
  scriptsOf,
  secretSkeleton,
  skeleton,
  skeletonText,
  skeletonWorthy,
  unitsOf,
} from './skeleton.js'

/** Shows enough of a secret to follow it through the evidence (same prefix, same length), never enough to use it. */
export function mask(value: string): string {
  if (value.length <= 8) return maskWhole(value)
  return `${value.slice(0, 4)}…[${value.length}]`
}

/** A value shown by its length alone. */
export function maskWhole(value: string): string {
  return `${'*'.repeat(Math.min(value.length, 4))}…[${value.length}]`
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
 * Ids the target handed out past this many (thousands of sampled ids) are searched without
 * base64-of-base64, which is most of each secret's forms: a hundred thousand samples would otherwise
 * hold gigabytes of needles. The operator's secrets are never counted against it (needles()).
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
 * The letters-and-digits readings (skeleton.ts) one text is searched in, one per set of secrets'
 * scripts, beyond those of the operator's secrets (each of which has its own: see needles()).
 */
const MAX_READINGS = 4

/**
 * What a text that could not be checked within its budget becomes: nothing of it is kept, so no
 * secret in it can reach the report.
 */
export const WITHHELD = '[withheld: this text could not be checked for secrets in bounded time]'

/** What the folded view (folded-view.ts) folds: a run of it reads as one space, counted here as none. */
const FOLDS_TO_SPACE = /[\s\u0000-\u001f\u007f-\u009f+]/

/** A view searched, mapped back to the text (identity when `starts`/`ends` are undefined), whose cut windows it widens. */
interface CutView {
  cuts: CutWindows
  starts?: ArrayLike<number>
  /** Exclusive ends: a view's unit k ends at `ends[k]` in the text. */
  ends?: ArrayLike<number>
  /** Where runs are looked for before each cut (CutWindows.tails()). */
  tails: number[][]
}

/** What stands in a Cookie header for the cookies a page script set. */
export const PAGE_COOKIES_WITHHELD = '[cookies a page script set: withheld]'

/**
 * The readings a text is decoded in (secret-forms.ts Escapes), in the order they are tried: the
 * decoder alone always; one that reads quoted-printable too when a level holds a `=XX`; one that reads
 * tag characters too when a level holds one; and one that reads both, so each is read inside the
 * other (tags spelling `=48=6F…`, quoted-printable bytes of tags, tags spelling `%3D48`).
 */
const READINGS: readonly Escapes[] = [{}, { qp: true }, { tags: true }, { qp: true, tags: true }]

/** What a password is replaced with: no character of it, not even its length. */
const PASSWORD_MASK = '********'
/** An operator's Basic password shorter than this is masked only as a whole value (addSecretHeader). */
const SHORT_PASSWORD = 6
const isPassword = (replacement: string): boolean => replacement === PASSWORD_MASK

/** How many non-ASCII characters beside a password's match its mask also takes. */
const BESIDE = 4

/**
 * Widens a password's span over the non-ASCII characters right beside it (up to BESIDE on each
 * side). A raw body read as UTF-8 is found by the part of the password from its first ASCII byte to
 * its last (derived-forms.ts); the bytes outside that part may have been read together with a byte
 * the target put beside them ('C6' + '80' is 'ƀ'), and such a character tells the password's byte.
 */
function besideUnder(input: string, span: Span): void {
  const wide = (k: number): boolean => k >= 0 && k < input.length && input.charCodeAt(k) >= 0x80
  for (let n = 0; n < BESIDE && wide(span.start - 1); n++)
    span.start -= /[\udc00-\udfff]/.test(input[span.start - 1]!) && span.start >= 2 ? 2 : 1
  for (let n = 0; n < BESIDE && wide(span.end); n++)
    span.end += /[\ud800-\udbff]/.test(input[span.end]!) && span.end + 1 < input.length ? 2 : 1
}

/**
 * A value (a cookie's, a token header's) that holds known secrets at `spans`, shown whole by its
 * shape and never with a character the secrets do not let a mask show: a password anywhere in it
 * leaves none of the value (not even its length); a value that is exactly one secret shows that
 * secret's own mask; otherwise the shape is taken of the value with each secret's characters starred
 * but for the first ones its own mask shows. So neither the rest of the value (a JWT beside a learned
 * id) nor more of a short id than its own mask are in clear.
 */
function withSecrets(value: string, spans: Span[], shape: (v: string) => string): string {
  if (spans.some((s) => isPassword(s.replacement))) return PASSWORD_MASK
  if (spans.some((s) => s.start === 0 && s.end === value.length))
    return spans.find((s) => s.start === 0 && s.end === value.length)!.replacement
  const units = value.split('')
  for (const s of spans) units.fill('*', s.start, s.end)
  // the first characters each secret's own mask shows ('abcd' of 'abcd…[36]'; none of '****…[7]'), where no other secret started before it
  let covered = 0
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start >= covered) {
      const shown = /^\*+…/.test(s.replacement) ? '' : s.replacement.slice(0, Math.max(0, s.replacement.indexOf('…')))
      for (let k = 0; k < shown.length && s.start + k < s.end; k++) units[s.start + k] = shown[k]!
    }
    covered = Math.max(covered, s.end)
  }
  return shape(units.join(''))
}

/** The [start, end) of a cookie piece's value: after its first '=' (all of it for a nameless cookie), without the ';' and spaces around it. */
function cookieValue(header: string, [a, end]: [number, number]): [number, number] | undefined {
  let to = header[end - 1] === ';' ? end - 1 : end
  const eq = header.indexOf('=', a)
  let from = eq >= 0 && eq < to ? eq + 1 : a
  while (from < to && /\s/.test(header[from]!)) from++
  while (to > from && /\s/.test(header[to - 1]!)) to--
  return to > from ? [from, to] : undefined
}

/**
 * Cookie pieces [a, b) that known secrets touch, shown with every value masked: a secret and a value
 * it touches are one region, shown whole by withSecrets(); a value no secret touches by its shape; a
 * secret outside any value (a name, an attribute) by its own mask. Names, '=', ';' and attributes
 * outside every secret are kept.
 */
function cookieRun(
  header: string,
  a: number,
  b: number,
  spans: Span[],
  values: Array<[number, number]>,
  shape: (v: string) => string,
): string {
  const items = [...spans.map((s) => [s.start, s.end] as [number, number]), ...values].sort((x, y) => x[0] - y[0])
  let out = ''
  let at = a
  const show = ([start, end]: [number, number]): void => {
    const inside = spans.filter((s) => s.start < end && s.end > start).map((s) => ({ ...s, start: s.start - start, end: s.end - start }))
    const text = header.slice(start, end)
    const isValue = values.some(([f, t]) => f < end && t > start)
    out += header.slice(at, start)
    out += !isValue ? applySpans(text, inside, isPassword) : inside.length ? withSecrets(text, inside, shape) : shape(text)
    at = end
  }
  let region: [number, number] | undefined
  for (const [start, end] of items) {
    if (region && start < region[1]) region[1] = Math.max(region[1], end)
    else {
      if (region) show(region)
      region = [start, end]
    }
  }
  if (region) show(region)
  return out + header.slice(at, b)
}

/** Ids shorter than this lend no shape to progress lines: a shorter word of the same alphabet would too often be a word. */
const LOOK_ALIKE_MIN = 16
/**
 * Runs of each id alphabet, the longest each can be. A known id's shape is looked for in runs of its own
 * alphabet only: a run of a wider one would join it to its neighbours (`/expired/<hex id>` is one
 * base64 word, never a hex:32 one).
 */
const ALPHABET_RUNS: Record<string, RegExp> = {
  hex: /[0-9a-f]+/g,
  HEX: /[0-9A-F]+/g,
  alnum: /[A-Za-z0-9]+/g,
  base64url: /[A-Za-z0-9_-]+/g,
  base64: /[A-Za-z0-9+/]+={0,2}/g,
}

/** An id's shape, its alphabet and length ('hex:32'), or undefined when it is too short or of no id alphabet. */
function idShape(v: string): { alphabet: string; length: number } | undefined {
  if (v.length < LOOK_ALIKE_MIN) return undefined
  const alphabet = /^[0-9a-f]+$/.test(v)
    ? 'hex'
    : /^[0-9A-F]+$/.test(v)
      ? 'HEX'
      : /^[A-Za-z0-9]+$/.test(v)
        ? 'alnum'
        : /^[A-Za-z0-9_-]+$/.test(v)
          ? 'base64url'
          : /^[A-Za-z0-9+/]+={0,2}$/.test(v)
            ? 'base64'
            : undefined
  return alphabet ? { alphabet, length: v.length } : undefined
}

/** A `name=value` or `name="value"` in a header value (a cookie, an auth-param, a query-like list). */
const PARAMETER = /(?:^|[\s,;&])([!#$%'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,;&"]+)/g
/** Parameters that describe a credential rather than prove it (RFC 7616, RFC 9110, AWS SigV4): never learned as secrets. */
const DESCRIPTIVE = new Set([
  'realm',
  'uri',
  'algorithm',
  'qop',
  'nc',
  'charset',
  'userhash',
  'domain',
  'stale',
  'signedheaders',
  'path',
  'max-age',
  'expires',
  'samesite',
])

/** Report fields that are maps keyed by names the target chose (headers, carrier names): their keys are target text. */
const TARGET_KEYED = new Set(['headers', 'values', 'byCarrier'])

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
  private readonly secrets = new Map<string, { replacement: string; password: boolean; operator: boolean }>()
  private index: NeedleIndex | undefined
  /**
   * Each secret's letters-and-digits form (skeleton.ts), for secrets with SKELETON_MIN of them or
   * more, by the reading of its scripts it is searched in: `bare` its form without marks (an accent
   * or an underline put on its letters, or taken off them, leaves it legible), `kept` with them for a
   * secret whose form without them is too short (a script whose vowels are marks).
   */
  private readings: Array<{ reading: Reading; bare: NeedleIndex; kept: NeedleIndex }> = []
  /** Header names whose every value is masked whole (user-supplied secret headers). */
  private readonly secretHeaders = new Set<string>()
  /** The operator's Basic passwords under SHORT_PASSWORD characters: masked where a whole value is one, never searched inside text. */
  private readonly wholeOnly = new Set<string>()
  /** The bytes a browser posts a password in from pages in other charsets, by password (login/browser/posted-bytes.ts). */
  private readonly posted = new Map<string, Uint8Array[]>()
  /** `name=value` of every cookie a page script set (no Set-Cookie of the target's made it): withheld from every Cookie header. */
  private readonly pageCookies = new Set<string>()
  /** Texts replaced whole by WITHHELD, for the report's note. */
  withheld = 0
  /**
   * Set once a password of the scan went to the target (an HTTP login's POST, the browser typing it):
   * from then on the target can spell it in any value it sets, four characters at a time in as many
   * cookies, so only values seen before (`before`) keep the prefix of their mask.
   */
  private heard = false
  private readonly before = new Set<string>()

  /**
   * A password is about to reach the target. `seen`: every value the target set so far (its Set-Cookie
   * values, a browser's cookies before typing): those, and every secret already learned, keep showing
   * their first characters; any value first seen later is shown by its length alone (`****…[36]`),
   * wherever the redaction shows a value by its shape: a cookie, a session or token header, a learned
   * id in any text.
   */
  passwordSent(seen: Iterable<string>): void {
    if (this.heard) return
    for (const v of seen) this.before.add(v)
    for (const v of this.secrets.keys()) this.before.add(v)
    this.heard = true
  }

  /** A value's mask: by its prefix when the target set it before any password reached it, else by its length alone. */
  private valueMask(value: string): string {
    return !this.heard || this.before.has(value) ? mask(value) : maskWhole(value)
  }

  /** A password is masked at any length, in every form; a short one (under 6) only as given and decoded. */
  addPassword(password: string): void {
    // Stryker disable next-line ConditionalExpression: an empty password would add only empty needles, which the index ignores
    if (!password) return
    this.learn(password, { replacement: PASSWORD_MASK, password: true, operator: true })
  }

  /**
   * The one way a secret is filed: merged into what is known of the same text, never replacing it.
   * A target-side call (a page script's cookie, an id a response handed out) can give a secret the
   * operator configured; what it learns must not take away the standing the operator's gave it (a
   * password's mask and forms at any length, an operator's own reading and nested forms), so each
   * flag is kept once set and a password's mask wins over a shape.
   */
  private learn(value: string, entry: { replacement: string; password: boolean; operator: boolean }): void {
    const known = this.secrets.get(value)
    if (!known) {
      this.secrets.set(value, { ...entry })
      this.index = undefined
      return
    }
    const merged = {
      replacement: isPassword(known.replacement) || isPassword(entry.replacement) ? PASSWORD_MASK : known.replacement,
      password: known.password || entry.password,
      operator: known.operator || entry.operator,
    }
    if (merged.replacement === known.replacement && merged.password === known.password && merged.operator === known.operator) return
    this.secrets.set(value, merged)
    this.index = undefined
  }

  /** A password the browser types, with every byte sequence it posts it as in another charset: each brings its own forms. */
  addPostedPassword(password: string, bytes: Uint8Array[]): void {
    this.addPassword(password)
    if (password && bytes.length) this.posted.set(password, [...(this.posted.get(password) ?? []), ...bytes])
  }

  /**
   * `operator`: a secret the operator configured (a supplied cookie or header, a credential in the
   * target URL) rather than one the target handed out: its scripts always get a reading of their own
   * (see needles()), so no number of ids a target chooses can change how it is searched.
   */
  addSecret(value: string | undefined, operator = false): void {
    // very short values would mask unrelated text all over the evidence; they are masked where they appear as cookie/header values instead
    if (value && value.length >= 6) this.learn(value, { replacement: this.valueMask(value), password: false, operator })
    // a quoted cookie value (RFC 6265's DQUOTE *cookie-octet DQUOTE): servers that strip the quotes
    // reflect the value without them
    if (value && value.length >= 2 && value.startsWith('"') && value.endsWith('"')) this.addSecret(value.slice(1, -1), operator)
  }

  /**
   * A cookie a page's script set in the browser: its name and value are the page's text (it can split the
   * typed password over several such cookies, or spell the session id it holds), so neither is shown,
   * not a prefix, not a length, not how many there were: every Cookie header shows one marker in their
   * place. Its value is masked whole wherever else it appears.
   */
  addPageCookie(name: string, value: string): void {
    // a nameless cookie (document.cookie = 'abc') is written bare in a Cookie header
    this.pageCookies.add(name === '' ? value : `${name}=${value}`)
    if (value.length >= 6) this.learn(value, { replacement: PASSWORD_MASK, password: false, operator: false })
  }

  /** A Cookie header without the cookies a page script set, and whether it held any. */
  private withoutPageCookies(header: string): { rest: string; had: boolean } {
    if (this.pageCookies.size === 0) return { rest: header, had: false }
    const pieces = header.split(';')
    const rest = pieces.filter((p) => !this.pageCookies.has(p.trim()))
    return { rest: rest.map((p, i) => (i === 0 ? p.trimStart() : p)).join(';'), had: rest.length < pieces.length }
  }

  /**
   * A header the user supplied, or one carrying a session as such a header would: its value is a secret
   * wherever it appears, and the header itself is masked whole. `operator`: as addSecret's. True when
   * it carries a password (an operator's `Basic` pair): the caller tells passwordSent() when it goes out.
   */
  addSecretHeader(name: string, value: string, operator = false): boolean {
    this.secretHeaders.add(name.toLowerCase())
    this.addSecret(value, operator)
    // its parts, which a target reflects alone: each cookie's value of a Cookie header, and each
    // parameter value of a structured credential (auth-params `token="…"`, Digest `response=`, AWS4
    // `Signature=`/`Credential=`, `key=`), quoted or not. A parameter that describes rather than proves
    // (a realm, a URI, an algorithm) is skipped: learning '/account' would mask every path in the report.
    for (const m of value.matchAll(PARAMETER)) {
      const v = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!
      if (!DESCRIPTIVE.has(m[1]!.toLowerCase()) && credentialLike(v)) this.addSecret(v, operator)
    }
    this.learnHeaderParts(name, value, operator)
    // 'Bearer <token>': a target reflects the credential without its scheme; 'Basic' carries user:password in base64
    const m = /^\s*([A-Za-z][\w.+-]*)\s+(\S.*?)\s*$/.exec(value)
    if (!m) return false
    this.addSecret(m[2], operator)
    if (m[1]!.toLowerCase() !== 'basic') return false
    const pair = Buffer.from(m[2]!, 'base64').toString('utf8')
    const colon = pair.indexOf(':')
    if (colon < 0 || pair.includes('\ufffd')) return false
    // as any secret from 6 characters: a one-letter password would mask that letter all over the evidence
    this.addSecret(pair, operator)
    // the username alone: an API key sent as one (`-u KEY:X`, `-u KEY:`) is reflected without its
    // password; from 6 characters, as any secret, so `alice` or `admin` stay readable
    this.addSecret(pair.slice(0, colon), operator)
    // the operator's Basic password is a password like a login's (no character of it shown, the
    // after-password rule from the first request: learnConfiguredSecrets); a target's stays an id
    const password = pair.slice(colon + 1)
    if (!operator) {
      this.addSecret(password, operator)
      return false
    }
    this.addOperatorPassword(password)
    return password.length > 0
  }

  /**
   * A password the operator gives outside the login (a supplied Basic pair's, a config URL's
   * userinfo): a password from SHORT_PASSWORD characters; a shorter one is often a placeholder
   * (`-u KEY:X`), which searched inside every text would mask that letter all over the report, so it
   * is masked only where a whole value is it (a header, a parameter, a URL's userinfo). The caller
   * still tells passwordSent() when it goes out.
   */
  addOperatorPassword(password: string): void {
    if (password.length >= SHORT_PASSWORD) this.addPassword(password)
    else if (password) this.wholeOnly.add(password)
  }

  /**
   * A text with every parameter value (and a URL's userinfo password) that is a short operator
   * password (wholeOnly) masked: such a password is never searched inside text, so a query or a form
   * that sends it whole, or a message quoting such a URL, must not show it either. A value ends where
   * a URL's or a form's would, or at a space (a URL quoted in a sentence).
   *
   * A message quotes a config URL as written, not as the scan resolved it: its userinfo may follow
   * backslashes (`\\bob:pw@`, `http:/\bob:pw@`, which Scope.resolve() reads as `//`), and its password
   * may hold an unescaped `@` (`//bob:p@ss@host`: the URL parser splits at the last `@` before the host).
   */
  private wholeValues(s: string): string {
    if (this.wholeOnly.size === 0) return s
    const whole = (value: string): boolean => {
      let plain = value
      try {
        plain = decodeURIComponent(value.replace(/\+/g, ' '))
      } catch {
        // a malformed escape: compared as written
      }
      return this.wholeOnly.has(plain) || this.wholeOnly.has(value)
    }
    return s
      .replace(/(\/\/[^/@:?#]*:)([^@/?#]*)@/g, (all, head: string, value: string) => (whole(value) ? `${head}${PASSWORD_MASK}@` : all))
      .replace(/([/\\]{2}[^/\\:?#\s]*:)([^/\\?#\s]*)@(?=[^@/\\?#\s]*(?:[/\\?#\s]|$))/g, (all, head: string, value: string) =>
        whole(value) ? `${head}${PASSWORD_MASK}@` : all,
      )
      .replace(/([?&;]|^)([^=&;?#\s]*)=([^&;#\s]*)/g, (all, sep: string, name: string, value: string) =>
        whole(value) ? `${sep}${name}=${PASSWORD_MASK}` : all,
      )
  }

  /**
   * Every part of a supplied header value, in every grammar a credential header is written in
   * (header-parts.ts): `svc:KEY`, `token*=UTF-8''KEY`, `{"key":"KEY"}`, `Bearer KEY, x`. A part is
   * learned only when it looks like a credential, so a scheme or a word beside the key masks nothing.
   */
  private learnHeaderParts(name: string, value: string, operator: boolean): void {
    for (const part of headerValueParts(value, name)) this.addSecret(part, operator)
  }

  private needles(): NeedleIndex {
    // Stryker disable next-line ConditionalExpression: a cache: an index built again holds the same needles
    if (this.index) return this.index
    const index = new NeedleIndex()
    // the secrets as given first, the operator's before any the target handed out (passwords first
    // among them), each group longest first, so a token containing another token is masked whole;
    // then the derived forms (a form equal to another secret keeps that secret's replacement). The
    // cap on nested forms counts only the target's ids: however many it hands out, every secret the
    // operator gave keeps all its forms.
    const ordered = [...this.secrets].sort(
      (a, b) => Number(b[1].operator) - Number(a[1].operator) || Number(b[1].password) - Number(a[1].password) || b[0].length - a[0].length,
    )
    let targetIds = 0
    const forms = ordered.map(([secret, { password, operator }]) =>
      derivedForms(secret, {
        minPlain: password ? 1 : 6,
        nested: password || operator || targetIds++ < NESTED_FORMS_FOR,
        posted: this.posted.get(secret) ?? [],
      }),
    )
    ordered.forEach(([, { replacement }], i) => index.add(forms[i]!.exact[0] ?? '', replacement))
    ordered.forEach(([, { replacement }], i) => {
      for (const form of forms[i]!.exact) index.add(form, replacement)
      for (const form of forms[i]!.anyCase) index.add(form, replacement, { folded: true })
    })
    this.index = index
    // the scripts of each secret choose its reading. Every script set of an operator's secret
    // (passwords, 2FA codes, supplied cookies and headers, target-URL credentials) has its own: their
    // number is the operator's, so it bounds the passes, and a target cannot push one into the shared
    // reading, where letters of another script between its letters would hide it. The sets of ids the
    // target handed out share what is left of MAX_READINGS (a reading is a pass over every text), most
    // ids first; the rest share the reading that keeps every script.
    // each secret is read as given and, when it holds letter forms or other scripts' digits, as the
    // decoder reads them (ascii-shadow.ts: `Horse٧Battery٩` is also `Horse7Battery9`, a Latin secret),
    // each reading in the reading of its own scripts
    const items = ordered.flatMap(([secret, { replacement, operator }]) => {
      const read = shadowReading(secret)
      return (read === secret ? [secret] : [secret, read]).map((text) => ({ text, replacement, operator, scripts: scriptsOf(text) }))
    })
    const counts = new Map<string, number>()
    const own = new Set<string>()
    for (const { scripts, operator } of items) {
      const key = scripts?.join(',')
      if (key === undefined) continue
      if (operator) own.add(key)
      else counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    const spare = Math.max(0, MAX_READINGS - 1 - own.size)
    for (const [key] of [...counts]
      .filter(([key]) => !own.has(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, spare))
      own.add(key)
    const byReading = new Map<Reading, { reading: Reading; bare: NeedleIndex; kept: NeedleIndex }>()
    for (const { text: secret, replacement, scripts: s } of items) {
      const reading = s && own.has(s.join(',')) ? readingFor(s) : EVERY_SCRIPT
      let entry = byReading.get(reading)
      if (!entry) byReading.set(reading, (entry = { reading, bare: new NeedleIndex(), kept: new NeedleIndex() }))
      const bare = secretSkeleton(secret, reading, true)
      if (skeletonWorthy(bare)) entry.bare.add(bare, replacement)
      else {
        const kept = secretSkeleton(secret, reading)
        if (skeletonWorthy(kept)) entry.kept.add(kept, replacement)
      }
    }
    this.readings = [...byReading.values()].filter((r) => r.bare.size + r.kept.size > 0)
    return index
  }

  /**
   * Searches `text` as it stands and its letters-and-digits reading (skeleton.ts): a secret with
   * anything that is not a letter or digit between its letters (an invisible code point, another
   * space, a backslash, a dash of another kind) is found there, masked from its first letter to its last.
   */
  private searchBoth(
    text: string,
    hit: (start: number, end: number, replacement: string) => void,
    budget: WorkBudget,
    view?: CutView,
  ): boolean {
    const index = this.needles()
    if (!index.search(text, hit, budget)) return false
    // the reading as a renderer folds it (folded-view.ts), at this depth as at every other: a
    // passphrase with '&nbsp;' or a JSON '\\n' between its words is printed by a renderer, or read by a
    // reader of the JSON, with one space there once decoded
    const folded = foldedText(text)
    // a cut's window is counted in every view searched here too: padding only the folded or a
    // letters-and-digits view drops (U+061C, CGJ, fillers, marks, spaces) is nothing in them
    if (view) {
      const { cuts, tails } = view
      if (!cuts.see(text, view, tails, index, budget)) return false
      // each other view is built only over the slice before each cut that its longest needle can reach
      if (folded !== undefined) {
        const units = (cp: number): number => (FOLDS_TO_SPACE.test(String.fromCodePoint(cp)) ? 0 : 1)
        const read = (slice: string): string => foldedText(slice) ?? slice
        if (!cuts.seeBuilt(text, view, tails, index, { units, read, build: foldedRuns }, budget)) return false
      }
      for (const { reading, bare, kept } of this.readings)
        for (const [needles, withMarks] of [
          [bare, false],
          [kept, true],
        ] as const) {
          if (needles.size === 0) continue
          const units = (cp: number): number => unitsOf(cp, reading, !withMarks)
          const read = (slice: string): string => skeletonText(slice, !withMarks, reading)
          const build = (slice: string): Canonical => skeleton(slice, !withMarks, reading)
          if (!cuts.seeBuilt(text, view, tails, needles, { units, read, build, lowerCase: true }, budget)) return false
        }
    }
    if (folded !== undefined) {
      budget.spent += text.length
      let runs: Canonical | undefined
      const inFolded: Hit = (start, end, replacement) => {
        runs ??= foldedRuns(text)
        hit(runs.starts[start]!, runs.ends[end - 1]!, replacement)
      }
      if (!index.search(folded, inFolded, budget)) return false
    }
    for (const { reading, bare, kept } of this.readings) {
      // each reading costs one pass over the text: counted like a search's comparisons
      budget.spent += text.length
      // the map back is built only once something is found
      const inReading = (withMarks: boolean): Hit => {
        let map: Canonical | undefined
        return (start, end, replacement) => {
          map ??= skeleton(text, !withMarks, reading)
          hit(map.starts[start]!, map.ends[end - 1]!, replacement)
        }
      }
      if (bare.size > 0 && !bare.search(skeletonText(text, true, reading), inReading(false), budget, { lowerCase: true })) return false
      if (kept.size === 0) continue
      budget.spent += text.length
      if (!kept.search(skeletonText(text, false, reading), inReading(true), budget, { lowerCase: true })) return false
    }
    return true
  }

  /**
   * A text of the report with every secret masked: its own forms searched inside it, and a short
   * operator password where a whole value is it (a URL's userinfo, a parameter's value: a finding's
   * url or summary, a check's reason, an error line quote the check URL as the exchanges do).
   */
  text(input: string): string {
    return this.wholeValues(this.masked(input))
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

  /**
   * Whether a known secret passes `test`: for a search the needle index cannot do (the screenshot
   * check's per-position reading of look-alike letters), without handing the secrets out.
   */
  someSecret(test: (secret: string) => boolean): boolean {
    for (const secret of this.secrets.keys()) if (test(secret)) return true
    return false
  }

  /**
   * The spans of every secret in the text (mapped back to it), or undefined when the search ran out of
   * budget. The text is decoded in up to four readings (READINGS), each searched at every depth and all
   * their spans masked: the decoder alone, and with quoted-printable, tag characters, or both read as
   * escapes too, each of the last three only when the text or a level of an earlier reading holds
   * what it reads. The punycode labels of the text and of every level are decoded and searched too.
   * `cuts` sees every level searched, so the window before a cut is counted in each of them.
   */
  private find(input: string, cuts?: CutWindows): Span[] | undefined {
    const spans: Span[] = []
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: an empty text or an empty index finds nothing to mask
    if (!input || this.secrets.size === 0) return spans
    // depth 0: the text as it stands (a secret that itself holds '%', '&' or '\\' is found before decoding changes it)
    const tails = cuts?.tails(input)
    if (cuts) cuts.seeLabels(input, {}, tails!)
    if (
      !this.searchBoth(
        input,
        (start, end, replacement) => spans.push({ start, end, replacement }),
        this.budgetFor(input),
        cuts && { cuts, tails: tails! },
      )
    )
      return undefined
    const seen = { grouped: false }
    // every level holds the labels the text around it holds: each is decoded once for all of them
    const labels = new Map<string, string>()
    for (const bytewise of [false, true]) {
      // the byte-wise reading (escapedByteAt) only where the first read a run of escaped bytes as one
      // UTF-8 character: elsewhere it reads the same
      if (bytewise && !seen.grouped) break
      // what a reading's levels hold: quoted-printable escapes, tag characters (the text's own, or a decoding's: '%F3%A0%81%81')
      const holds = { qp: QP_ESCAPE.test(input), tags: input.includes('\udb40') }
      const done = new Set<Escapes>()
      for (
        let escapes = READINGS[0];
        escapes;
        escapes = READINGS.find((e) => !done.has(e) && (!e.qp || holds.qp) && (!e.tags || holds.tags))
      ) {
        done.add(escapes)
        // each reading has its own budget: reading a text twice must not withhold an honest one
        if (!this.searchLevels(input, escapes, spans, this.budgetFor(input), bytewise, seen, holds, cuts, labels)) return undefined
      }
    }
    // the labels of the text as it stands (every decoded level's are read in searchLevels)
    if (!this.searchPunycode(input, undefined, undefined, spans, this.budgetFor(input), cuts && { cuts, tails: tails! }, labels))
      return undefined
    for (const span of spans) if (span.replacement === PASSWORD_MASK) besideUnder(input, span)
    return spans
  }

  /** What one reading of a text may spend: its length's worth of comparisons, and a floor. */
  private budgetFor(input: string): WorkBudget {
    return new WorkBudget(WORK_PER_UNIT * input.length + WORK_FLOOR)
  }

  /**
   * Every decoded level of one reading of the text (secret-forms.ts decodedLevels(), `escapes` read
   * besides the usual ones), each span pushed as a span of the text; false when the budget ran out.
   * `bytewise`: escaped bytes read one by one (escapedByteAt); `seen.grouped` is set when a level took
   * a run of them as one UTF-8 character; `holds` learns what a level holds for the readings after it.
   */
  private searchLevels(
    input: string,
    escapes: Escapes,
    spans: Span[],
    budget: WorkBudget,
    bytewise: boolean,
    seen: { grouped: boolean },
    holds: { qp: boolean; tags: boolean },
    cuts: CutWindows | undefined,
    labels: Map<string, string>,
  ): boolean {
    for (const level of decodedLevels(input, bytewise, escapes)) {
      const view = cuts && { cuts, starts: level.starts, ends: level.ends, tails: cuts.tails(level.text, level) }
      if (view) cuts!.seeLabels(level.text, view, view.tails)
      if (level.grouped) seen.grouped = true
      if (!escapes.qp && !holds.qp && QP_ESCAPE.test(level.text)) holds.qp = true
      if (!escapes.tags && !holds.tags && level.text.includes('\udb40')) holds.tags = true
      const inLevel = (start: number, end: number, replacement: string): void => {
        spans.push({ start: level.starts[start]!, end: level.ends[end - 1]!, replacement })
      }
      // a search cut short may have missed a secret anywhere in the text
      if (!this.searchBoth(level.text, inLevel, budget, view)) return false
      if (!this.searchPunycode(level.text, level.starts, level.ends, spans, budget, view, labels)) return false
    }
    return true
  }

  /**
   * Punycode host labels of `text` decoded (an 'xn--' label holding the secret beside another non-ASCII
   * letter), searched as they stand and by their letters, and read through the decoder's letter forms
   * and digits (a label of small capitals, or with Devanagari digits, is the secret to whoever shows
   * the host name). Called for the text and for every decoded level of every reading: a label with an
   * escaped hyphen (`xn&#45;&#45;…`, `%2D`), or with a soft hyphen inside that a URL parser drops, is a
   * label only once decoded. `starts`/`ends` map `text` back to the input.
   */
  private searchPunycode(
    text: string,
    starts: ArrayLike<number> | undefined,
    ends: ArrayLike<number> | undefined,
    spans: Span[],
    budget: WorkBudget,
    view: { cuts: CutWindows; tails: number[][] } | undefined,
    labels: Map<string, string>,
  ): boolean {
    const puny = punycodeLabels(text, labels)
    if (!puny) return true
    // decoding a label costs up to the square of its length (at most MAX_LABEL): counted as a pass
    budget.spent += text.length
    const back = (k: number): number => (starts ? starts[k]! : k)
    const backEnd = (k: number): number => (ends ? ends[k - 1]! : k)
    const read = hasShadow(puny.text) ? canonical(puny.text, false, { shadowsOnly: true }) : undefined
    for (const [t, s, e] of [
      [puny.text, puny.starts, puny.ends],
      ...(read ? [[read.text, read.starts.map((k) => puny.starts[k]!), read.ends.map((k) => puny.ends[k - 1]!)] as const] : []),
    ] as const) {
      const from = s.map(back)
      const to = e.map((k) => backEnd(k))
      const hit = (start: number, end: number, replacement: string): void => {
        spans.push({ start: from[start]!, end: to[end - 1]!, replacement })
      }
      // `to` holds exclusive ends, as a level's do
      if (!this.searchBoth(t, hit, budget, view && { ...view, starts: from, ends: to })) return false
    }
    return true
  }

  /** The text with every secret masked, or WITHHELD when it could not be checked in bounded time. */
  private masked(input: string): string {
    const cuts = this.cutWindows(input, false)
    const spans = this.find(input, cuts)
    if (spans === undefined) {
      // none of the text is kept
      this.withheld++
      return WITHHELD
    }
    return applySpans(input, [...spans, ...(cuts?.spans() ?? [])], isPassword)
  }

  /**
   * The cuts a text may hold: each CUT_MARK (and the end of a text the engine may have cut unmarked:
   * `endCut`). A secret the cut went through is there only in part, which no needle matches: before
   * each cut, every view find() searches withholds the longest run that some needle searched there
   * starts with (cut-window.ts), whichever offset the cut was made at (a body at any scope.max_body,
   * a message's quote at its length). No secret known, no window.
   */
  private cutWindows(input: string, endCut: boolean): CutWindows | undefined {
    if ((!endCut && !input.includes(CUT_MARK)) || this.secrets.size === 0) return undefined
    const cuts: number[] = []
    // a target may write the mark itself any number of times: every level is read once for all of them
    for (let at = input.indexOf(CUT_MARK); at >= 0; at = input.indexOf(CUT_MARK, at + CUT_MARK.length)) if (at > 0) cuts.push(at)
    if (endCut && input.length > 0) cuts.push(input.length)
    return cuts.length > 0 ? new CutWindows(cuts) : undefined
  }

  /**
   * A value shown by its shape (`abcd…[36]`, the first characters kept to follow an id through the
   * evidence). A value that holds a known secret is masked whole too (a JWT beside a learned id is as
   * much a credential as the id): see withSecrets().
   */
  private shaped(value: string, shape: (v: string) => string): string {
    const spans = this.find(value)
    if (spans === undefined) {
      this.withheld++
      return WITHHELD
    }
    return spans.length > 0 ? withSecrets(value, spans, shape) : shape(value)
  }

  /**
   * The first line of a message (an error a browser or a page wrote), masked and only then cut to
   * about `max` characters: a secret across the cut would otherwise keep its start. The cut falls
   * between words, so a secret learned after this call (an id, which holds no space) is never left
   * half in what is kept for the report's own redaction to miss.
   */
  clip(message: string, max: number): string {
    const line = this.text(message.split('\n')[0]!)
    if (line.length <= max) return line
    // a word the cut would split is left out whole
    let end = max
    while (end > 0 && !/\s/.test(line[end]!)) end--
    return `${line.slice(0, end)}…`
  }

  /**
   * A progress event with its free text masked. A progress line is printed during the scan, before
   * every id is known (the report is masked at the end, with all of them): besides the secrets known
   * now, a word shaped like a known id (same length, same alphabet: the next id the target issues) is
   * masked too.
   */
  progress(e: ProgressEvent): ProgressEvent {
    const line = (s: string): string => this.lookAlikes(this.text(s))
    if (e.kind === 'phase' || e.kind === 'check') return e.detail === undefined ? e : { ...e, detail: line(e.detail) }
    if (e.kind === 'warning') return { ...e, message: line(e.message) }
    return e
  }

  /**
   * `text` with every run of a known id's alphabet as long as that id or longer masked (LOOK_ALIKE_MIN
   * characters or more): the next id may sit inside a path segment or after a prefix (`sess-<id>`), so a
   * longer run is masked whole rather than searched for the id's exact place.
   */
  private lookAlikes(text: string): string {
    const shortest = new Map<string, number>()
    for (const [secret, { password }] of this.secrets) {
      const shape = password ? undefined : idShape(secret)
      if (shape) shortest.set(shape.alphabet, Math.min(shortest.get(shape.alphabet) ?? Infinity, shape.length))
    }
    let out = text
    for (const [alphabet, length] of shortest)
      out = out.replace(ALPHABET_RUNS[alphabet]!, (run) => (run.length >= length ? this.valueMask(run) : run))
    return out
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
   * the keys of maps the target named), exchanges with their header rules and excerpts cut only after masking.
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
          // a target can name a header or a JSON key __proto__: it stays a key, never the prototype.
          // Only a map keyed by the target's names has its keys masked (headers: exchange() did it);
          // every other key is the report's schema, which no secret may rename (a renderer reads it)
          Object.defineProperty(out, key !== undefined && TARGET_KEYED.has(key) ? text(k) : k, {
            value: walk(x, k),
            enumerable: true,
            writable: true,
            configurable: true,
          })
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
      const values: Array<[number, number]> = []
      const addValue = (j: number): void => {
        const v = setCookie && j > 0 ? undefined : cookieValue(header, tiles[j]!)
        if (v) values.push(v)
      }
      addValue(i)
      let b = end
      while (i + 1 < tiles.length && touched(tiles[i + 1]!)) {
        b = tiles[++i]![1]
        addValue(i)
      }
      // Stryker disable next-line EqualityOperator: a span starting at b or ending at a would touch the tile past the run, which would then be in it
      out += cookieRun(
        header,
        a,
        b,
        spans.filter((s) => s.start < b && s.end > a),
        values,
        (v) => this.valueMask(v),
      )
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
    return `${name}${value ? this.shaped(value, (v) => this.valueMask(v)) : ''}${sep}`
  }

  headers(h: Record<string, string | string[]>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(h)) {
      const key = k.toLowerCase()
      const each = (s: string): string => {
        if (key === 'cookie') {
          const { rest, had } = this.withoutPageCookies(s)
          const shown = rest.trim() === '' ? '' : this.cookieHeader(rest, false)
          return had ? `${shown}${shown ? '; ' : ''}${PAGE_COOKIES_WITHHELD}` : shown
        }
        if (key === 'set-cookie') return this.cookieHeader(s, true)
        if (this.wholeOnly.has(s.trim())) return PASSWORD_MASK
        if (this.secretHeaders.has(key)) return this.shaped(s, (v) => (v.length >= 6 ? this.valueMask(v) : PASSWORD_MASK))
        if (SENSITIVE_HEADERS.has(key))
          return this.shaped(s, (v) =>
            v.length <= 12 ? PASSWORD_MASK : this.valueMask(v) === mask(v) ? `${v.slice(0, 7)}${mask(v.slice(7))}` : maskWhole(v),
          )
        if (/session|token|sid/i.test(key) && s.length >= 6) return this.shaped(s, (v) => this.valueMask(v))
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

  /**
   * A response body masked, then cut to the EXCERPT shown. A body as long as one of the engine's cuts
   * (client.ts keeps RAW_EXCERPT characters, an observation OBSERVED_BODY) may have been cut before
   * this redactor saw it, with a secret across the cut that no needle matches half. Masking shortens
   * the text (a secret in 4000 characters of escapes becomes '********'), so the shown characters of
   * such a body are taken from its first EXCERPT characters only, whatever masking made of them; and
   * the body is read as cut at its end (cutWindows), so a form starting there and padded up to the cut
   * (escapes, or what a view drops: soft line breaks, tag controls, invisible padding) shows no prefix:
   * the window reaches back, in every view, as far as the longest needle searched there. A mask that
   * starts there is shown whole.
   */
  private excerpt(body: string): string {
    if (body.length < OBSERVED_BODY) return this.text(body).slice(0, EXCERPT)
    // cut by the engine or not, the body is read as cut at its end: what masking leaves of its first
    // EXCERPT characters must not hold the start of a form running past it in any reading's units
    const cuts = this.cutWindows(body, true)
    const found = this.find(body, cuts)
    if (found === undefined) {
      this.withheld++
      return WITHHELD
    }
    const spans = [...found, ...(cuts?.spans() ?? [])]
    let cut = EXCERPT
    for (const s of [...spans].sort((a, b) => a.start - b.start)) if (s.start < cut) cut = Math.max(cut, s.end)
    return applySpans(
      body.slice(0, cut),
      spans.filter((s) => s.start < cut),
      isPassword,
    ).slice(0, EXCERPT)
  }

  exchange(x: Exchange): Exchange {
    const out: Exchange = {
      ...x,
      request: {
        ...x.request,
        url: this.wholeValues(this.text(x.request.url)),
        headers: this.headers(x.request.headers) as Record<string, string>,
      },
    }
    if (x.request.body !== undefined) out.request.body = this.wholeValues(this.text(x.request.body))
    if (x.response) {
      out.response = { ...x.response, headers: this.headers(x.response.headers) }
      if (x.response.body !== undefined) out.response.body = this.excerpt(x.response.body)
    }
    if (x.note !== undefined) out.note = this.text(x.note)
    if (x.error !== undefined) out.error = this.text(x.error)
    return out
  }
}
