import type { CheckInfo } from '../check-info.js'
import { SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each cookies check proves, cites and needs, and the fix it leads with; the probes beside this file run them.
export const COOKIE_CHECKS: CheckInfo[] = [
  {
    id: 'SG-COOKIE-HTTPONLY',
    title: 'Session cookie without HttpOnly',
    passed: 'no session cookie without HttpOnly',
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
    fix: {
      topic: 'cookies',
      lead: 'Mark the session cookie HttpOnly.',
    },
  },
  {
    id: 'SG-COOKIE-SECURE',
    title: 'Session cookie without Secure',
    passed: 'no session cookie without Secure',
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
    fix: {
      topic: 'cookies',
      lead: 'Mark the session cookie Secure and serve the application over HTTPS only.',
    },
  },
  {
    id: 'SG-COOKIE-SAMESITE',
    title: 'Session cookie without a restrictive SameSite attribute',
    passed: 'no session cookie without SameSite=Lax or Strict',
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
    fix: {
      topic: 'cookies',
      lead: 'Give the session cookie SameSite=Lax (or Strict when cross-site navigation need not stay logged in).',
    },
  },
  {
    id: 'SG-COOKIE-SCOPE',
    title: 'Session cookie scoped wider than needed (Domain/Path)',
    passed: 'no session cookie scoped to other hosts',
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
    fix: {
      topic: 'cookies',
      lead: 'Drop the Domain attribute so the session cookie is host-only, and use Path=/.',
    },
  },
  {
    id: 'SG-COOKIE-PREFIX',
    title: 'Session cookie without the __Host- prefix',
    passed: 'no session cookie without the __Host- prefix',
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
    fix: {
      topic: 'cookies',
      lead: 'Name the session cookie with the __Host- prefix (Secure, Path=/, no Domain) so no other origin can set it.',
    },
  },
  {
    id: 'SG-COOKIE-PERSISTENT',
    title: 'Session cookie persists on disk (Expires/Max-Age)',
    passed: 'no session cookie kept on disk',
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
    fix: {
      topic: 'cookies',
      lead: 'Issue the session cookie without Expires or Max-Age, and keep lifetime decisions on the server.',
    },
  },
]
