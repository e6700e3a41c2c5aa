import { SessionConfigError } from '../errors.js'
import { parseDuration, type Duration } from '../core/duration.js'
import { CookieMac } from './mac.js'

export type SameSite = 'lax' | 'strict' | 'none'

/** Cookie settings; every one has a safe default. */
export interface CookieOptions {
  /** Default `__Host-sid` when secure (the prefix pins the cookie to this host and path /), `sid` otherwise. */
  name?: string
  /** Default true. Set false only for local http development. */
  secure?: boolean
  /** Default true: scripts cannot read the session id. */
  httpOnly?: boolean
  /** Default 'lax'. 'none' requires secure. */
  sameSite?: SameSite
  /** Default '/'. */
  path?: string
  /** Default none (host-only). A domain cannot be combined with the `__Host-` prefix. */
  domain?: string
  /** Default none: a browser-session cookie. Set to make it persistent (ms or '7d'). */
  maxAge?: Duration
  /** CHIPS partitioned cookie; default false. */
  partitioned?: boolean
  /**
   * Optional MAC on the cookie: forged ids are refused in memory, before any store read. The first
   * secret signs, all verify (rotation: put the new one first, drop the old one after absoluteTimeout).
   * Each at least 32 bytes.
   */
  secrets?: ReadonlyArray<string | Buffer>
}

export interface ResolvedCookieOptions {
  name: string
  secure: boolean
  httpOnly: boolean
  sameSite: SameSite
  path: string
  domain: string | undefined
  maxAgeSeconds: number | undefined
  partitioned: boolean
  /** Present when cookie.secrets is set: the cookie carries `<token>.<mac>`. */
  mac?: CookieMac
}

const cookieName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const attributeValue = /^[\x21-\x3a\x3c-\x7e]+$/ // printable, no ';'

export function resolveCookieOptions(options: CookieOptions = {}): ResolvedCookieOptions {
  const secure = options.secure ?? true
  const path = options.path ?? '/'
  const domain = options.domain
  const hostPrefixAllowed = secure && path === '/' && domain === undefined
  const name = options.name ?? (hostPrefixAllowed ? '__Host-sid' : secure ? '__Secure-sid' : 'sid')
  const sameSite = (options.sameSite ?? 'lax').toLowerCase() as SameSite

  if (!cookieName.test(name)) throw new SessionConfigError(`cookie name '${name}' is not a valid cookie name`)
  if (name.startsWith('__Host-') && !hostPrefixAllowed)
    throw new SessionConfigError(
      `cookie name '${name}' uses the __Host- prefix, which browsers only accept with secure: true, path: '/' and no domain`,
    )
  if (name.startsWith('__Secure-') && !secure)
    throw new SessionConfigError(`cookie name '${name}' uses the __Secure- prefix, which requires secure: true`)
  if (!['lax', 'strict', 'none'].includes(sameSite))
    throw new SessionConfigError(`cookie sameSite must be 'lax', 'strict' or 'none', got '${options.sameSite}'`)
  if (sameSite === 'none' && !secure) throw new SessionConfigError(`cookie sameSite 'none' requires secure: true`)
  if (!path.startsWith('/') || !attributeValue.test(path))
    throw new SessionConfigError(`cookie path must start with '/' and contain no ';' or spaces`)
  if (domain !== undefined && !attributeValue.test(domain)) throw new SessionConfigError(`cookie domain '${domain}' is not valid`)
  if (options.partitioned && !secure) throw new SessionConfigError('partitioned cookies require secure: true')

  const maxAge = options.maxAge === undefined ? undefined : Math.floor(parseDuration(options.maxAge, 'cookie.maxAge') / 1000)
  return {
    name,
    secure,
    httpOnly: options.httpOnly ?? true,
    sameSite,
    path,
    domain,
    maxAgeSeconds: maxAge,
    partitioned: options.partitioned ?? false,
    ...(options.secrets === undefined ? {} : { mac: new CookieMac(options.secrets, name) }),
  }
}
