// Realistic reports for the renderer tests: what a scan of an Express app that never calls
// req.session.regenerate() produces, a clean scan, and a hostile target that puts markup, terminal
// escapes and XML-breaking bytes everywhere a server controls the evidence.
import { CHECKS } from '../../src/checks/registry.js'
import { coverageOf, isComplete } from '../../src/run/coverage.js'
import {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type CheckId,
  type CheckOutcome,
  type Confidence,
  type Exchange,
  type Finding,
  type ScanReport,
  type Severity,
} from '../../src/model/index.js'

export const TARGET = 'http://127.0.0.1:3000'

function finding(
  id: CheckId,
  parts: { summary: string; confidence: Confidence; evidence: Exchange[]; severity?: Severity; fix: string; snippet?: string },
): Finding {
  const info = CHECKS[id]
  return {
    id,
    title: info.title,
    severity: parts.severity ?? info.severity,
    confidence: parts.confidence,
    category: info.category,
    summary: parts.summary,
    carrier: { kind: 'cookie', name: 'connect.sid' },
    evidence: parts.evidence,
    references: structuredClone({ ...info.references }),
    remediation: { framework: 'express', text: parts.fix, ...(parts.snippet ? { snippet: parts.snippet } : {}) },
  }
}

const planted = 's%3Aatk0…[80]'
const victimLogin: Exchange = {
  actor: 'victim',
  note: 'victim logs in carrying the planted id',
  request: {
    method: 'POST',
    url: `${TARGET}/login`,
    headers: { cookie: `connect.sid=${planted}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'sessionguard/0.1.0' },
    body: 'username=alice%40example.com&password=********',
  },
  response: { status: 302, headers: { location: '/account', 'x-powered-by': 'Express', 'content-length': '0' } },
  durationMs: 4.2,
}

export function sampleReport(): ScanReport {
  const findings: Finding[] = [
    finding('SG-COOKIE-SAMESITE', {
      summary: 'The session cookie connect.sid is issued without a SameSite attribute.',
      confidence: 'firm',
      evidence: [
        {
          actor: 'anonymous',
          note: 'first visit issues the session cookie',
          request: { method: 'GET', url: `${TARGET}/login`, headers: {} },
          response: {
            status: 200,
            headers: { 'set-cookie': ['connect.sid=s%3Aabcd…[80]; Path=/; HttpOnly'], 'content-type': 'text/html' },
          },
        },
      ],
      fix: 'Set cookie.sameSite to "lax" (or "strict") in the express-session options.',
      snippet: "app.use(session({ secret, cookie: { sameSite: 'lax', secure: true, httpOnly: true } }))",
    }),
    finding('SG-FIX-ADOPT', {
      summary:
        'An invented id planted in cookie connect.sid became alice\'s authenticated session: after alice logged in carrying it, the attacker\'s copy of that id reached /account and the page showed "alice@example.com".',
      confidence: 'confirmed',
      evidence: [
        {
          actor: 'attacker',
          note: "attacker invents an id and plants it in the victim's browser",
          request: { method: 'GET', url: `${TARGET}/login`, headers: { cookie: `connect.sid=${planted}` } },
          response: {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: '<form method="post" action="/login"><input name="username">',
          },
        },
        victimLogin,
        {
          actor: 'attacker',
          note: 'attacker replays the planted id on the protected page',
          request: { method: 'GET', url: `${TARGET}/account`, headers: { cookie: `connect.sid=${planted}` } },
          response: {
            status: 200,
            headers: { 'content-type': 'text/html' },
            body: '<h1>Account</h1><p>Signed in as alice@example.com</p>',
          },
        },
      ],
      fix: 'Call req.session.regenerate() when the user logs in, then set the user on the new session.',
      snippet: [
        "app.post('/login', async (req, res, next) => {",
        '  const user = await authenticate(req.body)',
        '  req.session.regenerate((err) => {',
        '    if (err) return next(err)',
        '    req.session.userId = user.id',
        "    res.redirect('/account')",
        '  })',
        '})',
      ].join('\n'),
    }),
    finding('SG-LOGOUT', {
      summary: "After POST /logout answered 302, replaying the authenticated id on /account still returned alice's page.",
      confidence: 'confirmed',
      evidence: [
        {
          actor: 'victim',
          note: 'victim logs out',
          request: { method: 'POST', url: `${TARGET}/logout`, headers: { cookie: 'connect.sid=s%3Avict…[80]' } },
          response: { status: 302, headers: { location: '/login' } },
        },
        {
          actor: 'attacker',
          note: 'replay of the id after logout',
          request: { method: 'GET', url: `${TARGET}/account`, headers: { cookie: 'connect.sid=s%3Avict…[80]' } },
          response: { status: 200, headers: {}, body: 'Signed in as alice@example.com' },
        },
      ],
      fix: 'Call req.session.destroy() in the logout handler and clear the cookie.',
    }),
    finding('SG-COOKIE-SECURE', {
      summary: 'The session cookie connect.sid is issued without the Secure attribute.',
      confidence: 'firm',
      evidence: [
        {
          actor: 'victim',
          note: 'cookie issued at login',
          request: { method: 'POST', url: `${TARGET}/login`, headers: {} },
          response: { status: 302, headers: { 'set-cookie': 'connect.sid=s%3Anew0…[80]; Path=/; HttpOnly', location: '/account' } },
        },
      ],
      fix: 'Set cookie.secure to true (behind a proxy, also app.set("trust proxy", 1)).',
    }),
  ]

  const outcome = (id: CheckId, status: CheckOutcome['status'], reason?: string, enableWith?: string): CheckOutcome => ({
    id,
    status,
    ...(reason ? { reason } : {}),
    ...(enableWith ? { enableWith } : {}),
  })
  const checks: CheckOutcome[] = [
    outcome('SG-FIX-ADOPT', 'failed'),
    outcome('SG-PERMISSIVE', 'passed', 'invented id replaced by a fresh one before login'),
    outcome('SG-FIX-LOGIN', 'passed', 'pre-login id no longer reaches /account after login'),
    outcome('SG-FIX-OLDID', 'passed', 'no second id issued at login'),
    outcome('SG-LOGOUT', 'failed'),
    outcome('SG-URL', 'passed', 'query and ;jsessionid carriers ignored; no id in Location headers'),
    outcome('SG-TOKEN-ENTROPY', 'passed', '200 samples, 190.2 effective bits'),
    outcome('SG-TOKEN-PREDICT', 'passed', 'no counter, timestamp or UUIDv1 structure'),
    outcome('SG-COOKIE-HTTPONLY', 'passed'),
    outcome('SG-COOKIE-SECURE', 'failed'),
    outcome('SG-COOKIE-SAMESITE', 'failed'),
    outcome('SG-COOKIE-SCOPE', 'passed'),
    outcome('SG-COOKIE-PREFIX', 'error', 'the scan budget ran out before this check'),
    outcome('SG-COOKIE-PERSISTENT', 'passed'),
    outcome('SG-EXPIRY', 'not-tested', 'the timed idle test is off by default', '--idle-test 35m (or tokens.idle in the config file)'),
    outcome('SG-IDOR', 'not-tested', 'needs two accounts', CHECKS['SG-IDOR'].enableWith),
    outcome('SG-AUTH-MISSING', 'passed', 'no owned object served without a session'),
    outcome('SG-IDOR-ENUM', 'not-tested', 'needs two accounts', CHECKS['SG-IDOR-ENUM'].enableWith),
    // a login without login.mfa or stepup: the privilege family is not tested, as a real scan says
    outcome('SG-FIX-MFA', 'not-tested', 'login.mfa is not configured', CHECKS['SG-FIX-MFA'].enableWith),
    outcome('SG-MFA-PARTIAL', 'not-tested', 'login.mfa is not configured', CHECKS['SG-MFA-PARTIAL'].enableWith),
    outcome('SG-FIX-STEPUP', 'not-tested', 'stepup is not configured', CHECKS['SG-FIX-STEPUP'].enableWith),
  ]

  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'sessionguard', version: '0.1.0' },
    scanId: '2025-01-01T10-00-00Z-7f3a9c',
    target: TARGET,
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:01.240Z',
    durationMs: 1240,
    requestCount: 57,
    framework: { id: 'express', name: 'Express (connect)', confidence: 'high', signals: ['cookie connect.sid', 'X-Powered-By: Express'] },
    session: {
      loginConfigured: true,
      carrier: { kind: 'cookie', name: 'connect.sid' },
      provenBy: 'dropping cookie connect.sid lost access to /account; dropping XSRF-TOKEN did not',
      issued: [
        { kind: 'cookie', name: 'connect.sid' },
        { kind: 'cookie', name: 'XSRF-TOKEN' },
      ],
    },
    score: {
      value: 38,
      grade: 'F',
      categories: { fixation: 20, lifecycle: 70, cookies: 80, tokens: 100, authorization: 100, privilege: 100 },
    },
    coverage: coverageOf(checks),
    complete: isComplete(checks),
    gradeLabel: `F (${isComplete(checks) ? '' : 'incomplete: '}${coverageOf(checks).ran} of 21 checks ran)`,
    findings,
    checks,
    tokens: {
      samples: 200,
      effectiveBits: 190.2,
      verdict: 'no structure found; entropy well above 128 bits',
      method: 'per-position Shannon entropy, bias-corrected (Miller-Madow)',
      // "s:" prefix constant, then base64url of 24 random bytes, then a dot and a signature
      positionEntropy: [
        0,
        0,
        ...Array.from({ length: 32 }, (_, i) => 5.6 + ((i * 7) % 5) / 20),
        0,
        ...Array.from({ length: 8 }, () => 5.4),
      ],
      encoding: 'base64url',
    },
    notes: ['Secure cookies issued over http:// on loopback were still sent back: a scanner is not a browser.'],
  }
}

/** Everything passed, nothing to fix. */
export function cleanReport(): ScanReport {
  const r = sampleReport()
  r.findings = []
  r.checks = r.checks.map((c) => (c.status === 'failed' || c.status === 'error' ? { id: c.id, status: 'passed' } : c))
  r.score = {
    value: 100,
    grade: 'A',
    categories: { fixation: 100, lifecycle: 100, cookies: 100, tokens: 100, authorization: 100, privilege: 100 },
  }
  r.coverage = coverageOf(r.checks)
  r.gradeLabel = `A (${r.coverage.ran} of 21 checks ran)`
  r.notes = []
  delete r.tokens
  return r
}

/** Strings a hostile target can put in a report, each aimed at one format's parser. */
export const HOSTILE = {
  script: '<script>alert("sg-xss")</script>',
  attr: '"><img src=x onerror=alert(2)>',
  ansi: '\u001b[2J\u001b[31mPWNED\u001b]8;;http://127.0.0.1:9/\u0007link\u001b]8;;\u0007',
  bidi: 'abc\u202Eexe.txt',
  xmlBreakers: 'nul\u0000 ff\uffff lone\ud800 ]]> <!-- &amp;',
  fence: '```\n# injected heading\n```',
  pipe: 'a | b | c',
} as const

export function hostileReport(): ScanReport {
  const r = sampleReport()
  const hostileBody = `${HOSTILE.script}${HOSTILE.fence}${HOSTILE.xmlBreakers}${'A'.repeat(20_000)}`
  const f = r.findings.find((x) => x.id === 'SG-FIX-ADOPT')!
  f.summary = `Planted id reached /account. ${HOSTILE.pipe} ${HOSTILE.ansi}`
  f.carrier = { kind: 'cookie', name: `sid${HOSTILE.attr}` }
  f.evidence.push({
    actor: 'attacker',
    note: `replay ${HOSTILE.bidi}`,
    request: { method: 'GET', url: `${TARGET}/account?x=${encodeURIComponent(HOSTILE.script)}`, headers: { 'x-session-id': HOSTILE.attr } },
    response: {
      status: 200,
      headers: {
        'set-cookie': [`evil=${HOSTILE.script}; Path=/`, `x=${HOSTILE.xmlBreakers}`],
        location: `/next${HOSTILE.attr}`,
        'x-session-token': `${HOSTILE.ansi}${HOSTILE.fence}`,
      },
      body: hostileBody,
    },
  })
  r.framework = { ...r.framework, signals: [...r.framework.signals, `Server: ${HOSTILE.script}`] }
  r.session.issued.push({ kind: 'header', name: `X-${HOSTILE.attr}` })
  r.notes.push(`server said ${HOSTILE.script} ${HOSTILE.xmlBreakers}`)
  r.checks = r.checks.map((c) => (c.id === 'SG-IDOR' ? { ...c, reason: `needs two accounts ${HOSTILE.script}` } : c))
  return r
}
