import { DecodingMode, EntityDecoder, htmlDecodeTree } from 'entities/decode'
import { asciiShadow, hasShadow } from './ascii-shadow.js'
import { type Canonical, grown, replacedRuns } from './canonical.js'

// Finding a secret in any form a target may reflect it in. Instead of listing encodings of each
// secret (and missing a mix of them, or a lower-case percent sign), the text is decoded once, one
// character at a time, into a canonical form that remembers where each character came from; every
// secret is searched in that form and the match is mapped back to the original text. Base64 is not
// character-wise, so for base64 and base64url the loader also searches the part of the encoding
// that the secret's bytes alone decide, at each of the three byte alignments a longer string can
// put them at.

/** A match in the original text: [start, end) and what to put there. */
export interface Span {
  start: number
  end: number
  replacement: string
}

// Named references the canonical form folds on its own terms (the hyphens as '-', the small tilde
// as '~': the ASCII characters a secret holds); every other name is decoded as a browser decodes it
// (referenceAt).
const NAMED: Record<string, string> = {
  amp: '&',
  AMP: '&',
  lt: '<',
  LT: '<',
  gt: '>',
  GT: '>',
  quot: '"',
  QUOT: '"',
  apos: "'",
  excl: '!',
  num: '#',
  dollar: '$',
  percnt: '%',
  lpar: '(',
  rpar: ')',
  ast: '*',
  midast: '*',
  plus: '+',
  comma: ',',
  period: '.',
  sol: '/',
  colon: ':',
  semi: ';',
  equals: '=',
  quest: '?',
  commat: '@',
  lsqb: '[',
  lbrack: '[',
  bsol: '\\',
  rsqb: ']',
  rbrack: ']',
  Hat: '^',
  lowbar: '_',
  UnderBar: '_',
  grave: '`',
  DiacriticalGrave: '`',
  lcub: '{',
  lbrace: '{',
  verbar: '|',
  vert: '|',
  VerticalLine: '|',
  rcub: '}',
  rbrace: '}',
  tilde: '~',
  nbsp: '\u00a0',
  // drawn as nothing: the canonical form leaves them out
  // Stryker disable StringLiteral: canonical() removes these characters from whatever a reference decodes to, so an empty value reads the same
  shy: '\u00ad',
  ZeroWidthSpace: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  // Stryker restore StringLiteral
  hyphen: '-',
  dash: '-',
}

const JSON_SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

const HEX = /^[0-9a-fA-F]+$/
// One decoder for every HTML reference (entities' EntityDecoder, the one htmlparser2 uses): what it
// emits for the reference that starts at the '&' it was given.
// Stryker disable next-line StringLiteral: referenceAt() empties it before every use
let decoded = ''
let consumed = 0
const references = new EntityDecoder(htmlDecodeTree, (cp, n) => {
  decoded += String.fromCodePoint(cp)
  consumed = n
})

/** The HTML character reference at `i` (an '&'), as a browser decodes it in text; undefined when none starts there. */
function referenceAt(s: string, i: number): { value: string; length: number } | undefined {
  decoded = ''
  references.startEntity(DecodingMode.Legacy)
  // a reference cut off by the end of the text (write() gives -1) is finished by end()
  if (references.write(s, i + 1) === -1) references.end()
  // entities gives the length (the '&' and at least one character) with every code point it emits
  return decoded ? { value: decoded, length: consumed } : undefined
}

export type { Canonical }

/** Space and '+' are one character in the canonical form, as a query string makes them. */
/** The canonical form of a secret as given (nothing to decode, only the space/plus fold). */
export function canonicalSecret(secret: string): string {
  return secret.replace(/ /g, '+')
}

/**
 * Decodes one escaped character at `i` (percent, HTML reference, JSON/JS escape); undefined when none starts
 * there. canonical() calls it only at a '%', '&' or '\\'.
 */
