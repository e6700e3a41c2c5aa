import type { CheckInfo } from '../check-info.js'
import { ENABLE, SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each authorization check proves, cites and needs, and the fix it leads with; the probes beside this file run them.
export const AUTHORIZATION_CHECKS: CheckInfo[] = [
  {
    id: 'SG-IDOR',
    title: "One account's session reads another account's objects (BOLA/IDOR)",
    passed: "no account was served another account's objects",
    category: 'authorization',
    severity: 'high',
    description:
      'An object that belongs to account A is served to account B because the server looks it up by an id ' +
      'taken from the request without checking its owner. The scanner logs two accounts in with separate jars, ' +
      "discovers A's objects, replays A's read requests with B's session, and confirms when A's data comes back.",
    references: {
      cwe: ['CWE-639', 'CWE-862'],
      owaspTop10: ['A01:2021'],
      owaspApi: ['API1:2023'],
      asvs: ['V8.2.2', 'V8.3.1'],
      pciDss: ['7.2.1', '7.3.1', '6.2.4'],
      soc2: ['CC6.1', 'CC6.3'],
    },
    requires: 'two-accounts',
    enableWith: ENABLE.accounts,
    fix: {
      topic: 'authz',
      lead: "Check on the server that the object belongs to the session's user before returning it.",
    },
  },
  {
    id: 'SG-AUTH-MISSING',
    title: 'Owned object served without any session',
    passed: 'owned objects refused without a session',
    category: 'authorization',
    severity: 'high',
    description:
      'An object meant only for its logged-in owner is returned to a request that carries no session at all. ' +
      "The scanner replays the owner's object requests with every session carrier removed and confirms when " +
      "the owner's data comes back; resources on the public allow-list are skipped.",
    references: {
      cwe: ['CWE-306', 'CWE-862'],
      owaspTop10: ['A01:2021', 'A07:2021'],
      owaspApi: ['API1:2023', 'API2:2023'],
      asvs: ['V8.2.2', 'V8.3.1'],
      pciDss: ['7.2.1', '7.3.1', '6.2.4'],
      soc2: SOC2_ACCESS,
    },
    requires: 'two-accounts',
    enableWith: ENABLE.accounts,
    fix: {
      topic: 'authz',
      lead: 'Require a valid session before serving an owned object.',
    },
  },
  {
    id: 'SG-IDOR-ENUM',
    title: 'Object ids are guessable (sequential or time-based)',
    passed: 'object ids showed no guessable structure',
    category: 'authorization',
    severity: 'low',
    description:
      "Ids of owned objects follow a counter or a clock, so an attacker can list other users' objects instead " +
      'of having to learn their ids. The token analysis is applied to the object ids the accounts discovered; ' +
      'raised only together with the cross-account test, which says whether guessing an id is enough.',
    references: {
      cwe: ['CWE-340'],
      owaspTop10: ['A01:2021'],
      owaspApi: ['API1:2023'],
      asvs: ['V8.2.2'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'two-accounts',
    enableWith: ENABLE.accounts,
    fix: {
      topic: 'authz',
      lead: 'Use random object ids (128 bits) instead of sequential or time-based ones; the ownership check stays the real fix.',
    },
  },
]
