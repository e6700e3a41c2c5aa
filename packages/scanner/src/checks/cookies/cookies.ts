import { COOKIE_IDS } from './ids.js'
import type { CheckId, CheckOutcome, Finding } from '../../model/finding.js'
import { lowerSeverity, makeFinding } from '../make-finding.js'
import { isCsrfCookie } from '../../login/csrf.js'
import { type CookieAttributes, lifetimeSeconds } from '../../http/set-cookie.js'
import { sessionCookies, setCookiesOf } from '../session-cookies.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

const COOKIE_CHECKS: CheckId[] = [...COOKIE_IDS]

/**
 * Attributes of the cookie proven to carry the session, from every Set-Cookie of it across the flow.
 * Without a login the carrier is unproven: session-like cookies are checked one severity lower.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const now = Date.now()
  const { names, proven, none } = sessionCookies(ctx)
  if (none) {
    return {
      findings: [],
      outcomes: COOKIE_CHECKS.map((id) => ({
        id,
        status: none.passed ? 'passed' : 'not-tested',
        reason: none.reason,
        ...(none.enableWith ? { enableWith: none.enableWith } : {}),
      })),
    }
  }
  const fw = ctx.target.framework.id
  const findings: Finding[] = []
  const failed = new Set<CheckId>()
  const insecureTransportNote = !ctx.scope.isHttps

  for (const name of names) {
    const sets = setCookiesOf(ctx, name, now)
    if (sets.length === 0) continue
    const confidence = proven ? 'firm' : 'tentative'
    const scope = proven
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
      if (!proven) f.severity = lowerSeverity(f.severity)
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
  }
  const outcomes: CheckOutcome[] = COOKIE_CHECKS.map((id) =>
    failed.has(id) ? { id, status: 'failed' as const } : { id, status: 'passed' as const, reason: `checked ${names.join(', ')}` },
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
