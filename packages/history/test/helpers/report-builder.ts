// Realistic ScanReports for tests, shaped like the scanner's output: findings with evidence,
// references and remediation, checks for the whole catalogue, a score consistent with the findings.
// The model is imported by path: only its types and constants are needed, not the scan engine.
import { randomUUID } from 'node:crypto'
import {
  SCAN_CHECK_IDS,
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type Carrier,
  type Category,
  type CheckId,
  type CheckOutcome,
  type Exchange,
  type Finding,
  type Grade,
  type ScanReport,
  type Severity,
  type TokenSummary,
} from '../../../scanner/src/model/index.js'
import { coverageOf, fixationRan, gradeLabel, isComplete } from '../../../scanner/src/run/coverage.js'

const CATEGORY: Record<CheckId, Category> = {
  'SG-FIX-ADOPT': 'fixation',
  'SG-SRC-CLIENT-ID': 'source',
  'SG-SRC-NO-ROTATE': 'source',
  'SG-SRC-ADVISORY': 'source',
  'SG-PERMISSIVE': 'fixation',
  'SG-FIX-LOGIN': 'fixation',
  'SG-FIX-OLDID': 'fixation',
  'SG-LOGOUT': 'lifecycle',
  'SG-URL': 'lifecycle',
  'SG-TOKEN-ENTROPY': 'tokens',
  'SG-TOKEN-PREDICT': 'tokens',
  'SG-COOKIE-HTTPONLY': 'cookies',
  'SG-COOKIE-SECURE': 'cookies',
  'SG-COOKIE-SAMESITE': 'cookies',
  'SG-COOKIE-SCOPE': 'cookies',
  'SG-COOKIE-PREFIX': 'cookies',
  'SG-COOKIE-PERSISTENT': 'cookies',
  'SG-EXPIRY': 'lifecycle',
  'SG-IDOR': 'authorization',
  'SG-AUTH-MISSING': 'authorization',
  'SG-IDOR-ENUM': 'authorization',
  'SG-FIX-MFA': 'privilege',
  'SG-MFA-PARTIAL': 'privilege',
  'SG-FIX-STEPUP': 'privilege',
}

const DEFAULT_SEVERITY: Partial<Record<CheckId, Severity>> = {
  'SG-FIX-ADOPT': 'critical',
  'SG-FIX-LOGIN': 'high',
  'SG-FIX-OLDID': 'high',
  'SG-LOGOUT': 'medium',
  'SG-COOKIE-HTTPONLY': 'medium',
  'SG-COOKIE-SECURE': 'low',
  'SG-COOKIE-SAMESITE': 'low',
  'SG-TOKEN-ENTROPY': 'high',
}

const WEIGHT: Record<Severity, number> = { critical: 40, high: 25, medium: 10, low: 4, info: 0 }

export interface FindingSpec {
  id: CheckId
  title?: string
  severity?: Severity
  carrier?: Carrier | null
  evidence?: Exchange[]
  summary?: string
}

export function exchange(actor: string, method: string, url: string, status: number, extra: Partial<Exchange> = {}): Exchange {
  return {
    actor,
    note: `${actor} ${method} ${url}`,
    request: { method, url, headers: { cookie: 'connect.sid=s%3A<redacted:8f3a>' } },
    response: { status, headers: { 'set-cookie': ['connect.sid=s%3A<redacted:8f3a>; Path=/; HttpOnly'] }, body: '<p>Welcome alice</p>' },
    durationMs: 3,
    ...extra,
  }
}

