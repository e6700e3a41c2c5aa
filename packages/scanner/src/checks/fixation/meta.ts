import type { CheckInfo } from '../check-info.js'
import { ENABLE, SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each fixation check proves, cites and needs, and the fix it leads with; the probes beside this file run them.
export const FIXATION_CHECKS: CheckInfo[] = [
  {
    id: 'SG-FIX-ADOPT',
    title: 'Session fixation: client-invented session id adopted at login',
    passed: "invented ids did not survive the victim's login",
    category: 'fixation',
    severity: 'critical',
    description:
      'An identifier the server never issued becomes the authenticated session of the user who logs in with it. ' +
      'The scanner plants a freshly invented id (in the session cookie, a session header, the query string or a ' +
      ";jsessionid-style path parameter), lets the victim log in carrying it, then replays the attacker's copy " +
      'against the protected check URL: reaching it as the victim confirms the takeover. It plants on the login ' +
      'page and, through every proven carrier, on every page (or script request, form, start sequence) where the ' +
      'pre-login discovery saw a fresh visitor given a session: there the invented id counts as kept when the ' +
      "server answers without replacing it and the victim's login page does not replace it either.",
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'login',
    enableWith: ENABLE.login,
    fix: {
      topic: 'rotate',
      lead: 'Stop accepting session ids the server did not issue, and issue a fresh id at login.',
    },
  },
  {
    id: 'SG-PERMISSIVE',
    title: 'Invented session id accepted before login (permissive session handling)',
    passed: 'invented ids were replaced or served as no session, never used before login',
    category: 'fixation',
    severity: 'low',
    description:
      'The server keeps session state under an identifier the client made up, but replaces it at login, so no ' +
      'takeover follows. The scanner sends an invented id where a fresh visitor is issued one (the login page, ' +
      'and with a login every place the pre-login discovery saw a session issued), sees it kept (no new id on ' +
      'that answer nor when the login page is opened with it) and used: the login page, opened twice carrying ' +
      'only the invented id, shows the same per-session value (an anti-CSRF token) both times and another one ' +
      "to the server's own session, or else the server sets the invented id itself in its Set-Cookie. An id " +
      'left alone without being used (a new token each time) is no finding, and when the pages show nothing ' +
      'per session and the server never sets the id, the check is not tested. Then it sees a different id ' +
      'issued at login. Without a login only the first half is observed (on the page that issues sessions).',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'nothing',
    fix: {
      topic: 'rotate',
      lead: 'Treat an unknown session id as no session and issue a server-generated one instead; rotation at login already prevents takeover, this closes the door earlier.',
    },
  },
  {
    id: 'SG-FIX-LOGIN',
    title: 'Session fixation: pre-login session id still valid after login',
    passed: 'a new session id was issued at login',
    category: 'fixation',
    severity: 'high',
    description:
      'The identifier the server issued to an anonymous visitor is kept as the authenticated session after login. ' +
      'The attacker obtains a pre-login id where anyone can (the login page, the steps of session.start, pages ' +
      'named in login.pre, the root, the check URL, a repeated visit, one failed login with an unknown account, ' +
      'then same-origin links and GET forms within the login.discovery budget, never a link or form that looks ' +
      "destructive; POST forms only with login.discovery.forms; in its own browser, running the pages' scripts, " +
      'for a browser login or login.discovery.browser), the victim logs in carrying it (every cookie of the set the session ' +
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
    enableWith: ENABLE.login,
    fix: {
      topic: 'rotate',
      lead: 'Issue a new session id when the user logs in and invalidate the pre-login one.',
    },
  },
  {
    id: 'SG-FIX-OLDID',
    title: 'Old session id still authenticates after rotation at login',
    passed: 'the pre-login id stopped working after login',
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
    enableWith: ENABLE.login,
    fix: {
      topic: 'rotate',
      lead: 'When the id is rotated at login, delete the old session on the server in the same step, not just stop sending it.',
    },
  },
  {
    id: 'SG-URL',
    title: 'Session id accepted in or leaked into URLs',
    passed: 'no session id accepted in or leaked into URLs',
    category: 'fixation',
    severity: 'medium',
    description:
      'The session identifier travels in URLs, where it ends up in logs, browser history and Referer headers, ' +
      'and where a link is enough to plant it. The scanner checks whether the id is accepted from a query ' +
      'parameter or a path parameter (;jsessionid=) and whether the server writes it into Location headers or ' +
      'links in its pages. A URL the scanner itself sent the id in, handed back (a login redirect echoing the ' +
      'requested URL into ?next=, in any escaping), is a reflection, not a leak: an id counts as leaked only ' +
      'where the server wrote it into a URL before any URL of the scanner held it.',
    references: {
      cwe: ['CWE-598'],
      owaspTop10: ['A04:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V14.2.1'],
      pciDss: SESSION_PCI,
      soc2: ['CC6.1', 'CC6.7'],
    },
    requires: 'nothing',
    fix: {
      topic: 'url',
      lead: 'Keep the session id out of URLs, in both directions.',
    },
  },
]
