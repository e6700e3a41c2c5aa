export interface CookieAttributes {
  name: string
  value: string
  httpOnly: boolean
  secure: boolean
  sameSite?: string
  domain?: string
  path?: string
  maxAge?: number
  expires?: Date
  raw: string
}

/**
 * The value a browser stores for a Set-Cookie header, a nameless cookie's included (`Set-Cookie: v`
 * and `=v` both store `v`, sent back as `Cookie: v`): what the report must mask as a secret, even
 * where parseSetCookie finds no name.
 */
export function storedCookieValue(header: string): string {
  const semi = header.indexOf(';')
  const pair = semi < 0 ? header : header.slice(0, semi)
  return pair.slice(pair.indexOf('=') + 1).trim()
}

/** Reads a Set-Cookie header exactly as sent; attribute checks must see what the server said, not what a jar kept. */
export function parseSetCookie(header: string): CookieAttributes | undefined {
  const parts = header.split(';')
  const pair = parts.shift() ?? ''
  const eq = pair.indexOf('=')
  if (eq <= 0) return undefined
  const out: CookieAttributes = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    httpOnly: false,
    secure: false,
    raw: header,
  }
  for (const part of parts) {
    const i = part.indexOf('=')
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase()
    const val = i < 0 ? '' : part.slice(i + 1).trim()
    if (key === 'httponly') out.httpOnly = true
    else if (key === 'secure') out.secure = true
    else if (key === 'samesite') out.sameSite = val.toLowerCase()
    else if (key === 'domain') out.domain = val
    else if (key === 'path') out.path = val
    else if (key === 'max-age' && /^-?\d+$/.test(val)) out.maxAge = Number(val)
    else if (key === 'expires') {
      const d = new Date(val)
      if (!Number.isNaN(d.getTime())) out.expires = d
    }
  }
  return out
}

/** A Set-Cookie that deletes the cookie (logout, rotation) says nothing about how the live cookie is protected. */
export function isDeletion(c: CookieAttributes, now: number): boolean {
  return c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires !== undefined && c.expires.getTime() <= now)
}

/** Lifetime in seconds of a persistent cookie; undefined for a session cookie. */
export function lifetimeSeconds(c: CookieAttributes, now: number): number | undefined {
  if (c.maxAge !== undefined) return c.maxAge
  if (c.expires) return Math.round((c.expires.getTime() - now) / 1000)
  return undefined
}
