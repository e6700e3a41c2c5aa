import type { CheckInfo } from '../check-info.js'
import { ENABLE, SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each lifecycle check proves, cites and needs, and the fix it leads with; the probes beside this file run them.
export const LIFECYCLE_CHECKS: CheckInfo[] = [
  {
    id: 'SG-LOGOUT',
    title: 'Session still valid on the server after logout',
    passed: 'session ended at logout',
    category: 'lifecycle',
    severity: 'medium',
    description:
      'Logging out clears the cookie in the browser but the server keeps the session alive, so a stolen or ' +
      'fixed id outlives the logout. The scanner logs in, logs out, then replays the authenticated id on the ' +
      'protected check URL.',
    references: {
      cwe: ['CWE-613'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.4.1'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'login+logout',
    enableWith: ENABLE.logout,
    fix: {
      topic: 'logout',
      lead: 'End the session on the server at logout so the id stops working everywhere.',
    },
  },
  {
    id: 'SG-EXPIRY',
    title: 'No server-side session expiry, or a lifetime beyond policy',
    passed: 'session lifetime within policy',
    category: 'lifecycle',
    severity: 'medium',
    description:
      'The server does not end idle or old sessions within policy. Untimed: the lifetime the server announces ' +
      'for the session cookie is compared with a 24 h absolute limit. Timed, opt-in with a login ' +
      '(session.idle_timeout / --idle-timeout): a fresh session is left untouched past the idle limit, then its ' +
      'id is replayed on the check URL; (session.absolute_timeout / --absolute-timeout) another is kept busy ' +
      'past the absolute limit, then replayed. The verdict comes from the replay, never from headers.',
    references: {
      cwe: ['CWE-613'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.3.1', 'V7.3.2'],
      pciDss: ['8.2.8', '6.2.4'],
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: ENABLE.login,
    fix: {
      topic: 'expiry',
      lead: 'Enforce idle and absolute session limits on the server.',
    },
  },
]