function decodeAt(s: string, i: number): { value: string; length: number } | undefined {
  const c = s[i]
  if (c === '%') return percentAt(s, i)
  if (c === '&') {
    // looked for only as far as a name can reach: a search to the end for every '&' made a text of
    // '&' without ';' quadratic, outside the work budget (r23n M2)
    const semi = s.slice(i + 1, i + 41).indexOf(';') + i + 1
    // the project's own folds first ('&dash;' reads as '-'); own names only: '&constructor;' is not one.
    // Without a ';' in reach the name is empty, and a number's '#' starts no name: both go on below
    const name = s.slice(i + 1, semi)
    if (Object.hasOwn(NAMED, name)) return { value: NAMED[name]!, length: semi - i + 1 }
    // every other reference as a browser reads it in text: all 2231 HTML names, the legacy ones
    // without ';' ('&uumlber'), numbers with any leading zeros, &#128;-&#159; as windows-1252
    return referenceAt(s, i)
  }
  // the rest: a backslash
  const n = s[i + 1]
  if (n === undefined) return undefined
  if (n === 'u') {
    if (s[i + 2] === '{') {
      // any number of leading zeros (JavaScript allows them: '\\u{0000005a}' is 'Z'), then at most six hex
      // digits: searched no further, for the same reason as ';' above. The zeros belong to this escape
      // alone, so skipping them keeps the whole text's decoding linear.
      let from = i + 3
      while (s[from] === '0' && s[from + 1] !== '}') from++
      const close = s.slice(from, from + 7).indexOf('}') + from
      // empty when no '}' is in reach (close is from - 1) or it comes first; never more than six digits
      const hex = s.slice(from, close)
      if (HEX.test(hex)) {
        const code = parseInt(hex, 16)
        if (code <= 0x10ffff) return { value: String.fromCodePoint(code), length: close - i + 1 }
      }
      return undefined
    }
    const hex = s.slice(i + 2, i + 6)
    return hex.length === 4 && HEX.test(hex) ? { value: String.fromCharCode(parseInt(hex, 16)), length: 6 } : undefined
  }
  if (n === 'x') {
    const hex = s.slice(i + 2, i + 4)
    return hex.length === 2 && HEX.test(hex) ? { value: String.fromCharCode(parseInt(hex, 16)), length: 4 } : undefined
  }
  const simple = JSON_SIMPLE[n]
  if (simple !== undefined) return { value: simple, length: 2 }
  // a line continuation inside a JavaScript string: the backslash and the line end read as nothing
  if (n === '\r') return { value: '', length: s[i + 2] === '\n' ? 3 : 2 }
  if (n === '\n' || n === '\u2028' || n === '\u2029') return { value: '', length: 2 }
  // any other character after a backslash is that character (JavaScript's identity escape, and what
  // regex escaping, Markdown and shell quoting write before punctuation: 'a\\-b'); digits stay as they
  // are (octal escapes are not decoded), and a lone surrogate half is taken with its pair
  if (n >= '0' && n <= '9') return undefined
  const cp = s.codePointAt(i + 1)!
  return { value: String.fromCodePoint(cp), length: cp > 0xffff ? 3 : 2 }
}

// What a browser posts from a page without a charset: one byte per character, windows-1252
// (WHATWG's "latin1"). Written out: Node 20's TextDecoder drops the bytes 0x80-0x9F of it.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

/** The character a windows-1252 byte stands for. */
export function windows1252(byte: number): string {
  return byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte)
}

/**
 * One percent-encoded character: a whole UTF-8 sequence of %XX bytes (either case of hex), else a
 * single byte read as windows-1252, as a page without a charset posts it (ü as %FC).
 */
function percentAt(s: string, i: number): { value: string; length: number } | undefined {
  // JavaScript's escape() writes a character past 0xFF as %uXXXX
  if (s[i + 1] === 'u' || s[i + 1] === 'U') {
    const hex = s.slice(i + 2, i + 6)
    return hex.length === 4 && HEX.test(hex) ? { value: String.fromCharCode(parseInt(hex, 16)), length: 6 } : undefined
  }
  return escapedBytesAt(s, i, '%')
}

