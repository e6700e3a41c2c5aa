import type { CheckId, References } from '../model/finding.js'
import type { CheckInfo } from './check-info.js'
import { FIXATION_CHECKS } from './fixation/meta.js'
import { LIFECYCLE_CHECKS } from './lifecycle/meta.js'
import { COOKIE_CHECKS } from './cookies/meta.js'
import { TOKEN_CHECKS } from './tokens/meta.js'
import { AUTHORIZATION_CHECKS } from './authorization/meta.js'
import { PRIVILEGE_CHECKS } from './privilege/meta.js'
import { SOURCE_CHECKS } from './source/meta.js'

// The registry: the one table of what each check proves and where it sits in the standards auditors ask about.
// Each family folder (fixation/, lifecycle/, cookies/, tokens/, authorization/) lists its checks in
// meta.ts beside the probes that run them; this file gathers them. Findings copy their title,
// category, default severity and references from here (make-finding.ts),
// and docs/checks.md is generated from it, so a mapping is changed in exactly one place.
//
// Reference ids are kept short and exact so they can be matched by tools; reference-names.ts turns
// them into readable titles. Sources, checked against the published texts:
//  - ASVS 5.0.0: V3.3 Cookie Setup (3.3.1 Secure + __Secure-/__Host-, 3.3.2 SameSite, 3.3.3 __Host-,
//    3.3.4 HttpOnly), V7.2 Fundamental Session Management Security (7.2.3 CSPRNG >= 128 bits,
//    7.2.4 new token on authentication, old one terminated), V7.3 Session Timeout (7.3.1 inactivity,
//    7.3.2 absolute lifetime), V7.4 Session Termination (7.4.1 no further use after logout/expiry),
//    V8.2 General Authorization Design (8.2.2 data-specific access, IDOR/BOLA), V8.3 Operation Level
//    Authorization (8.3.1 enforced at a trusted service layer), V11.5 Random Values (11.5.1),
//    V14.2 General Data Protection (14.2.1 no session token in URL or query string).
//  - PCI DSS 4.0: 6.2.4 (software engineering techniques against common attacks, including attacks on
//    identification/authentication/authorization mechanisms, on cryptography usage, and CSRF),
//    7.2.1 (access control model), 7.3.1 (access control system restricting by need to know),
//    8.2.8 (re-authentication after 15 minutes idle).
//  - ASVS 5.0.0 V6 Authentication: 6.3.2 MFA (or a combination of single factors) required, 6.3.3 every
//    pathway enforces the same strength; V7.5.3 further authentication before highly sensitive operations.
//  - PCI DSS 4.0: 8.4.2 MFA for all access into the CDE, 8.5.1 MFA systems not bypassable or replayable,
//    success of all factors required before access is granted.
//  - SOC 2 (2017 Trust Services Criteria): CC6.1 logical access security, CC6.3 access to data based on
//    roles and least privilege, CC6.7 protection of information during transmission.

export type { CheckInfo, CheckRequirement, CheckFix } from './check-info.js'

const entries: CheckInfo[] = [
  ...FIXATION_CHECKS,
  ...LIFECYCLE_CHECKS,
  ...COOKIE_CHECKS,
  ...TOKEN_CHECKS,
  ...AUTHORIZATION_CHECKS,
  ...PRIVILEGE_CHECKS,
  ...SOURCE_CHECKS,
]

function byId(list: CheckInfo[]): Readonly<Record<CheckId, CheckInfo>> {
  const table = {} as Record<CheckId, CheckInfo>
  for (const entry of list) {
    // Frozen so that a probe cannot alter the shared references of every later finding.
    table[entry.id] = Object.freeze({ ...entry, references: freezeReferences(entry.references), fix: Object.freeze({ ...entry.fix }) })
  }
  return Object.freeze(table)
}

function freezeReferences(refs: References): References {
  return Object.freeze({
    cwe: Object.freeze([...refs.cwe]) as string[],
    owaspTop10: Object.freeze([...refs.owaspTop10]) as string[],
    owaspApi: Object.freeze([...refs.owaspApi]) as string[],
    asvs: Object.freeze([...refs.asvs]) as string[],
    pciDss: Object.freeze([...refs.pciDss]) as string[],
    soc2: Object.freeze([...refs.soc2]) as string[],
  })
}

export const CHECKS: Readonly<Record<CheckId, CheckInfo>> = byId(entries)
