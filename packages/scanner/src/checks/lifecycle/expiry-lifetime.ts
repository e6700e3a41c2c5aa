import type { CheckOutcome, Finding } from '../../model/finding.js'
import { lifetimeSeconds } from '../../http/set-cookie.js'
import { lowerSeverity, makeFinding } from '../make-finding.js'
import { sessionCookies, setCookiesOf } from '../session-cookies.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

// SG-EXPIRY's untimed half: the lifetime the server announces for the session cookie, from every
// Set-Cookie of it across the scan (so it runs late, as the cookie attributes do). The timed half,
// a replay past the configured limits, is expiry-timed.ts; a scan reports SG-EXPIRY failed when
// either half failed.

/** Longest lifetime a session cookie may announce before it is reported as beyond policy. */
const MAX_LIFETIME_S = 24 * 3600

async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const now = Date.now()
  const { names, proven, none } = sessionCookies(ctx)
  if (none) {
    const outcome: CheckOutcome = {
      id: 'SG-EXPIRY',
      status: none.passed ? 'passed' : 'not-tested',
      reason: none.reason,
      ...(none.enableWith ? { enableWith: none.enableWith } : {}),
    }
    return { findings: [], outcomes: [outcome] }
  }
  const findings: Finding[] = []
  for (const name of names) {
    const sets = setCookiesOf(ctx, name, now)
    const long = sets.filter((s) => (lifetimeSeconds(s.attrs, now) ?? 0) > MAX_LIFETIME_S)
    if (long.length === 0) continue
    const scope = proven
      ? `the session cookie ${name} (proven to carry the session)`
      : `${name}, which looks like a session cookie (not proven: no login configured)`
    const f = makeFinding(
      'SG-EXPIRY',
      {
        summary: `The cookie lives longer than ${MAX_LIFETIME_S / 3600} h, beyond a reasonable absolute session lifetime — ${scope}; seen in ${long.length} of ${sets.length} Set-Cookie headers.`,
        evidence: long.slice(0, 2).map((s) => s.exchange),
        confidence: proven ? 'firm' : 'tentative',
        carrier: { kind: 'cookie', name },
      },
      ctx.target.framework.id,
    )
    if (!proven) f.severity = lowerSeverity(f.severity)
    findings.push(f)
    // one finding for the check, as the cookie attributes report one per check
    break
  }
  const outcome: CheckOutcome = findings.length
    ? { id: 'SG-EXPIRY', status: 'failed' }
    : { id: 'SG-EXPIRY', status: 'passed', reason: `cookie lifetime within ${MAX_LIFETIME_S / 3600} h; server-side idle expiry not timed` }
  return { findings, outcomes: [outcome] }
}

export const expiryLifetimeProbe: Probe = { name: 'session cookie lifetime', checks: ['SG-EXPIRY'], run }
