import type { ResolvedCookieOptions } from './options.js'

const sameSiteLabel = { lax: 'Lax', strict: 'Strict', none: 'None' } as const

function attributes(opts: ResolvedCookieOptions): string[] {
  const out = [`Path=${opts.path}`]
  if (opts.domain) out.push(`Domain=${opts.domain}`)
  if (opts.httpOnly) out.push('HttpOnly')
  if (opts.secure) out.push('Secure')
  out.push(`SameSite=${sameSiteLabel[opts.sameSite]}`)
  if (opts.partitioned) out.push('Partitioned')
  return out
}

/** The Set-Cookie value that hands the client its token. */
export function serializeSessionCookie(token: string, opts: ResolvedCookieOptions): string {
  const parts = [`${opts.name}=${opts.mac ? opts.mac.sign(token) : token}`, ...attributes(opts)]
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`)
  return parts.join('; ')
}

/** The Set-Cookie value that removes the session cookie (same name, path and domain, already expired). */
export function serializeClearingCookie(opts: ResolvedCookieOptions): string {
  return [`${opts.name}=`, ...attributes(opts), 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT'].join('; ')
}
