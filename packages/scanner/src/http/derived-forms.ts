// The encoded forms of one secret that decoding the text cannot reach: base64 (of its UTF-8, of its
// percent-encoded and form-encoded text, of its windows-1252 and UTF-16 bytes, of the bytes a browser
// posted it in from a page in another charset, and of its base64: base64 inside base64), hex in both cases, and upper- and lower-case copies. Escapes that decode
// character by character (percent, HTML references, JSON/JS escapes, nested up to redact.ts's
// depth) are undone in the text instead, so they need no form here.
import { domainToASCII } from 'node:url'
import { shadowReading } from './ascii-shadow.js'
import { base64Cores, canonical, canonicalSecret, decodedLevels, toBase64url, windows1252 } from './secret-forms.js'

/** Shorter base64 or hex would match unrelated text too often to mean anything. */
const MIN_ENCODED = 6
const MIN_HEX = 8
/** A case-folded copy of a short password would mask ordinary words ("pass" in "passed"). */
const MIN_CASE_FOLDED = 6
/** An id of 6 or more that holds escapes ('a\\/b&quot;') is shorter decoded; under 4 it would mask ordinary text. */
const MIN_DECODED_SELF = 4

/** windows-1252, what Chromium posts a form in when the page declares no charset (ü → %FC). */
const CP1252_BYTE = new Map(Array.from({ length: 256 }, (_, i) => [windows1252(i), i] as const))

/** The secret in windows-1252, or undefined when a character has no byte there (the browser then sends &#NNN;, which decoding reaches). */
function cp1252(secret: string): Buffer | undefined {
  const out = Buffer.alloc(secret.length)
  for (let i = 0; i < secret.length; i++) {
    const b = CP1252_BYTE.get(secret[i]!)
    if (b === undefined) return undefined
    out[i] = b
  }
  return out
}

function utf16be(secret: string): Buffer {
  const le = Buffer.from(secret, 'utf16le')
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]
  return le
}

/** encodeURIComponent and the form encoding ('+' for space); none for a lone surrogate, which has no UTF-8 form. */
function urlEncoded(secret: string): string[] {
  try {
    return [encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)]
  } catch {
    return []
  }
}