/**
 * One character written as `mark` and two hex digits per byte (percent's %XX, quoted-printable's
 * =XX): a whole UTF-8 sequence, else a single byte read as windows-1252.
 */
export function escapedBytesAt(s: string, i: number, mark: '%' | '='): { value: string; length: number } | undefined {
  const byteAt = (k: number): number | undefined => escapedByte(s, k, mark)
  const first = byteAt(i)
  if (first === undefined) return undefined
  // Stryker disable next-line ConditionalExpression: a shortcut: windows-1252 maps the bytes below 0x80 to the same characters, and they lead no UTF-8 sequence
  if (first < 0x80) return { value: String.fromCharCode(first), length: 3 }
  const single = { value: windows1252(first), length: 3 }
  const extra = first >= 0xf8 ? -1 : first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : first >= 0xc0 ? 1 : -1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: a lone byte that leads no sequence fails the strict UTF-8 decode below, which returns the same single character
  if (extra < 0) return single
  const bytes = [first]
  for (let k = 1; k <= extra; k++) {
    const b = byteAt(i + 3 * k)
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: a missing or non-continuation byte fails the strict UTF-8 decode below, which returns the same single character
    if (b === undefined || (b & 0xc0) !== 0x80) return single
    bytes.push(b)
  }
  try {
    return { value: UTF8.decode(Uint8Array.from(bytes)), length: 3 * bytes.length }
  } catch {
    return single
  }
}

/** What quoted-printable decodes: a byte as '=XX' (either case of hex), or a soft line break. */
export const QP_ESCAPE = /=(?:[0-9A-Fa-f]{2}|[ \t]*\r?\n)/

/** A soft line break: '=', the spaces or tabs an encoder may leave before the line end, the line end. */
const SOFT_BREAK = /=[ \t]*\r?\n/g
const SOFT_BREAK_AT = new RegExp(SOFT_BREAK.source)

/**
 * The text without its quoted-printable soft line breaks, mapped back; undefined when it has none.
 * An encoder breaks its lines anywhere but inside an `=XX`: between the bytes of one character, inside
 * an HTML reference or a percent escape. The breaks are taken out before anything is decoded.
 */
function joinSoftBreaks(input: string): Canonical | undefined {
  if (!input.includes('=') || !SOFT_BREAK_AT.test(input)) return undefined
  return replacedRuns(input, SOFT_BREAK, () => '')
}

/** A Unicode tag character at `i` (U+E0000–U+E007F: its high surrogate U+DB40) read as the ASCII it stands for; the edge marks and controls as nothing. */
function tagAt(s: string, i: number): { value: string; length: number } | undefined {
  const low = s.charCodeAt(i + 1) - 0xdc00
  if (s.charCodeAt(i) !== 0xdb40 || !(low >= 0 && low <= 0x7f)) return undefined
  return { value: low >= 0x20 && low <= 0x7e ? String.fromCharCode(low) : '', length: 2 }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A query string's name or value decoded as the redaction reads it (`+` a space, a run of percent
 * bytes as UTF-8 when it is UTF-8 and else each byte as windows-1252, a `%` that escapes nothing as
 * itself), for a renderer that shows query parameters decoded (the HAR's `queryString`): another
 * decoder (URLSearchParams: an invalid byte as U+FFFD) could show a reading the redaction never
 * searched, such as a password with a U+FFFD between its halves where the redaction read a letter.
 */
export function queryComponent(s: string): string {
  let out = ''
  for (let i = 0; i < s.length;) {
    const d = s[i] === '%' ? escapedBytesAt(s, i, '%') : undefined
    out += d ? d.value : s[i] === '+' ? ' ' : s[i]
    i += d ? d.length : 1
  }
  return out
}

/** The byte written as `mark` and two hex digits at `k`, if one is. */
function escapedByte(s: string, k: number, mark: '%' | '='): number | undefined {
  if (s[k] !== mark) return undefined
  const hex = s.slice(k + 1, k + 3)
  return hex.length === 2 && HEX.test(hex) ? parseInt(hex, 16) : undefined
}

/**
 * One escaped byte at `i`, read alone as windows-1252, never grouped with its neighbours as UTF-8:
 * the byte-wise reading. A target that puts one byte next to a password's legacy-charset bytes
 * ('%C6' + '%80') makes the UTF-8 reading take the password's edge byte into another character;
 * read byte by byte, the password's bytes stay what they are whatever surrounds them.
 */
export function escapedByteAt(s: string, i: number, mark: '%' | '='): { value: string; length: number } | undefined {
  const b = escapedByte(s, i, mark)
  return b === undefined ? undefined : { value: windows1252(b), length: 3 }
}

/**
 * Characters that draw nothing (zero-width spaces and joiners, the soft hyphen, bidirectional
 * controls, the BOM, the variation selectors that choose a glyph's style), or draw only around the
 * character before them, which stays legible (the enclosing marks: a keycap `4️⃣` is `4` + U+FE0F +
 * U+20E3): a secret with them between or on its characters still reads as the secret, so the
 * canonical form leaves them out. The text is read a unit at a time: a variation selector past the
 * BMP (U+E0100…) is left out only where an escape decodes to it.
 */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\p{Variation_Selector}\p{Me}]/u
