import type { Exchange } from '../model/finding.js'
import { isCsrfCookie } from '../login/csrf.js'
import { rankNames } from '../target/discover.js'
import { SESSIONISH } from '../actors/ids.js'
import { type CookieAttributes, isDeletion, parseSetCookie } from '../http/set-cookie.js'
import { ENABLE } from './needs.js'
import type { ProbeContext } from './types.js'

// The session cookies whose Set-Cookie headers the cookie checks (checks/cookies) and the lifetime half
// of SG-EXPIRY (checks/lifecycle) judge: the cookies proven to carry the session, or without a login
// the cookies that look like one.

export interface SessionCookies {
  names: string[]
  /** True when the names were proven to carry the session (a login ran); false: they only look like it. */
  proven: boolean
  /** Why there is nothing to judge, and whether that is a pass (the session is not in a cookie) or not tested. */
  none?: { reason: string; passed: boolean; enableWith?: string }
}

export function sessionCookies(ctx: ProbeContext): SessionCookies {
  const proven = ctx.target.carrier?.required.filter((c) => c.kind === 'cookie').map((c) => c.name) ?? []
  const names = proven.length
    ? proven
    : rankNames(ctx.target.issued.map((i) => i.name)).filter((n) => SESSIONISH.test(n) && !isCsrfCookie(n))
  if (names.length > 0) return { names, proven: proven.length > 0 }
  return {
    names,
    proven: false,
    none: ctx.target.carrier
      ? { reason: `the session is carried in a ${ctx.target.carrier.primary.kind}, not a cookie`, passed: true }
      : { reason: `no session cookie is issued at ${ctx.target.issuingPath}`, passed: false, enableWith: ENABLE.sessionCookie },
  }
}

/** Every Set-Cookie of `name` across the scan (deletions left out), each with the exchange that carried it. */
export function setCookiesOf(ctx: ProbeContext, name: string, now: number): Array<{ attrs: CookieAttributes; exchange: Exchange }> {
  const sets: Array<{ attrs: CookieAttributes; exchange: Exchange }> = []
  for (const o of ctx.http.observations) {
    for (const sc of o.setCookies) {
      const attrs = parseSetCookie(sc)
      if (!attrs || attrs.name !== name || isDeletion(attrs, now)) continue
      sets.push({
        attrs,
        exchange: {
          actor: o.actor,
          note: `Set-Cookie of ${name}`,
          request: { method: o.method, url: o.url, headers: {} },
          response: { status: o.status, headers: { 'set-cookie': sc } },
        },
      })
    }
  }
  return sets
}
