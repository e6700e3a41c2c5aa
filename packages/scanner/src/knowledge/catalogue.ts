import type { Category, CheckId, References, Severity } from '../model/finding.js'

// The one table of what each check proves and where it sits in the standards auditors ask about.
// Findings copy their title, category, default severity and references from here (findings/make.ts),
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
//  - SOC 2 (2017 Trust Services Criteria): CC6.1 logical access security, CC6.3 access to data based on
//    roles and least privilege, CC6.7 protection of information during transmission.

export type CheckRequirement = 'nothing' | 'login' | 'login+logout' | 'tokens' | 'two-accounts'

export interface CheckInfo {
  id: CheckId
  title: string
  category: Category
  /** Default severity; a probe may lower it (e.g. a cookie not proven to carry the session). */
  severity: Severity
  /** What the check proves and how the scanner proves it. */
  description: string
  references: References
  /** The configuration the check needs to run at all. */
  requires: CheckRequirement
  /** The flags or config keys that enable the check when they are missing. */
  enableWith?: string
}

const LOGIN_FLAGS = '--login-url/--username/--password-env/--check-url (or login: in the config file)'
const LOGOUT_FLAGS = `${LOGIN_FLAGS} and --logout-url (or logout:)`
const TOKEN_FLAGS = '--tokens N (or tokens: { samples: N } in the config file)'
const ACCOUNTS_FLAGS = 'two accounts: --account name:username:PASSWORD_ENV twice, or login.credentials as a list / accounts: in the config file'

// Shared reference sets: every check of a family cites the same standards, with check-specific
// additions spelled out in the entries below.
const SESSION_PCI = ['6.2.4']
const SOC2_ACCESS = ['CC6.1']