// Stryker disable next-line StringLiteral: every escape decodes to one character, or to a few that are never all invisible
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')

/**
/**
 * The two escapes the decoder reads only when asked. Neither can be read in every reading:
 * quoted-printable takes a form's `=` and the hex digits after it for a byte (`password=Be%40ch…`
 * would lose `Be`), and a tag character between an id's characters must stay a separator the
 * letters-and-digits reading reads past (read as its ASCII, it is a letter there). So each is a
 * reading of its own, beside the one without it: see decodedLevels().
 */
export interface Escapes {
  /** Quoted-printable: `=XX` a byte (runs of them as escaped percent bytes are read), `=` at a line end nothing. */
  qp?: boolean
  /** Unicode tag characters (U+E0020–E007E) as the ASCII they stand for. */
  tags?: boolean
  /** Those alone, none of the usual escapes, shadows or invisible characters. */
  alone?: boolean
  /** No escape at all: only the shadows read as their ASCII (and invisible characters left out). */
  shadowsOnly?: boolean
}

/**
 * Decodes every escape in `input` one level deep, keeping a map back to the original positions;
 * `bytewise`, each escaped byte alone (escapedByteAt) instead of runs of them as UTF-8; `escapes`,
 * quoted-printable and tag characters too, or only the shadows.
 */
export function canonical(input: string, bytewise = false, escapes: Escapes = {}): Canonical {
  // every output unit consumes at least one input unit but for a shadow ('Ⅷ' is 'VIII'): the maps grow when one needs it
  let starts = new Int32Array(input.length + 16)
  let ends = new Int32Array(input.length + 16)
  const room = (more: number): void => {
    if (n + more <= starts.length) return
    starts = grown(starts, n + more)
    ends = grown(ends, n + more)
  }
  // Stryker disable next-line StringLiteral: a shortcut: replacing in a text without a space gives the same text
  const folded = input.includes(' ') ? input.replace(/ /g, '+') : input
  const usual = escapes.alone !== true
  let text = ''
  let n = 0
  let run = 0
  let grouped = false
  for (let i = 0; i < input.length;) {
    const c = input.charCodeAt(i)
    if (usual && c >= 0xad && INVISIBLE.test(input[i]!)) {
      text += folded.slice(run, i)
      run = ++i
      continue
    }
    // only '%', '&' and '\\' start an escape, and a shadow (ascii-shadow.ts: a full-width form, a
    // tag character, a mathematical letter) stands for its ASCII; every other unit stands for itself
    let d =
      usual && !escapes.shadowsOnly && (c === 37 || c === 38 || c === 92)
        ? (bytewise && c === 37 && escapedByteAt(input, i, '%')) || decodeAt(input, i)
        : undefined
    if (c === 61 && escapes.qp) {
      d = bytewise ? escapedByteAt(input, i, '=') : escapedBytesAt(input, i, '=')
      if (d && d.length > 3) grouped = true
    }
    if (c === 0xdb40 && escapes.tags) d = tagAt(input, i)
    if (usual && c >= 0x80 && !d) {
      const cp = input.codePointAt(i)!
      const shadow = asciiShadow(cp)
      if (shadow !== undefined) d = { value: shadow, length: cp > 0xffff ? 2 : 1 }
    }
    if (!d) {
      room(1)
      starts[n] = i
      ends[n] = i + 1
      n++
      i++
      continue
    }
    // '%uXXXX' is 6 units too, but one character
    if (c === 37 && d.length > 3 && input[i + 1] !== 'u' && input[i + 1] !== 'U') grouped = true
    text += folded.slice(run, i)
    const value = d.value.replace(INVISIBLE_ALL, '')
    room(value.length)
    for (let k = 0; k < value.length; k++) {
      starts[n] = i
      ends[n] = i + d.length
      n++
    }
    text += value.replace(/ /g, '+')
    i += d.length
    run = i
  }
  text += folded.slice(run)
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n), grouped }
}

