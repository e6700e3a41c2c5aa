import type { Finding, GateResult, ScanReport, Severity } from '@sessionguard/scanner'
import { SEVERITIES, coverageOf, evidencedGrade, gradeLabel, isComplete } from '@sessionguard/scanner'
import type { StoredScan } from './scan-store.js'

// What an assistant needs to decide its next step, without the evidence: findings with what was
// proven, the gaps (not tested and why), and the gate. The evidence is one get_scan away.

export interface FindingBrief {
  id: Finding['id']
  title: string
  severity: Severity
  confidence: Finding['confidence']
  category: Finding['category']
  summary: string
  carrier?: Finding['carrier']
}

export interface ScanBrief {
  scanId: string
  target: string
  startedAt: string
  durationMs: number
  requestCount: number
  /** score.grade is null when no fixation check ran: no letter without that evidence. */
  score: ScanReport['score']
  /** "A (incomplete: 5 of 18 checks ran)", "— (incomplete: fixation not tested; 1 of 18 checks ran)". */
  gradeLabel: string
  coverage: { ran: number; total: number; complete: boolean }
  framework: { id: string; name: string; confidence: string }
  findings: FindingBrief[]
  bySeverity: Record<Severity, number>
  notTested: Array<{ id: string; reason?: string; enableWith?: string }>
  errors: Array<{ id: string; reason?: string }>
  notes: string[]
  /** Set when the scan's time or request budget ran out: the checks it cut are in notTested with that reason. */
  budgetExhausted?: string
  gate?: GateResult
}

export interface ScanListItem {
  scanId: string
  target: string
  startedAt: string
  score: number
  /** null: no fixation check ran. */
  grade: string | null
  findings: number
  bySeverity: Record<Severity, number>
}

function bySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of findings) counts[f.severity] += 1
  return counts
}

export function briefOf({ report, gate }: StoredScan): ScanBrief {
  const coverage = report.coverage ?? coverageOf(report.checks)
  const complete = report.complete ?? isComplete(report.checks)
  const grade = evidencedGrade(report.score, report.checks)
  return {
    scanId: report.scanId,
    target: report.target,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    requestCount: report.requestCount,
    score: { ...report.score, grade },
    gradeLabel: gradeLabel({ grade }, coverage, complete),
    coverage: { ran: coverage.ran, total: coverage.total, complete },
    framework: { id: report.framework.id, name: report.framework.name, confidence: report.framework.confidence },
    findings: report.findings.map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      summary: f.summary,
      ...(f.carrier ? { carrier: f.carrier } : {}),
    })),
    bySeverity: bySeverity(report.findings),
    notTested: report.checks
      .filter((c) => c.status === 'not-tested')
      .map((c) => ({ id: c.id, ...(c.reason ? { reason: c.reason } : {}), ...(c.enableWith ? { enableWith: c.enableWith } : {}) })),
    errors: report.checks.filter((c) => c.status === 'error').map((c) => ({ id: c.id, ...(c.reason ? { reason: c.reason } : {}) })),
    notes: report.notes,
    ...(report.budgetExhausted ? { budgetExhausted: report.budgetExhausted } : {}),
    ...(gate ? { gate } : {}),
  }
}

export function listItemOf({ report }: StoredScan): ScanListItem {
  return {
    scanId: report.scanId,
    target: report.target,
    startedAt: report.startedAt,
    score: report.score.value,
    grade: evidencedGrade(report.score, report.checks),
    findings: report.findings.length,
    bySeverity: bySeverity(report.findings),
  }
}

/** A few lines an assistant (or a person reading the transcript) takes in at a glance. */
export function summaryText(brief: ScanBrief): string {
  const lines = [
    `Scan ${brief.scanId} of ${brief.target}: ${brief.score.grade === null ? `grade ${brief.gradeLabel}, score ${brief.score.value}/100 over the checks that ran (no letter: no fixation check ran; configure a login so the takeover checks run)` : `score ${brief.score.value}/100, grade ${brief.gradeLabel}`}; framework ${brief.framework.name} (${brief.framework.confidence} confidence).`,
  ]
  if (brief.findings.length === 0) lines.push('No findings.')
  else {
    lines.push(`${brief.findings.length} finding(s):`)
    for (const f of brief.findings) lines.push(`- ${f.id} ${f.severity} (${f.confidence}): ${f.title}`)
  }
  if (brief.notTested.length) {
    lines.push(
      `Not tested: ${brief.notTested.map((c) => c.id).join(', ')}${brief.notTested[0]?.enableWith ? ` (e.g. ${brief.notTested[0].id} needs ${brief.notTested[0].enableWith})` : ''}.`,
    )
  }
  if (brief.budgetExhausted)
    lines.push(
      `The scan's budget ran out (${brief.budgetExhausted}): the checks it cut are not tested, the findings proven before it stand; raise scope.budget / scope.max_requests (within this server's limits) for a complete scan.`,
    )
  if (brief.errors.length)
    lines.push(`Checks that errored: ${brief.errors.map((c) => `${c.id}${c.reason ? ` (${c.reason})` : ''}`).join(', ')}.`)
  if (brief.gate) lines.push(brief.gate.passed ? 'Gate: passed.' : `Gate: failed: ${brief.gate.reasons.join('; ')}.`)
  const first = brief.findings[0]
  lines.push(
    `Next: get_scan {"scan_id":"${brief.scanId}"} for the evidence` +
      (first ? `; explain_finding {"check_id":"${first.id}","scan_id":"${brief.scanId}"} for the fix.` : '.'),
  )
  return lines.join('\n')
}
