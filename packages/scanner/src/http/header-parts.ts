// The parts of a header value the user supplied that a target may reflect alone. A credential header
// has many grammars (a scheme and a token, auth-params, RFC 8187 ext-values, a `user:key` pair, a JSON
// object, a list), and a part learned for one grammar only leaves the others in clear. So the value is
// split at every delimiter any of them uses, and each part long and random enough to be a credential
// is learned; a short or word-like part (a scheme, `UTF-8`, `Welcome`) would mask ordinary text
// all over the report.

/** Characters that end a part in some header grammar: list and parameter separators, pair colons, quotes, brackets, space. */
const DELIMITERS = /[\s:;,="'{}[\]()<>\\]+/

/** Parts shorter than this are not learned alone (the whole value still is, at any length). */
export const PART_MIN = 8

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
export function headerValueParts(value: string): string[] {
  const parts = new Set<string>()
  const add = (p: string): void => {
    if (credentialLike(p)) parts.add(p)
  }
  for (const p of value.split(DELIMITERS)) add(p)
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
  }
  return [...parts]
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
