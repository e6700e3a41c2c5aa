import type { Recorded } from './record.js'

/** `name=value` of a cookie as a Cookie header or a Set-Cookie's first piece writes it. */
function pair(piece: string): string {
  // a nameless cookie (document.cookie = 'abc', or a jar entry with name '') is written bare: one form for both
  const p = piece.trim()
  return p.startsWith('=') ? p.slice(1).trim() : p
}

/**
 * The cookies of a login's browser that a page script made (document.cookie, cookieStore): every
 * `name=value` the browser sent or kept for the target that neither came from a Set-Cookie the target or
 * a login origin sent in this context nor was planted by the scanner. Their names and values are text
 * the page chose, after typing with the password to spell in them, so the report shows neither
 * (Redactor.addPageCookie). An HttpOnly cookie in the jar is the server's: a script cannot set one.
 */
export function pageMadeCookies(
  recs: Recorded[],
  jar: Array<{ name: string; value: string; httpOnly: boolean }>,
  planted: Array<[string, string]>,
): Array<[string, string]> {
  const known = new Set<string>(planted.map(([n, v]) => `${n}=${v}`))
  for (const r of recs) for (const line of r.setCookies) known.add(pair(line.split(';')[0]!))
  const made = new Map<string, [string, string]>()
  const consider = (p: string): void => {
    if (p === '' || known.has(p)) return
    const at = p.indexOf('=')
    made.set(p, at < 0 ? ['', p] : [p.slice(0, at), p.slice(at + 1)])
  }
  for (const r of recs) {
    const header = Object.entries(r.requestHeaders).find(([k]) => k.toLowerCase() === 'cookie')?.[1]
    if (header) for (const piece of header.split(';')) consider(pair(piece))
  }
  for (const c of jar) if (!c.httpOnly) consider(pair(`${c.name}=${c.value}`))
  return [...made.values()]
}
