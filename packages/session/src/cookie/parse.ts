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
    if (part.slice(0, eq).trim() !== name) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    found.push(value)
  }
  return found
}

/**
 * The first value of `name` that `accept` takes, scanning like cookieValues but without building
 * arrays: a string when one is accepted, null when the name is present with no acceptable value,
 * undefined when the name is absent. Linear in the header length whatever its shape.
 */
export function findCookieValue(header: string | string[] | undefined | null, name: string, accept: (value: string) => boolean): string | null | undefined {
  if (header == null) return undefined
  const text = Array.isArray(header) ? header.join('; ') : header
  if (!text.includes(name)) return undefined
  let present = false
  let eq = -1
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf(';', start)
    if (end < 0) end = text.length
    // The next '=' is reused until the scan passes it, so '=' is searched once per header, not per pair.
    if (eq < start) eq = text.indexOf('=', start)
    if (eq < 0) return present ? null : undefined
    if (eq < end && text.slice(start, eq).trim() === name) {
      let value = text.slice(eq + 1, end).trim()
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
      if (accept(value)) return value
      present = true
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
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (!name || out.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    out.set(name, value)
  }
  return out
}