/** Escapes inside escapes (`%2541`, `&amp;#80;`, `%26%23937%3B`) are undone up to this many times. */
export const DECODE_DEPTH = 4

/** Something decodeAt may decode: a deeper level is worth a pass only when the last one left one. */
const DECODABLE = new RegExp(
  // Stryker disable next-line StringLiteral: a shortcut: a pattern that matches everything only makes plain text take the decoding pass, which finds nothing
  `%[0-9a-fA-F]{2}|%[uU][0-9a-fA-F]{4}|&(?:#|[A-Za-z])|\\\\[^0-9]|${INVISIBLE.source}`,
  'u',
)

/**
 * A quoted-printable byte whose '=' is written as itself in the original text but whose first hex
 * digit is not (a digit of another script read as its value, a character a decoding made) is mapped
 * from that digit, not from the '=': that '=' may be the text's own (a form's `x=`, with a target's
 * byte and a password's first byte read together into `٣` after it, makes `=30`), and it tells
 * nothing of the byte, so the mask leaves it as it is. An escape written whole in one way (ASCII,
 * percent-encoded, tag characters) keeps its '='. `level` is `once` (a decoding of `current`) mapped
 * back through `prev` to `input`.
 */
function fromDigits(level: Canonical, once: Canonical, current: string, prev: Canonical, input: string): void {
  const raw = (unit: number): boolean => prev.ends[unit]! - prev.starts[unit]! === 1 && input[prev.starts[unit]!] === current[unit]
  for (let k = 0; k < once.starts.length; k++) {
    const at = once.starts[k]!
    if (current.charCodeAt(at) === 61 && once.ends[k]! - at >= 3 && raw(at) && !raw(at + 1)) level.starts[k] = prev.starts[at + 1]!
  }
}

/** `inner` (a reading of `outer`'s text) mapped back through `outer` to what `outer` reads. */
function through(inner: Canonical, outer: Canonical): Canonical {
  return {
    text: inner.text,
    starts: inner.starts.map((s) => outer.starts[s]!),
    ends: inner.ends.map((e) => outer.ends[e - 1]!),
    grouped: inner.grouped === true,
  }
}

/**
 * The text at each decoding depth, each mapped back to the original: depth 0 is the text itself
 * (only the space/plus fold), depth n decodes depth n-1 once more. Stops early when nothing is left
 * to decode, so plain text costs one pass.
 */
