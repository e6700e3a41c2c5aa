import type { Category, CheckId, CheckStatus, Finding } from '../model/finding.js'
import { catalogueOf } from '../model/catalogue.js'
import type { ScanReport, SuppressedFinding } from '../model/report.js'
import { CHECKS } from '../checks/registry.js'

/** One check of the catalogue as every format shows it: what happened to it, and its findings if any. */
export interface CheckRow {
  id: CheckId
  title: string
  /** What a passed check shows: what held ("session ended at logout"), not the problem's title. */
  held: string
  category: Category
  status: CheckStatus
  reason?: string
  enableWith?: string
  findings: Finding[]
  /** Findings of this check set aside by the ignore list or the baseline. */
  suppressed: SuppressedFinding[]
}

/**
 * Reconciles findings with check outcomes over the whole catalogue, so that a gap is never silent:
 * a finding makes its check failed whatever the outcome says, and a check the engine did not
 * mention at all is shown as not tested rather than dropped.
 */
export function checkRows(report: ScanReport): CheckRow[] {
  return catalogueOf(report).map((id) => {
    const outcome = report.checks.find((c) => c.id === id)
    const findings = report.findings.filter((f) => f.id === id)
    const info = CHECKS[id]
    const row: CheckRow = {
      id,
      title: info.title,
      held: info.passed,
      category: info.category,
      status: findings.length > 0 ? 'failed' : (outcome?.status ?? 'not-tested'),
      findings,
      suppressed: (report.suppressed ?? []).filter((x) => x.finding.id === id),
    }
    if (outcome?.reason) row.reason = outcome.reason
    else if (!outcome && findings.length === 0) row.reason = 'not reported by this scan'
    // the catalogue knows which flags a check needs, so a not-tested row always says how to enable it
    const enableWith = outcome?.enableWith ?? info.enableWith
    if (row.status === 'not-tested' && enableWith) row.enableWith = enableWith
    return row
  })
}
