import type { CheckInfo } from '../check-info.js'
import { ENABLE, SOC2_ACCESS } from '../needs.js'

// What each privilege-change check proves, cites and needs: the id must change again at every gain of
// privilege after the password (the second factor, a step-up), not only at login.
export const PRIVILEGE_CHECKS: CheckInfo[] = [
  {
    id: 'SG-FIX-MFA',
    title: 'Session fixation across the second factor: the half-authenticated id becomes the signed-in session',
    passed: 'a new session id was issued when the second factor completed',
    category: 'privilege',
    severity: 'high',
    description:
      'An attacker who knows only the password completes the password step and keeps the session id the server hands ' +
      "out for the second-factor prompt. The scanner does exactly that as the attacker, plants that half-authenticated id in the victim's " +
      'browser, lets the victim enter the code (TOTP from the account’s secret, or the code read from login.mfa.code_url), ' +
      "then replays the attacker's copy on the protected check URL: reaching it as the victim means the second factor was " +
      'defeated, whether the server kept the id or issued a new one but left the old one signed in. A control first shows ' +
      'that the half-authenticated id alone did not reach the page (otherwise see SG-MFA-PARTIAL).',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4', 'V6.3.2'],
      pciDss: ['8.5.1', '8.4.2', '6.2.4'],
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: ENABLE.mfa,
    fix: {
      topic: 'elevate',
      lead: 'Issue a new session id when the second factor completes and invalidate the half-authenticated one.',
    },
  },
  {
    id: 'SG-MFA-PARTIAL',
    title: 'The password alone reaches the protected page: the second factor is not enforced',
    passed: 'the password step alone did not reach the protected page',
    category: 'privilege',
    severity: 'high',
    description:
      'A session that completed only the password step is already treated as signed in. The scanner logs in with the ' +
      'password, stops at the second-factor prompt, and requests the protected check URL with that session: reaching it ' +
      'as the account means anyone with the password (phished, reused, leaked) gets in without the code.',
    references: {
      cwe: ['CWE-304', 'CWE-287'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V6.3.2', 'V6.3.3'],
      pciDss: ['8.5.1', '8.4.2'],
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: ENABLE.mfa,
    fix: {
      topic: 'elevate',
      lead: 'Record the password step as pending, and treat a session as signed in only once every factor has succeeded.',
    },
  },
  {
    id: 'SG-FIX-STEPUP',
    title: 'Session fixation at step-up: the id held before re-authentication gains the elevated rights',
    passed: 'a new session id was issued at re-authentication',
    category: 'privilege',
    severity: 'high',
    description:
      'Before a sensitive page the app asks for the password (or a code) again. The scanner logs the victim in, gives the ' +
      "attacker a copy of the victim's session id as it was before the re-authentication (the id a fixation or a theft " +
      'would give), shows that copy does not reach the elevated page (stepup.check), lets the victim re-authenticate, then ' +
      "replays the attacker's copy on the elevated page: reaching it means the elevation was granted to an id the victim " +
      'held at lower privilege, kept or merely linked to the new one.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4', 'V7.5.3'],
      pciDss: ['8.5.1', '6.2.4'],
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: ENABLE.stepup,
    fix: {
      topic: 'elevate',
      lead: 'Issue a new session id when the user re-authenticates (step-up, sudo mode) and invalidate the previous one.',
    },
  },
]
