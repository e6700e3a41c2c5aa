import type { References } from '../model/finding.js'

// Readable titles for every reference id the catalogue cites. A test requires each cited id to be
// listed here, which catches typos and ids nobody checked against the published standard.
// Titles are short paraphrases, not quotations.

export const REFERENCE_NAMES: Readonly<Record<keyof References, Readonly<Record<string, string>>>> = {
  cwe: {
    'CWE-287': 'Improper Authentication',
    'CWE-304': 'Missing Critical Step in Authentication',
    'CWE-306': 'Missing Authentication for Critical Function',
    'CWE-330': 'Use of Insufficiently Random Values',
    'CWE-331': 'Insufficient Entropy',
    'CWE-340': 'Generation of Predictable Numbers or Identifiers',
    'CWE-384': 'Session Fixation',
    'CWE-539': 'Use of Persistent Cookies Containing Sensitive Information',
    'CWE-598': 'Use of GET Request Method With Sensitive Query Strings',
    'CWE-613': 'Insufficient Session Expiration',
    'CWE-614': "Sensitive Cookie in HTTPS Session Without 'Secure' Attribute",
    'CWE-639': 'Authorization Bypass Through User-Controlled Key',
    'CWE-668': 'Exposure of Resource to Wrong Sphere',
    'CWE-862': 'Missing Authorization',
    'CWE-1004': "Sensitive Cookie Without 'HttpOnly' Flag",
    'CWE-1275': 'Sensitive Cookie with Improper SameSite Attribute',
    'CWE-1395': 'Dependency on Vulnerable Third-Party Component',
  },
  owaspTop10: {
    'A01:2021': 'Broken Access Control',
    'A02:2021': 'Cryptographic Failures',
    'A04:2021': 'Insecure Design',
    'A05:2021': 'Security Misconfiguration',
    'A06:2021': 'Vulnerable and Outdated Components',
    'A07:2021': 'Identification and Authentication Failures',
  },
  owaspApi: {
    'API1:2023': 'Broken Object Level Authorization',
    'API2:2023': 'Broken Authentication',
    'API8:2023': 'Security Misconfiguration',
  },
  asvs: {
    'V3.3.1': 'Cookie Setup: Secure attribute, and __Host- or __Secure- name prefix',
    'V3.3.2': "Cookie Setup: SameSite set according to the cookie's purpose",
    'V3.3.3': 'Cookie Setup: __Host- prefix unless the cookie is meant to be shared with other hosts',
    'V3.3.4': 'Cookie Setup: HttpOnly on cookies scripts need not read, such as session tokens',
    'V6.3.2': 'Multi-factor authentication (or a combination of single factors) required to use the application',
    'V6.3.3': 'Every authentication pathway enforces the same controls and strength',
    'V7.2.3': 'Reference session tokens unique, from a CSPRNG, at least 128 bits of entropy',
    'V7.2.4': 'New session token on authentication and re-authentication; the current one terminated',
    'V7.3.1': 'Inactivity timeout that enforces re-authentication',
    'V7.3.2': 'Absolute maximum session lifetime that enforces re-authentication',
    'V7.4.1': 'No further use of a session once terminated (logout or expiry)',
    'V7.5.3': 'Further authentication (a factor or secondary verification) before highly sensitive operations',
    'V8.2.2': 'Data-specific access restricted to consumers with explicit permission (IDOR/BOLA)',
    'V8.3.1': 'Authorization enforced at a trusted service layer',
    'V11.5.1': 'Non-guessable values from a CSPRNG with at least 128 bits of entropy',
    'V14.2.1': 'Sensitive data such as session tokens never in the URL or query string',
    'V15.2.1': 'Components kept within their documented update and remediation time frames',
  },
  pciDss: {
    '6.2.4': 'Engineering techniques prevent common software attacks (including on authentication, authorization and cryptography)',
    '6.3.3': 'System components protected from known vulnerabilities by installing applicable patches',
    '7.2.1': 'Access control model defined',
    '7.3.1': 'Access control system restricts access by need to know',
    '8.2.8': 'Re-authentication after more than 15 minutes idle',
    '8.4.2': 'Multi-factor authentication for all access into the cardholder data environment',
    '8.5.1': 'MFA not bypassable and not replayable; every factor must succeed before access is granted',
  },
  soc2: {
    'CC6.1': 'Logical access security software, infrastructure and architectures',
    'CC6.3': 'Access to data authorized, changed and removed by role, with least privilege',
    'CC6.7': 'Information restricted and protected during transmission',
    'CC7.1': 'Detection and monitoring procedures identify newly discovered vulnerabilities',
  },
}

/** "CWE-384 Session Fixation"; the bare id when the title is unknown. */
export function describeReference(kind: keyof References, id: string): string {
  const name = REFERENCE_NAMES[kind][id]
  return name ? `${id} ${name}` : id
}
