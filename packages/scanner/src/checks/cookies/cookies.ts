import { COOKIE_IDS } from './ids.js'
import type { CheckId, CheckOutcome, Exchange, Finding, Severity } from '../../model/finding.js'
import { SEVERITIES } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { isCsrfCookie } from '../../login/csrf.js'
import { rankNames } from '../../target/discover.js'
import { SESSIONISH } from '../../actors/ids.js'
import { type CookieAttributes, isDeletion, lifetimeSeconds, parseSetCookie } from '../../http/set-cookie.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'
import { ENABLE } from '../needs.js'

/** The cookie checks, and SG-EXPIRY's untimed half: the lifetime the cookie announces. */
const COOKIE_CHECKS: CheckId[] = [...COOKIE_IDS, 'SG-EXPIRY']
/** Longest lifetime a session cookie may have before it is reported as beyond policy. */
const MAX_LIFETIME_S = 24 * 3600

function lower(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!
}

/**
 * Attributes of the cookie proven to carry the session, from every Set-Cookie of it across the flow.
 * Without a login the carrier is unproven: session-like cookies are checked one severity lower.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const now = Date.now()
  const proven = ctx.target.carrier?.required.filter((c) => c.kind === 'cookie').map((c) => c.name) ?? []
  const names = proven.length
    ? proven
    : rankNames(ctx.target.issued.map((i) => i.name)).filter((n) => SESSIONISH.test(n) && !isCsrfCookie(n))
  if (names.length === 0) {
    const reason = ctx.target.carrier
      ? `the session is carried in a ${ctx.target.carrier.primary.kind}, not a cookie`
      : `no session cookie is issued at ${ctx.target.issuingPath}`
    return {
      findings: [],
      outcomes: COOKIE_CHECKS.map((id) => ({
        id,
        status: ctx.target.carrier ? 'passed' : 'not-tested',
        reason,
        ...(ctx.target.carrier ? {} : { enableWith: ENABLE.sessionCookie }),
      })),
    }
  }
  const fw = ctx.target.framework.id
  const findings: Finding[] = []
  const failed = new Set<CheckId>()
  const insecureTransportNote = !ctx.scope.isHttps

  for (const name of names) {
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
    if (sets.length === 0) continue
    const confidence = proven.length ? 'firm' : 'tentative'
    const scope = proven.length
      ? `the session cookie ${name} (proven to carry the session)`
      : `${name}, which looks like a session cookie (not proven: no login configured)`
    const report = (id: CheckId, summary: string, pick: (a: CookieAttributes) => boolean): void => {
      const bad = sets.filter((s) => pick(s.attrs))
      if (bad.length === 0) return
      failed.add(id)
      const base = findings.find((f) => f.id === id)
      if (base) return
      const f = makeFinding(
        id,
        {
          summary: `${summary} — ${scope}; seen in ${bad.length} of ${sets.length} Set-Cookie headers.`,
          evidence: bad.slice(0, 2).map((b) => b.exchange),
          confidence,
          carrier: { kind: 'cookie', name },
        },
        fw,
      )
      if (!proven.length) f.severity = lower(f.severity)
      findings.push(f)
    }
    if (!isCsrfCookie(name))
      report(
        'SG-COOKIE-HTTPONLY',
        'The cookie lacks HttpOnly, so any script on the page (an XSS) can read the session id',
        (a) => !a.httpOnly,
      )
    report(
      'SG-COOKIE-SECURE',
      `The cookie lacks Secure, so it is also sent over plain http where anyone on the path can read or set it${insecureTransportNote ? ' (this scan ran over http)' : ''}`,
      (a) => !a.secure,
    )
    report(
      'SG-COOKIE-SAMESITE',
      'The cookie has no SameSite=Lax/Strict, so cross-site requests carry the session',
      (a) => a.sameSite !== 'lax' && a.sameSite !== 'strict',
    )
    report(
      'SG-COOKIE-SCOPE',
      'The cookie sets a Domain attribute, so every subdomain receives it and can plant its own value (a fixation vector)',
      (a) => a.domain !== undefined && a.domain !== '',
    )
    report(
      'SG-COOKIE-PREFIX',
      'The cookie name has no __Host- prefix, so a sibling subdomain or a plain-http response can overwrite it',
      (a) => !a.name.startsWith('__Host-'),
    )
    report(
      'SG-COOKIE-PERSISTENT',
      'The cookie is persistent (Max-Age/Expires), so the session outlives the browser and stays on disk',
      (a) => lifetimeSeconds(a, now) !== undefined,
    )
    report(
      'SG-EXPIRY',
      `The cookie lives longer than ${MAX_LIFETIME_S / 3600} h, beyond a reasonable absolute session lifetime`,
      (a) => (lifetimeSeconds(a, now) ?? 0) > MAX_LIFETIME_S,
    )
  }
  const outcomes: CheckOutcome[] = COOKIE_CHECKS.map((id) =>
    failed.has(id)
      ? { id, status: 'failed' as const }
      : {
          id,
          status: 'passed' as const,
          reason:
            id === 'SG-EXPIRY'
              ? `cookie lifetime within ${MAX_LIFETIME_S / 3600} h; server-side idle expiry not timed`
              : `checked ${names.join(', ')}`,
        },
  )
  const notes: string[] = []
  if (!ctx.scope.isHttps && ctx.http.observations.some((o) => o.setCookies.some((sc) => /;\s*secure/i.test(sc)))) {
    notes.push(
      'Secure cookies were issued over http:// and replayed by the scanner anyway (a scanner is not a browser); a browser on this http origin would not send them back.',
    )
  }
  return { findings, outcomes, notes }
}

export const cookiesProbe: Probe = { name: 'cookie attributes', checks: COOKIE_CHECKS, run }