export function finding(spec: FindingSpec): Finding {
  const f: Finding = {
    id: spec.id,
    title: spec.title ?? `${spec.id} title`,
    severity: spec.severity ?? DEFAULT_SEVERITY[spec.id] ?? 'medium',
    confidence: 'confirmed',
    category: CATEGORY[spec.id],
    summary: spec.summary ?? `The scanner proved ${spec.id} on the target.`,
    evidence: spec.evidence ?? [
      exchange('attacker', 'GET', 'http://127.0.0.1:3000/login', 200),
      exchange('victim', 'POST', 'http://127.0.0.1:3000/login', 302),
      exchange('attacker', 'GET', 'http://127.0.0.1:3000/account', 200),
    ],
    references: { cwe: ['CWE-384'], owaspTop10: ['A07:2021'], owaspApi: ['API2:2023'], asvs: ['V3.2.1'], pciDss: [], soc2: [] },
    remediation: {
      framework: 'express',
      text: 'Call req.session.regenerate() after a successful login.',
      snippet: 'req.session.regenerate(() => { ... })',
    },
  }
  const carrier = spec.carrier === undefined ? { kind: 'cookie' as const, name: 'connect.sid' } : spec.carrier
  if (carrier) f.carrier = carrier
  return f
}

function gradeFor(score: number): Grade {
  return score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 70 ? 'C' : score >= 60 ? 'D' : 'F'
}

export interface ReportSpec {
  target?: string
  startedAt?: string
  scanId?: string
  findings?: FindingSpec[]
  /** Checks reported not-tested (their findings, if any, are ignored by nobody: the builder does not drop them). */
  notTested?: CheckId[]
  tokens?: TokenSummary
  score?: number
}

export function buildReport(spec: ReportSpec = {}): ScanReport {
  const findings = (spec.findings ?? []).map(finding)
  const value = spec.score ?? Math.max(0, 100 - findings.reduce((n, f) => n + WEIGHT[f.severity], 0))
  const started = spec.startedAt ?? new Date().toISOString()
  const failed = new Set(findings.map((f) => f.id))
  const notTested = new Set(spec.notTested ?? [])
  const checks: CheckOutcome[] = SCAN_CHECK_IDS.map((id) =>
    notTested.has(id)
      ? { id, status: 'not-tested', reason: 'no login configured', enableWith: 'login' }
      : { id, status: failed.has(id) ? 'failed' : 'passed' },
  )
  const report: ScanReport = {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'sessionguard', version: '0.1.0' },
    scanId: spec.scanId ?? randomUUID(),
    target: spec.target ?? 'http://127.0.0.1:3000',
    startedAt: started,
    finishedAt: new Date(Date.parse(started) + 4200).toISOString(),
    durationMs: 4200,
    requestCount: 57,
    framework: { id: 'express', name: 'Express (connect)', confidence: 'high', signals: ['cookie connect.sid', 'X-Powered-By: Express'] },
    session: {
      loginConfigured: true,
      carrier: { kind: 'cookie', name: 'connect.sid' },
      provenBy: 'dropping connect.sid lost access to /account',
      issued: [{ kind: 'cookie', name: 'connect.sid' }],
    },
    score: {
      value,
      grade: fixationRan(checks) ? gradeFor(value) : null,
      categories: { fixation: value, lifecycle: 100, cookies: 100, tokens: 100, authorization: 100, privilege: 100 },
    },
    coverage: coverageOf(checks),
    complete: isComplete(checks),
    gradeLabel: gradeLabel({ grade: fixationRan(checks) ? gradeFor(value) : null }, coverageOf(checks), isComplete(checks)),
    findings,
    checks,
    notes: ['Secure cookies were replayed over http because the target is on loopback.'],
  }
  if (spec.tokens) report.tokens = spec.tokens
  return report
}

export function tokenSummary(positions = 32, bits = 3.9): TokenSummary {
  return {
    samples: 500,
    effectiveBits: Math.round(positions * bits),
    verdict: 'strong',
    method: 'per-position Shannon entropy, min over estimators',
    positionEntropy: Array.from({ length: positions }, (_, i) => (i < 4 ? 0.5 : bits)),
    encoding: 'base64url',
  }
}

/** An ISO time `minutes` after a fixed origin, so orderings in tests do not depend on the clock. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000).toISOString()
}
