// The parts of a header value the user supplied that a target may reflect alone. A credential header
// has many grammars (a scheme and a token, auth-params, RFC 8187 ext-values, a `user:key` pair, a JSON
// object, a list), and a part learned for one grammar only leaves the others in clear. So the value is
// split at every delimiter any of them uses, and each part long and random enough to be a credential
// is learned; a short or word-like part (a scheme, `UTF-8`, `Welcome`) would mask ordinary text
// all over the report. A list of delimiters is never complete (`svc/KEY`, `id.KEY`, `KEY|sig`,
// `KEY@tenant`, `key-KEY` are all real), so the value is also split at every character that is not a
// letter or a digit: whatever grammar joins the key to its neighbours, the key is one such run.

/** Characters that end a part in some header grammar: list and parameter separators, pair colons, quotes, brackets, space. */
const DELIMITERS = /[\s:;,="'{}[\]()<>\\]+/

/** Every character that is not a letter or a digit, in any script. */
const NOT_ALNUM = /[^\p{L}\p{N}]+/u

/** Parts shorter than this are not learned alone (the whole value still is, at any length). */
export const PART_MIN = 8

/**
 * A cookie value of a supplied Cookie header is learned whole from this length, word or not, as
 * `--cookie` values are: the operator named it a credential by sending it as one, so no shape test
 * second-guesses it (a part split out of a larger value has no such standing).
 */
export const COOKIE_VALUE_MIN = 6

/**
 * Whether a part looks like a credential rather than a word of the grammar or of a page: PART_MIN
 * characters or more, and not a plain word (lower-case letters with at most a leading capital, or such
 * words joined by '.', '-', '_'), not a path or a
 * URL (those describe where, as `path=/account` does), not a number or a date.
 */
export function credentialLike(part: string): boolean {
  if (part.length < PART_MIN) return false
  // words, also joined by '.', '-' or '_' (a realm's host name, `x-amz-date` of a signed-header list)
  if (/^[A-Za-z]?[a-z]*(?:[.\-_][a-z]+)*$/.test(part)) return false
  if (part.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(part)) return false
  return !/^[\d.\-/T+Z]+$/.test(part)
}

/**
 * Every credential-like part of a supplied header value: split at each delimiter, each JSON string of
 * a JSON value, and each RFC 8187 ext-value (`UTF-8''%E2%82%AC…`) percent-decoded, together with the
 * ext-value's percent-encoded form.
 */
export function headerValueParts(value: string, name = ''): string[] {
  const parts = new Set<string>()
  const add = (p: string): void => {
    if (credentialLike(p)) parts.add(p)
  }
  if (name.toLowerCase() === 'cookie') for (const v of cookieValues(value)) parts.add(v)
  for (const p of value.split(DELIMITERS)) add(p)
  for (const p of value.split(NOT_ALNUM)) add(p)
  // an ext-value: charset ' language ' value-chars, the value percent-encoded
  for (const m of value.matchAll(/[A-Za-z0-9!#$&+^`{}~.-]*'[A-Za-z0-9-]*'([^\s;,"]+)/g)) {
    add(m[1]!)
    try {
      add(decodeURIComponent(m[1]!))
    } catch {
      // a malformed escape: the encoded form is learned
    }
  }
  for (const s of jsonStrings(value)) {
    add(s)
    for (const p of s.split(DELIMITERS)) add(p)
    for (const p of s.split(NOT_ALNUM)) add(p)
  }
  return [...parts]
}

/**
 * The value of each `name=value` pair of a Cookie header (RFC 6265 cookie-string), unquoted, from
 * COOKIE_VALUE_MIN characters; a path or a URL is left out (`next=/account` says where, and learning
 * it would mask every link to that page).
 */
function cookieValues(value: string): string[] {
  const out: string[] = []
  for (const pair of value.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    let v = pair.slice(eq + 1).trim()
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1)
    if (v.length >= COOKIE_VALUE_MIN && !v.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) out.push(v)
  }
  return out
}

/** The string values (and keys) of a JSON text, or none when it is not JSON. */
function jsonStrings(value: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return []
  }
  const out: string[] = []
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k)
        walk(x)
      }
  }
  walk(parsed)
  return out
}
