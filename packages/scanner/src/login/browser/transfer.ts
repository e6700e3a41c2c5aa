/// <reference lib="dom" />
// (page.evaluate callbacks below run in the browser, where these globals exist)
import type { BrowserContext, Page } from 'playwright-core'
import { type ActorSession, type Decor } from '../../actors/session.js'
import { headerTokens, urlTokens } from '../../actors/ids.js'
import { escapeRegExp } from '../../text/escape-regexp.js'
import { credentialLike } from '../../http/header-parts.js'
import type { Recorded } from './record.js'
import { askedIn, loginAnswers, type Typed } from './login-answer.js'

/** Where a page keeps the value it sends in a header: `Authorization: Bearer <localStorage.token>`. */
export interface StorageSlot {
  area: 'localStorage' | 'sessionStorage'
  key: string
  /** What the page puts before the stored value in the header ("Bearer "). */
  prefix: string
}

// Request headers a page script sets that may carry a session; anti-CSRF tokens are per-session
// companions, not carriers.
const SESSION_HEADER = /^authorization$|session|token|sid|auth/i
const NOT_CARRIER = /^(cookie|content-|accept|user-agent|referer|origin|host|connection|sec-|upgrade|priority)|csrf|xsrf/i

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())
}

/** Cookies of the target origin as Set-Cookie lines the scanner's jar can store. */
export async function cookiesToJar(context: BrowserContext, session: ActorSession, origin: string): Promise<void> {
  const url = `${origin}/`
  const cookies = await context.cookies(url)
  const names = new Set(cookies.map((c) => c.name))
  for (const n of session.jar.names(url)) if (!names.has(n)) session.jar.delete(n, url)
  for (const c of cookies) {
    const domain = c.domain.startsWith('.') ? `; Domain=${c.domain.slice(1)}` : ''
    session.jar.store([`${c.name}=${c.value}; Path=${c.path || '/'}${domain}${c.httpOnly ? '; HttpOnly' : ''}`], url)
  }
}

/**
 * The header names a value first sent after typing may be carried under. The page's script chose such a
 * header's name as well as its value, and a name of its own could spell the password on every request
 * the scanner sends afterwards; these names spell nothing.
 */
const PLAIN_CARRIERS = new Set(['authorization', 'x-auth-token', 'x-access-token', 'x-session-token', 'x-session-id', 'x-token'])

/**
 * The schemes a handed-out value may be sent under after typing, in any case (RFC 9110 schemes are
 * case-insensitive; the value is sent as the page spelled it, and the report masks the whole value):
 * any other word before the value would be the page's text, and its length shows in the carried
 * value's mask.
 */
const SCHEME = /^(?:bearer|token|jwt) (\S+)$/i

/** A value's part after one of SCHEME's schemes ("Bearer x", "token x"), or undefined. */
function afterScheme(v: string): string | undefined {
  return SCHEME.exec(v)?.[1]
}

/**
 * The fewest characters a handed-out value has: the floor the redaction learns a credential-like part
 * from (PART_MIN) and below which no session header is looked at. No framework issues a session token
 * shorter (8 characters of hex are 32 bits); a shorter string of the login answer is a status or a name.
 */
const SHORTEST = 8

/**
 * Whether a value is shaped as a credential a target issues: SHORTEST or more characters of a token's
 * alphabet (base64url, hex, a JWT's dots, Laravel Sanctum's `<id>|<token>`), not a word. `keep-alive`,
 * a content type or a date are not. Only the login answer's values are read (login-answer.ts), so the
 * shape is a second wall, not the first.
 */
export function credentialShaped(v: string): boolean {
  return v.length >= SHORTEST && /^[A-Za-z0-9._~+/=|-]+$/.test(v) && credentialLike(v)
}

/** Every string at any depth of a JSON value. */
function jsonStrings(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 32) return
  if (typeof v === 'string') out.add(v)
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out, depth + 1)
  else if (v && typeof v === 'object') for (const x of Object.values(v)) jsonStrings(x, out, depth + 1)
}

/**
 * The values the target (or a login origin) handed out in the login answer (loginAnswers: the answer to
 * the request that carried the typed secret, and its redirects), whatever it named them: every
 * credential-shaped string of a JSON body at any depth (Strapi's `jwt`, SimpleJWT's `access`,
 * `data.token`), a session-named header's value (its part after a SCHEME too), a Set-Cookie's value,
 * and every parameter of a Location's query and fragment (an implicit grant's `#access_token=`). Not
 * any other header (`Connection: keep-alive`, `Date`), and nothing the chain's requests held in any
 * reading (askedIn): the page chose that.
 */
