import type { CheckId, Remediation } from '../model/finding.js'
import type { FrameworkId } from '../model/report.js'
import { ADVICE, type Topic } from './frameworks/index.js'

// What to do about one finding, in the words of the framework the target runs. Each check names the
// fix in one framework-neutral sentence; the rest comes from the framework's advice for the check's
// topic, because the checks of a family share one cure.

interface CheckFix {
  topic: Topic
  /** The one thing to change, whatever the framework. */
  lead: string
}

const FIXES: Readonly<Record<CheckId, CheckFix>> = {
  'SG-FIX-ADOPT': {
    topic: 'rotate',
    lead: 'Stop accepting session ids the server did not issue, and issue a fresh id at login.',
  },
  'SG-PERMISSIVE': {
    topic: 'rotate',
    lead: 'Treat an unknown session id as no session and issue a server-generated one instead; rotation at login already prevents takeover, this closes the door earlier.',
  },
  'SG-FIX-LOGIN': {
    topic: 'rotate',
    lead: 'Issue a new session id when the user logs in and invalidate the pre-login one.',
  },
  'SG-FIX-OLDID': {
    topic: 'rotate',
    lead: 'When the id is rotated at login, delete the old session on the server in the same step, not just stop sending it.',
  },
  'SG-LOGOUT': {
    topic: 'logout',
    lead: 'End the session on the server at logout so the id stops working everywhere.',
  },
  'SG-URL': {
    topic: 'url',
    lead: 'Keep the session id out of URLs, in both directions.',
  },
  'SG-TOKEN-ENTROPY': {
    topic: 'tokens',
    lead: 'Make session ids long random values: at least 128 bits from a CSPRNG.',
  },
  'SG-TOKEN-PREDICT': {
    topic: 'tokens',
    lead: 'Replace the structured id generator (counter, clock, hash of either, UUIDv1) with a CSPRNG.',
  },
  'SG-COOKIE-HTTPONLY': {
    topic: 'cookies',
    lead: 'Mark the session cookie HttpOnly.',
  },
  'SG-COOKIE-SECURE': {
    topic: 'cookies',
    lead: 'Mark the session cookie Secure and serve the application over HTTPS only.',
  },
  'SG-COOKIE-SAMESITE': {
    topic: 'cookies',
    lead: 'Give the session cookie SameSite=Lax (or Strict when cross-site navigation need not stay logged in).',
  },
  'SG-COOKIE-SCOPE': {
    topic: 'cookies',
    lead: 'Drop the Domain attribute so the session cookie is host-only, and use Path=/.',
  },
  'SG-COOKIE-PREFIX': {
    topic: 'cookies',
    lead: 'Name the session cookie with the __Host- prefix (Secure, Path=/, no Domain) so no other origin can set it.',
  },
  'SG-COOKIE-PERSISTENT': {
    topic: 'cookies',
    lead: 'Issue the session cookie without Expires or Max-Age, and keep lifetime decisions on the server.',
  },
  'SG-EXPIRY': {
    topic: 'expiry',
    lead: 'Enforce idle and absolute session limits on the server.',
  },
  'SG-IDOR': {
    topic: 'authz',
    lead: "Check on the server that the object belongs to the session's user before returning it.",
  },
  'SG-AUTH-MISSING': {
    topic: 'authz',
    lead: 'Require a valid session before serving an owned object.',
  },
  'SG-IDOR-ENUM': {
    topic: 'authz',
    lead: 'Use random object ids (128 bits) instead of sequential or time-based ones; the ownership check stays the real fix.',
  },
}

/** The fix for `id` on `framework`; 'generic' when nothing was detected. Always returns text. */
export function remediationFor(id: CheckId, framework: FrameworkId): Remediation {
  const fix = FIXES[id]
  // A FrameworkId from outside the type system (an old report, a typo in a test) gets the generic text.
  const advice = (ADVICE[framework] ?? ADVICE.generic)[fix.topic]
  const remediation: Remediation = {
    framework: ADVICE[framework] ? framework : 'generic',
    text: `${fix.lead} ${advice.text}`,
  }
  if (advice.snippet) remediation.snippet = advice.snippet
  return remediation
}

/** Which advice topic a check draws on (for docs and tests). */
export function remediationTopic(id: CheckId): Topic {
  return FIXES[id].topic
}