export function decodedLevels(input: string, bytewise = false, escapes: Escapes = {}): Canonical[] {
  const levels: Canonical[] = []
  let current = input
  let prev: Canonical | undefined
  const extra = escapes.qp === true || escapes.tags === true
  // the escapes read besides the usual ones get a level of their own first, and one more depth each
  // after it: a secret that holds a '\\', '%' or '&' of its own, written in quoted-printable or tags, is
  // found before the usual escapes read its characters, and an escape of theirs inside DECODE_DEPTH
  // others (quoted-printable inside percent four deep, tags spelling a four-deep escape) is still read
  const deepest = DECODE_DEPTH + Number(escapes.qp === true) + Number(escapes.tags === true) + Number(extra)
  const decodable = (s: string): boolean =>
    DECODABLE.test(s) || hasShadow(s) || (escapes.qp === true && QP_ESCAPE.test(s)) || (escapes.tags === true && s.includes('\udb40'))
  for (let depth = 1; depth <= deepest && decodable(current); depth++) {
    const alone = extra && depth === 1
    const joined = escapes.qp === true ? joinSoftBreaks(current) : undefined
    const once = canonical(joined?.text ?? current, bytewise, alone ? { ...escapes, alone } : escapes)
    const c = joined ? through(once, joined) : once
    // nothing decoded (a lone '%', an unknown '&name;'): deeper levels would be the same; the extra
    // escapes alone may decode nothing where the usual ones do
    if (!joined && c.text === (prev ? current : canonicalSecret(current))) {
      if (alone) continue
      break
    }
    const level = prev ? through(c, prev) : c
    if (escapes.qp === true && prev) fromDigits(level, c, current, prev, input)
    levels.push(level)
    prev = level
    current = c.text
  }
  // a shadow an escape decoded to is read at the next depth; one the deepest escape decoded to has
  // no next depth but this one, which reads shadows and no escape: a letter form or another script's
  // digit never costs a depth of the escapes around it
  // (the loop above stops with a shadow left only when it ran out of depth: decodable() reads shadows)
  if (prev && hasShadow(current)) {
    const c = canonical(current, bytewise, { shadowsOnly: true })
    levels.push({
      text: c.text,
      starts: c.starts.map((s) => prev!.starts[s]!),
      ends: c.ends.map((e) => prev!.ends[e - 1]!),
      grouped: prev.grouped === true,
    })
  }
  return levels
}

/**
 * The base64 characters that `bytes` alone determine when they start `k` bytes (0, 1, 2) into a
 * longer base64-encoded string: whatever surrounds them, those characters appear there.
 */
export function base64Cores(bytes: Uint8Array): string[] {
  const out: string[] = []
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length)
    padded.set(bytes, k)
    // Stryker disable next-line Regex: the padding is only ever at the end, past every core taken below
    const full = Buffer.from(padded).toString('base64').replace(/=+$/, '')
    // character j holds bits [6j, 6j+6); the secret covers bits [8k, 8(k+n))
    const from = Math.ceil((8 * k) / 6)
    const to = Math.floor((8 * (k + bytes.length)) / 6)
    const core = full.slice(from, to)
    if (core.length > 0) out.push(core)
  }
  return out
}

/** base64 → base64url for a core (no padding in a core). */
export const toBase64url = (core: string): string => core.replace(/\+/g, '-').replace(/\//g, '_')

/**
 * Replaces `spans` (possibly overlapping) in `input`: overlapping spans merge and take the first one's
 * replacement, unless one of them `wins` (a password's, whose characters an id's shape must not show).
 */
export function applySpans(input: string, spans: Span[], wins: (replacement: string) => boolean = () => false): string {
  // Stryker disable next-line ConditionalExpression: a shortcut: no spans give the input back below too
  if (spans.length === 0) return input
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  let out = ''
  let at = 0
  let current: Span | undefined
  for (const s of spans) {
    if (current && s.start < current.end) {
      current.end = Math.max(current.end, s.end)
      if (wins(s.replacement)) current.replacement = s.replacement
      continue
    }
    if (current) {
      out += input.slice(at, current.start) + current.replacement
      at = current.end
    }
    current = { ...s }
  }
  // Stryker disable next-line ConditionalExpression: after at least one span (the shortcut above) there is always a current one
  if (current) {
    out += input.slice(at, current.start) + current.replacement
    at = current.end
  }
  return out + input.slice(at)
}