export function issuedValues(chain: Recorded[]): Set<string> {
  const out = new Set<string>()
  const asked = askedIn(chain)
  for (const [i, r] of chain.entries()) {
    const strings = new Set<string>()
    try {
      jsonStrings(JSON.parse(r.body), strings)
    } catch {
      // not JSON: its values are found by headerTokens below when named as a session
    }
    for (const d of headerTokens({ headers: r.headers, body: r.body })) {
      strings.add(d.value)
      const bare = afterScheme(d.value)
      if (bare) strings.add(bare)
    }
    for (const v of [r.headers['set-cookie'] ?? []].flat()) {
      const pair = v.split(';')[0]!
      strings.add(pair.slice(pair.indexOf('=') + 1).trim())
    }
    const location = r.headers['location']
    if (typeof location === 'string')
      try {
        const u = new URL(location, 'http://x.invalid/')
        for (const part of [u.search.slice(1), u.hash.slice(1)]) for (const [, pv] of new URLSearchParams(part)) strings.add(pv)
      } catch {
        // no URL: nothing handed out in it
      }
    for (const v of strings) if (credentialShaped(v) && !asked[i]!(v)) out.add(v)
  }
  return out
}

/** Whether a header value sent after typing is a handed-out value as the target handed it out, or after a SCHEME. */
export function handedOut(issued: Set<string>, v: string): boolean {
  return issued.has(v) || issued.has(afterScheme(v) ?? '')
}

/**
 * Whether `name=value` stands whole in a Location of the login answer's chain, and in no reading of its
 * requests: a target that echoes the URL it was asked (a directory redirect keeping the query, a
 * `next=` it decodes once or twice) repeats the page's text, it issues nothing.
 */
function issuedInUrl(chain: Recorded[], d: Decor): boolean {
  const pair = new RegExp(`${escapeRegExp(d.name)}=${escapeRegExp(d.value)}(?![^;/?#&"'\\s<>])`)
  const asked = askedIn(chain)
  return chain.some((r, i) => {
    const location = r.headers['location']
    return typeof location === 'string' && pair.test(location) && !asked[i]!(`${d.name}=${d.value}`) && !asked[i]!(d.value)
  })
}

/**
 * The URL-pair names the target wrote itself before any page script could choose one (lower case): the
 * names of the ids in a Location of the navigation the scanner opened and the redirects the target
 * answered it with, and the cookie names any answer before typing set (a servlet container's
 * `JSESSIONID` cookie with `;jsessionid=` in its links). A page makes any URL it likes (an iframe,
 * `location=`, a form sent with GET, a stored "return to" URL the login answer's Location repeats) and
 * names its pair after what it read or was typed: such a name would ride on every request the scanner
 * sends, and the report shows it.
 */
function targetNames(recs: Recorded[], origin: string): Set<string> {
  const names = new Set<string>()
  for (const r of recs) {
    if (r.afterTyping || r.origin !== origin) continue
    for (const line of [r.headers['set-cookie'] ?? [], r.setCookies].flat()) {
      const name = line.split(';')[0]!.split('=')[0]!.trim()
      if (name) names.add(name.toLowerCase())
    }
    const location = r.headers['location']
    if (!r.scannerOpened || typeof location !== 'string') continue
    let to: string
    try {
      to = new URL(location, r.rawUrl).href
    } catch {
      continue
    }
    for (const d of urlTokens([to])) names.add(d.name.toLowerCase())
  }
  return names
}

/**
 * Session headers the page sent to the target (the last value of each wins), and the ids the target put
 * in its URLs. What the page sent after typing is its text, with the password to spell in it, and the
 * scanner's own requests would carry it (and the report show it) for the rest of the scan: such a header
 * is carried only under a name of PLAIN_CARRIERS and with a value of the login answer (issuedValues over
 * loginAnswers: the value, or its part after a scheme, stands in the answer to the request that carried
 * the typed secret, under whatever key) or of an answer to a request sent before typing; such a URL's id
 * only when a redirect of the login answer wrote it. A URL pair, before typing or after, is carried only
 * under a name of targetNames, of `urlNames` (the configured query carrier, the names an earlier context
 * of the session carried), never under a name only a document URL held.
 * `typed`: what was typed in this context; set when the final URL is after typing.
 */
