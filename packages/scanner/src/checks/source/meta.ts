import type { CheckInfo } from '../check-info.js'
import { ENABLE, SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each source check finds, cites and needs, and the fix it leads with. They run over a
// project's files (src/source/ holds the parsers, the shapes and the advisory data), not against a
// running target: a finding is a pattern in the code or a version in a lockfile, tentative until a
// scan with --source confirms it through the same handler.
export const SOURCE_CHECKS: CheckInfo[] = [
  {
    id: 'SG-SRC-CLIENT-ID',
    title: 'Login stores the session under an id the client sent',
    passed: 'no login handler keys a stored session with an id from the request',
    category: 'source',
    severity: 'critical',
    description:
      'A login handler reads the session id from the request (a cookie, a header or a query parameter) and uses it as ' +
      'the key of the session item it stores (DynamoDB PutItem/UpdateItem, through helpers included), so an id an ' +
      "attacker planted becomes the victim's authenticated session. Found by parsing the code (TypeScript/JavaScript, " +
      'Python, Rust) and following the value from the request to the store key inside one handler.',
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'source',
    enableWith: ENABLE.source,
    fix: {
      topic: 'rotate',
      lead: 'Generate the session id on the server at login (a CSPRNG, never a value from the request) and delete the session the request arrived with.',
    },
  },
  {
    id: 'SG-SRC-NO-ROTATE',
    title: 'Login writes the user into the existing session without a new id',
    passed: 'every login that writes the user into a server-side session rotates it',
    category: 'source',
    severity: 'high',
    description:
      'A login handler writes the user into the server-side session the request arrived with (express-session, ' +
      '@fastify/session, NestJS, koa-session with a store, Flask-Session, Django, tower-sessions) and nothing on that ' +
      'path rotates the id (regenerate(), cycle_key(), login(), cycle_id()), so a pre-login id planted in the ' +
      "victim's browser is authenticated by the victim's login.",
    references: {
      cwe: ['CWE-384'],
      owaspTop10: ['A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'source',
    enableWith: ENABLE.source,
    fix: {
      topic: 'rotate',
      lead: 'Rotate the session at login, before the user is written into it.',
    },
  },
  {
    id: 'SG-SRC-ADVISORY',
    title: 'Dependency with a published session-fixation advisory',
    passed: 'no locked version inside a known session-fixation advisory',
    category: 'source',
    severity: 'high',
    description:
      'A lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, requirements pins, poetry.lock, uv.lock, Pipfile.lock, ' +
      'Cargo.lock) resolves a package to a version inside the affected range of a published session-fixation advisory ' +
      '(passport before 0.6.0, @fastify/passport before 2.3.0, express-openid-connect 2.3.0 to 2.5.1, aiohttp-session ' +
      'before 2.4.0, …). The resolved version counts, not the range a manifest asks for.',
    references: {
      cwe: ['CWE-384', 'CWE-1395'],
      owaspTop10: ['A06:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.4', 'V15.2.1'],
      pciDss: ['6.3.3'],
      soc2: ['CC7.1'],
    },
    requires: 'source',
    enableWith: ENABLE.source,
    fix: {
      topic: 'rotate',
      lead: 'Upgrade the package to a fixed version (the finding names it) and regenerate the lockfile.',
    },
  },
]