const entries: CheckInfo[] = [
  {
    id: 'SG-FIX-ADOPT',
    title: 'Session fixation: client-invented session id adopted at login',
    category: 'fixation',
    severity: 'critical',
    description:
      'An identifier the server never issued becomes the authenticated session of the user who logs in with it. ' +
      'The scanner plants a freshly invented id (in the session cookie, a session header, the query string or a ' +
      ';jsessionid-style path parameter), lets the victim log in carrying it, then replays the attacker\'s copy ' +
      'against the protected check URL: reaching it as the victim confirms the takeover.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: LOGIN_FLAGS,
  },
  {
    id: 'SG-PERMISSIVE',
    title: 'Invented session id accepted before login (permissive session handling)',
    category: 'fixation',
    severity: 'low',
    description:
      'The server keeps session state under an identifier the client made up, but replaces it at login, so no ' +
      'takeover follows. The scanner sends an invented id, sees the server store state under it (no new id is ' +
      'issued and the state is kept on the next request), then sees a different id issued at login. Without a ' +
      'login only the first half is observed, and the finding stays tentative.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-FIX-LOGIN',
    title: 'Session fixation: pre-login session id still valid after login',
    category: 'fixation',
    severity: 'high',
    description:
      'The identifier the server issued to an anonymous visitor is kept as the authenticated session after login. ' +
      'The attacker obtains a pre-login id where anyone can (the login page, pages named in login.pre, the root, ' +
      'the check URL, a repeated visit, one failed login with an unknown account, then same-origin links and GET ' +
      'forms within login.discovery requests), the victim logs in carrying it (every cookie of the set the session ' +
      'needs, through every carrier the server honours), and the attacker replays that id on the protected check ' +
      'URL: access as the victim confirms it. No pre-login id found: not tested, with the pages tried.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: LOGIN_FLAGS,
  },
  {
    id: 'SG-FIX-OLDID',
    title: 'Old session id still authenticates after rotation at login',
    category: 'fixation',
    severity: 'high',
    description:
      'A new identifier is issued at login, but the previous one was not invalidated on the server and now ' +
      'reaches the authenticated session too. The scanner replays the pre-login id it found (as for SG-FIX-LOGIN) ' +
      'after login on the protected check URL.',
    references: {
      cwe: ['CWE-384', 'CWE-613'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: LOGIN_FLAGS,
  },
  {
    id: 'SG-LOGOUT',
    title: 'Session still valid on the server after logout',
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
    enableWith: LOGOUT_FLAGS,
  },
  {
    id: 'SG-URL',
    title: 'Session id accepted in or leaked into URLs',
    category: 'fixation',
    severity: 'medium',
    description:
      'The session identifier travels in URLs, where it ends up in logs, browser history and Referer headers, ' +
      'and where a link is enough to plant it. The scanner checks whether the id is accepted from a query ' +
      'parameter or a path parameter (;jsessionid=) and whether the server writes it into Location headers or ' +
      'links in its pages.',
    references: {
      cwe: ['CWE-598'],
      owaspTop10: ['A04:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V14.2.1'],
      pciDss: SESSION_PCI,
      soc2: ['CC6.1', 'CC6.7'],
    },
    requires: 'nothing',
  },
  {
    id: 'SG-TOKEN-ENTROPY',
    title: 'Session ids carry too little entropy',
    category: 'tokens',
    severity: 'high',
    description:
      'The effective entropy of issued session ids is too small to resist guessing: under 64 bits is reported at ' +
      'the default severity, under 128 bits (the ASVS minimum) as a lower finding. The scanner collects a sample ' +
      'of fresh ids and estimates effective bits per character position with a statistical battery.',
    references: {
      cwe: ['CWE-331', 'CWE-330'],
      owaspTop10: ['A02:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V11.5.1'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'tokens',
    enableWith: TOKEN_FLAGS,
  },
  {
    id: 'SG-TOKEN-PREDICT',
    title: 'Session ids are predictable',
    category: 'tokens',
    severity: 'critical',
    description:
      'Issued ids follow a structure an attacker can extrapolate: a counter, a timestamp, a hash of a counter or ' +
      'time, or a time-based UUID (version 1). The scanner samples ids and runs structure detectors on them, not ' +
      'only statistics, and reports the structure it found.',
    references: {
      cwe: ['CWE-330', 'CWE-340'],
      owaspTop10: ['A02:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V11.5.1'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'tokens',
    enableWith: TOKEN_FLAGS,
  },
  {
    id: 'SG-COOKIE-HTTPONLY',
    title: 'Session cookie without HttpOnly',
    category: 'cookies',
    severity: 'medium',
    description:
      'The cookie that carries the session can be read by page scripts, so any script injection steals the ' +
      'session. Read from the Set-Cookie attributes across the whole flow; full severity only for the cookie ' +
      'proven to carry the session, never for a CSRF cookie that scripts must read.',
    references: {
      cwe: ['CWE-1004'],
      owaspTop10: ['A05:2021'],
      owaspApi: ['API8:2023'],
      asvs: ['V3.3.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-COOKIE-SECURE',
    title: 'Session cookie without Secure',
    category: 'cookies',
    severity: 'medium',
    description:
      'The session cookie may be sent over plain HTTP, where anyone on the path can read it. Read from the ' +
      'Set-Cookie attributes across the whole flow, including the cookie issued at login.',
    references: {
      cwe: ['CWE-614'],
      owaspTop10: ['A05:2021'],
      owaspApi: ['API8:2023'],
      asvs: ['V3.3.1'],
      pciDss: SESSION_PCI,
      soc2: ['CC6.1', 'CC6.7'],
    },
    requires: 'nothing',
  },
  {
    id: 'SG-COOKIE-SAMESITE',
    title: 'Session cookie without a restrictive SameSite attribute',
    category: 'cookies',
    severity: 'low',
    description:
      'The session cookie has no SameSite attribute or SameSite=None, so browsers attach it to cross-site ' +
      'requests and cross-site request forgery stays possible. Read from the Set-Cookie attributes.',
    references: {
      cwe: ['CWE-1275'],
      owaspTop10: ['A01:2021'],
      owaspApi: ['API8:2023'],
      asvs: ['V3.3.2'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-COOKIE-SCOPE',
    title: 'Session cookie scoped wider than needed (Domain/Path)',
    category: 'cookies',
    severity: 'low',
    description:
      'The session cookie sets a Domain attribute, so every sibling subdomain receives it and can overwrite it ' +
      '(a way to plant a fixed id), or its Path is narrower or wider than the application. Read from the ' +
      'Set-Cookie attributes.',
    references: {
      cwe: ['CWE-668'],
      owaspTop10: ['A01:2021', 'A05:2021'],
      owaspApi: ['API8:2023'],
      asvs: ['V3.3.3'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-COOKIE-PREFIX',
    title: 'Session cookie without the __Host- prefix',
    category: 'cookies',
    severity: 'info',
    description:
      'The session cookie name lacks the __Host- (or at least __Secure-) prefix, so the browser does not stop a ' +
      'sibling subdomain or a plain-HTTP response from setting it, which is how a fixed id is planted. Read ' +
      'from the cookie name and attributes.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A05:2021', 'A07:2021'],
      owaspApi: ['API8:2023'],
      asvs: ['V3.3.1', 'V3.3.3'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-COOKIE-PERSISTENT',
    title: 'Session cookie persists on disk (Expires/Max-Age)',
    category: 'cookies',
    severity: 'low',
    description:
      'The session cookie carries Expires or Max-Age, so it is written to disk and survives closing the browser, ' +
      'often far beyond any sensible session lifetime. Read from the Set-Cookie attributes; the lifetime found ' +
      'is reported.',
    references: {
      cwe: ['CWE-539'],
      owaspTop10: ['A04:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.3.2'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
  },
  {
    id: 'SG-EXPIRY',
    title: 'No server-side session expiry, or a lifetime beyond policy',
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
    enableWith: LOGIN_FLAGS,
  },
  {
    id: 'SG-IDOR',
    title: "One account's session reads another account's objects (BOLA/IDOR)",
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
    enableWith: ACCOUNTS_FLAGS,
  },
  {
    id: 'SG-AUTH-MISSING',
    title: 'Owned object served without any session',
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
    enableWith: ACCOUNTS_FLAGS,
  },
  {
    id: 'SG-IDOR-ENUM',
    title: 'Object ids are guessable (sequential or time-based)',
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
    enableWith: ACCOUNTS_FLAGS,
  },
]

function byId(list: CheckInfo[]): Readonly<Record<CheckId, CheckInfo>> {
  const table = {} as Record<CheckId, CheckInfo>
  for (const entry of list) {
    // Frozen so that a probe cannot alter the shared references of every later finding.
    table[entry.id] = Object.freeze({ ...entry, references: freezeReferences(entry.references) })
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