export function carriedByPage(
  recs: Recorded[],
  origin: string,
  configured: string[],
  finalUrl: string,
  typed: Typed | undefined,
  /** Called when a session-like header sent after typing is not carried (said in fixed words: its name is the page's). */
  declined: () => void = () => undefined,
  /** URL-pair names known apart from this context's answers: the configured query carrier, the session's carried names. */
  urlNames: string[] = [],
): Decor[] {
  const skip = new Set(configured.map((h) => h.toLowerCase()))
  const found = new Map<string, Decor>()
  const chain = loginAnswers(recs, typed)
  const issued = issuedValues(chain)
  // An answer to a request sent before typing was written when the page did not know the password: an
  // SPA that takes its token from `GET /api/session` and sends it with the credentials (the shape a
  // fixable app has) carries it. Each is read against its own request only; text a page stored in an
  // earlier login and had listed back is the limit docs/browser-login.md names.
  for (const r of recs) if (!r.afterTyping) for (const v of issuedValues([r])) issued.add(v)
  let refused = false
  for (const r of recs) {
    if (r.origin !== origin) continue
    for (const [k, v] of Object.entries(r.requestHeaders)) {
      const key = k.toLowerCase()
      if (skip.has(key) || NOT_CARRIER.test(key) || !SESSION_HEADER.test(key) || v.length < 8) continue
      if (r.afterTyping && !(PLAIN_CARRIERS.has(key) && handedOut(issued, v))) {
        refused = true
        continue
      }
      found.set(key, { kind: 'header', name: canonical(key), value: v })
    }
  }
  // a header carried from another request (the same value handed out) makes a refused one no loss to say
  if (refused && found.size === 0) declined()
  const docs = recs.filter((r) => r.origin === origin && r.document)
  const sameOrigin = (() => {
    try {
      return new URL(finalUrl).origin === origin ? [finalUrl] : []
    } catch {
      return []
    }
  })()
  const known = targetNames(recs, origin)
  for (const n of urlNames) known.add(n.toLowerCase())
  const named = (d: Decor): boolean => known.has(d.name.toLowerCase())
  const before = urlTokens(docs.filter((r) => !r.afterTyping).map((r) => r.rawUrl))
  const after = urlTokens([...docs.filter((r) => r.afterTyping).map((r) => r.rawUrl), ...(typed ? sameOrigin : [])]).filter((d) =>
    issuedInUrl(chain, d),
  )
  const fromUrls = [...before, ...after, ...urlTokens(typed ? [] : sameOrigin)].filter(named)
  return [...found.values(), ...fromUrls]
}

/** Finds where the page stores each header value it sends, so a planted value can be put there for the next victim. */
export async function findStorageSlots(page: Page, decors: Decor[]): Promise<Map<string, StorageSlot>> {
  const slots = new Map<string, StorageSlot>()
  let stored: { local: Array<[string, string]>; session: Array<[string, string]> }
  try {
    stored = await page.evaluate(() => ({ local: Object.entries(localStorage), session: Object.entries(sessionStorage) }))
  } catch {
    return slots
  }
  for (const d of decors.filter((x) => x.kind === 'header')) {
    for (const [area, entries] of [
      ['localStorage', stored.local],
      ['sessionStorage', stored.session],
    ] as const) {
      const hit = entries.find(([, v]) => v.length >= 8 && (d.value === v || d.value.endsWith(` ${v}`)))
      if (hit) {
        slots.set(d.name.toLowerCase(), { area, key: hit[0], prefix: d.value.slice(0, d.value.length - hit[1].length) })
        break
      }
    }
  }
  return slots
}

/** A script that stores the planted values before the page's own scripts run, once per tab (a reload keeps what the app wrote since). */
export function plantScript(origin: string, entries: Array<{ slot: StorageSlot; value: string }>): string {
  const data = JSON.stringify(entries.map((e) => [e.slot.area, e.slot.key, e.value]))
  return `(() => { try { if (location.origin !== ${JSON.stringify(origin)}) return; if (sessionStorage.getItem('__sessionguard_planted') === '1') return; for (const [area, key, value] of ${data}) (area === 'localStorage' ? localStorage : sessionStorage).setItem(key, value); sessionStorage.setItem('__sessionguard_planted', '1') } catch {} })()`
}

/** The value to store for a planted header value: without the prefix the page adds itself. */
export function storedValue(slot: StorageSlot, headerValue: string): string {
  return slot.prefix && headerValue.startsWith(slot.prefix) ? headerValue.slice(slot.prefix.length) : headerValue
}
