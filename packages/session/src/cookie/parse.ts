// Cookie headers separate pairs with optional whitespace, which RFC 6265 and RFC 9110 define as
// spaces and tabs only; every parser here trims exactly that, so all three agree on any header.
const isSpace = (c: number): boolean => c === 32 || c === 9

/** The first index in [from, to) that is not whitespace, or `to`. */
function skipOws(s: string, from: number, to: number): number {
  while (
    isSpace(s.charCodeAt(from)) &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: every caller's `to` is a ';' or the end of the text, never whitespace, so the scan stops there anyway
    from < to
  )
    from++
  return from
}

/** One past the last index in [from, to) that is not whitespace, or `from`. */
function backOws(s: string, from: number, to: number): number {
  while (
    isSpace(s.charCodeAt(to - 1)) &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: every caller's `from` follows skipOws, so only an all-whitespace value passes it, and that is '' either way (slice with to < from)
    to > from
  )
    to--
  return to
}

function trimOws(s: string): string {
  const from = skipOws(s, 0, s.length)
  const to = backOws(s, from, s.length)
  return s.slice(from, to)
}

/**
 * Every value sent for `name` in a Cookie header, in the order the browser sent them (more specific
 * paths first). Tolerant of any input: malformed pairs are skipped, nothing throws, and values are
 * not percent-decoded because a token this library issues never needs it.
 */
export function cookieValues(header: string | string[] | undefined | null, name: string): string[] {
  if (header == null) return []
  const text = Array.isArray(header) ? header.join('; ') : header
  const found: string[] = []
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (trimOws(part.slice(0, eq)) !== name) continue
    let value = trimOws(part.slice(eq + 1))
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    found.push(value)
  }
  return found
}

/**
 * The first value of `name` that `accept` takes, scanning like cookieValues but without building
 * arrays or slicing names: a string when one is accepted, null when the name is present with no
 * acceptable value, undefined when the name is absent. Linear in the header length whatever its shape.
 */
export function findCookieValue(
  header: string | string[] | undefined | null,
  name: string,
  accept: (value: string) => boolean,
): string | null | undefined {
  if (header == null) return undefined
  const text = Array.isArray(header) ? header.join('; ') : header
  // Stryker disable next-line ConditionalExpression: a shortcut: without the name in the text the scan below finds nothing either
  if (!text.includes(name)) return undefined
  let present = false
  const n = text.length
  // Stryker disable next-line EqualityOperator: the part that starts at n (after a final ';') is empty and holds no name
  for (let start = 0; start <= n;) {
    let end = text.indexOf(';', start)
    if (end < 0) end = n
    const i = skipOws(text, start, end)
    if (text.startsWith(name, i)) {
      const eq = skipOws(text, i + name.length, end)
      if (
        text.charCodeAt(eq) === 61 /* = */ &&
        // Stryker disable next-line ConditionalExpression,EqualityOperator: the character at `end` is ';' or past the end, never '='
        eq < end
      ) {
        let from = skipOws(text, eq + 1, end)
        let to = backOws(text, from, end)
        if (to - from >= 2 && text.charCodeAt(from) === 34 && text.charCodeAt(to - 1) === 34) {
          from++
          to--
        }
        const value = text.slice(from, to)
        if (accept(value)) return value
        present = true
      }
    }
    start = end + 1
  }
  return present ? null : undefined
}

/** All cookies of a header as name → first value (the first is the most specific one). */
export function parseCookieHeader(header: string | string[] | undefined | null): Map<string, string> {
  const out = new Map<string, string>()
  if (header == null) return out
  const text = Array.isArray(header) ? header.join('; ') : header
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    // Stryker disable next-line EqualityOperator: a part that starts with '=' has an empty name, which the next check skips
    if (eq < 0) continue
    const name = trimOws(part.slice(0, eq))
    if (!name || out.has(name)) continue
    let value = trimOws(part.slice(eq + 1))
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    out.set(name, value)
  }
  return out
}