/** Bytes as a browser form-urlencodes them: letters, digits and '*-._' as they are, space as '+', the rest as %XX. */
function formEncoded(bytes: Buffer): string {
  let out = ''
  for (const b of bytes) {
    const c = String.fromCharCode(b)
    out += /[A-Za-z0-9*\-._]/.test(c) ? c : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** The bytes an id stands for, when it is written in hex or base64 (a hex id shown as base64, a base64 id as hex). */
function rawBytes(secret: string): Buffer | undefined {
  if (secret.length < 16) return undefined
  if (/^(?:[0-9a-f]{2})+$/i.test(secret)) return Buffer.from(secret, 'hex')
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) return Buffer.from(secret, 'base64')
  return undefined
}

/** Quoted-printable (RFC 2045) of `bytes`, '=XX' in upper case as encoders write it; lines are not broken. */
function quotedPrintable(bytes: Buffer): string {
  let out = ''
  for (const b of bytes)
    out += b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}

export interface FormOptions {
  /** The shortest the secret as given is searched at (a password at any length, an id from 6). */
  minPlain: number
  /** Also base64 of base64 (36 more forms); bulk secrets (thousands of sampled ids) go without. */
  nested: boolean
  /**
   * The byte sequences a browser posts the secret in from pages in other charsets (windows-1251,
   * Shift_JIS, ISO-2022-JP…), as that browser encoded them (login/browser/posted-bytes.ts).
   */
  posted?: Uint8Array[]
}

export interface Forms {
  /** Searched as they are, the secret's own (space folded to '+') first. */
  exact: string[]
  /** Searched in any letter case: the secret's case-folded copies. */
  anyCase: string[]
}

/**
 * Every form to search the decoded text for: of the secret as given and, when it holds letter forms
 * or other scripts' digits (ascii-shadow.ts), of its ASCII reading too (base64 of `Horse7Battery9` for
 * `Horse٧Battery٩`): the decoder reads the text's forms as ASCII, so the secret's must be read alike.
 */
export function derivedForms(secret: string, opts: FormOptions): Forms {
  const own = formsOf(secret, opts)
  const read = shadowReading(secret)
  if (read === secret) return own
  const other = formsOf(read, { ...opts, posted: [] })
  return { exact: [...new Set([...own.exact, ...other.exact])], anyCase: [...new Set([...own.anyCase, ...other.anyCase])] }
}

function formsOf(secret: string, opts: FormOptions): Forms {
  const out = new Set<string>()
  const anyCase = new Set<string>()
  const add = (form: string, min: number): void => {
    if (form.length >= min) out.add(form)
  }
  const plain = canonicalSecret(secret)
  add(plain, opts.minPlain)
  // a secret that holds an escape itself (' \\"', 'a%41'): decoding a text it was reflected in
  // decodes the secret's own escapes too, so at each depth the text holds it decoded that often
  const texts = [plain, ...decodedLevels(secret).map((l) => l.text)]
  // a secret ending in an unpaired backslash: decoding the text reads it with the character after it
  // (an identity escape, '\\:' is ':'), so decoded it is the secret without that backslash
  if (secret.length > MIN_DECODED_SELF && /(?:^|[^\\])(?:\\\\)*\\$/.test(secret)) {
    const cut = secret.slice(0, -1)
    texts.push(canonicalSecret(cut), ...decodedLevels(cut).map((l) => l.text))
  }
  for (const t of texts.slice(1)) add(t, Math.min(opts.minPlain, MIN_DECODED_SELF))
  // a case-folded copy, matched in any letter case: upper- or lower-cased, capitalised, and upper-cased
  // before an outer escape was added, whose decoding then decodes the secret's own escapes in the same
  // pass ('a\\aaa%9a' upper-cased and JSON-escaped reads 'A\\AAAš' once decoded, neither the upper
  // case of the decoded secret, 'A\\AAAŠ', nor its lower case). A secret long enough to be folded keeps
  // the shorter length its decoded forms have ('%aaaa\\a' decoded is 5 characters). 'ß' upper-cases to
  // 'SS': the upper case is a form of its own.
  // A password is folded at any length, as it is searched exactly at any length ('Ab1!x' upper-cased).
  // The Turkish and Azeri cases are forms of their own: their dotted 'İ' lower-cases to two units and
  // dotless 'ı' upper-cases to 'I', so no unit-for-unit fold reaches them from 'i'.
  for (const [i, t] of texts.entries()) {
    const min = Math.min(opts.minPlain, i > 0 && secret.length >= MIN_CASE_FOLDED ? MIN_DECODED_SELF : MIN_CASE_FOLDED)
    // Lithuanian keeps the dot of an i before an accent in lower case ('Ì' → 'i̇̀', a unit longer), and a
    // decomposed accent (NFD 'I' + U+0300) comes in any case as the composed letter does
    const cases = [
      t,
      t.toUpperCase(),
      t.toLowerCase(),
      t.toLocaleUpperCase('tr'),
      t.toLocaleLowerCase('tr'),
      t.toLocaleUpperCase('lt'),
      t.toLocaleLowerCase('lt'),
      t.normalize('NFD'),
    ]
    for (const form of new Set(cases)) if (form.length >= min) anyCase.add(form)
  }
  // the same letters composed otherwise (ü as u + U+0308), as a page or a mail client may normalise them
  for (const n of ['NFC', 'NFD', 'NFKC'] as const) add(canonicalSecret(secret.normalize(n)), opts.minPlain)
  // in a host name (a redirect to http://<secret>.example/): IDNA's lower-case, punycode 'xn--' labels
  const host = domainToASCII(secret)
  if (host !== secret.toLowerCase()) add(host, MIN_CASE_FOLDED)
  const utf8 = Buffer.from(secret, 'utf8')
  const latin = cp1252(secret)
  // Raw bytes read as UTF-8 with their non-ASCII edges left off, for a target that puts a byte next
  // to the secret's edge byte ('C6' + '80'): the two make one character the whole reading misses.
  // From the first ASCII byte to the last the reading does not depend on the neighbours (an ASCII
  // byte ends whatever sequence came before it); redact.ts masks the characters beside a password's
  // match with it. Searched while most of the secret is there.
  const addCore = (b: Buffer): void => {
    const read = b.toString('utf8')
    const core = read.replace(/^[^\0-\x7f]+|[^\0-\x7f]+$/g, '')
    if (core !== read && core.replace(/\ufffd|\0/g, '').length * 2 >= secret.length)
      add(canonicalSecret(core), Math.max(opts.minPlain, MIN_ENCODED))
  }
  // bytes that are not UTF-8 (a page reflecting it in windows-1252 or UTF-16) as the engine reads them:
  // every other byte a U+FFFD, the rest of the secret in clear; searched while most of the secret's
  // characters are still there (counted against the secret: UTF-16's NULs make the text twice as long)
  // A character windows-1252 has no byte for is written '?' (as encoders replace it) or, by a browser
  // posting a multipart or text/plain form from a page with no charset, '&#937;': searched as sent and
  // as decoding the text makes it (the character itself amid the U+FFFDs)
  const lossy = latin
    ? [latin]
    : [
        (): Buffer => Buffer.from([0x3f]),
        (c: string): Buffer => Buffer.from(`&#${c.codePointAt(0)};`),
        (c: string): Buffer => Buffer.from(c, 'utf8'),
      ].map((other) => Buffer.concat([...secret].map((c) => (CP1252_BYTE.has(c) ? Buffer.from([CP1252_BYTE.get(c)!]) : other(c)))))
  for (const b of [...lossy, Buffer.from(secret, 'utf16le'), utf16be(secret)]) {
    const read = b?.toString('utf8')
    if (read && read !== secret && read.replace(/\ufffd|\0/g, '').length * 2 >= secret.length) {
      add(canonicalSecret(read), Math.max(opts.minPlain, MIN_ENCODED))
      addCore(b)
    }
  }
  // quoted-printable (a mail or a multipart body): '=XX' for every byte outside printable ASCII, and for '='
  for (const b of [utf8, latin]) if (b) add(canonicalSecret(quotedPrintable(b)), Math.max(opts.minPlain, b === utf8 ? 1 : MIN_ENCODED))
  // a page without a charset posts windows-1252 percent bytes; the decoder reads a byte that is not
  // UTF-8 as windows-1252, and one that happens to be UTF-8 as UTF-8: search what it makes of them
  const percent = (b: Uint8Array): string => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')
  if (latin && !latin.equals(utf8)) add(canonical(percent(latin)).text, opts.minPlain)
  const posted = (opts.posted ?? []).map((b) => Buffer.from(b))
  for (const b of posted) {
    // the same from a page in another charset (windows-1251, Shift_JIS…), a character that charset
    // lacks posted as '&#NNN;' (found as it stands at the first decoding)
    add(canonical(percent(b)).text, opts.minPlain)
    // and its raw bytes (a multipart or text/plain form) as the recorded body and the engine show
    // them, read as UTF-8 (U+FFFD for what is not UTF-8): the ASCII part of the password would
    // otherwise stay in clear around them. Only U+FFFDs left tell nothing (and would mask any run of them)
    const read = b.toString('utf8')
    if (read !== secret && /[^\ufffd]/.test(read)) add(canonicalSecret(read), opts.minPlain)
    addCore(b)
    // and its escaped bytes read one by one (the redactor's byte-wise reading: escapedByteAt), which
    // a neighbour byte the target adds cannot group with the password's edge byte
    add([...b].map(windows1252).join(''), opts.minPlain)
    // and quoted-printable (a mail or multipart part that carries the body on)
    add(canonicalSecret(quotedPrintable(b)), MIN_ENCODED)
  }
  const bytes = [
    utf8,
    ...urlEncoded(secret).map((s) => Buffer.from(s, 'utf8')),
    Buffer.from(secret, 'utf16le'),
    utf16be(secret),
    // a posted body in base64: the raw bytes (multipart, text/plain) and their form-urlencoded text
    ...posted.flatMap((b) => [b, Buffer.from(formEncoded(b), 'latin1')]),
  ]
  if (latin) bytes.push(latin)
  const raw = rawBytes(secret)
  if (raw) bytes.push(raw)
  for (const b of bytes) {
    for (const core of base64Cores(b)) {
      add(core, MIN_ENCODED)
      add(toBase64url(core), MIN_ENCODED)
    }
  }
  for (const b of [utf8, latin, raw, ...posted]) {
    if (!b) continue
    add(b.toString('hex'), MIN_HEX)
    add(b.toString('hex').toUpperCase(), MIN_HEX)
  }
  if (opts.nested) {
    // base64 of a text holding the secret's base64: the inner core, in either alphabet, at any alignment of the outer
    for (const core of base64Cores(utf8)) {
      for (const inner of new Set([core, toBase64url(core)])) {
        for (const outer of base64Cores(Buffer.from(inner, 'latin1'))) {
          add(outer, MIN_ENCODED)
          add(toBase64url(outer), MIN_ENCODED)
        }
      }
    }
  }
  return { exact: [...out], anyCase: [...anyCase] }
}
