import { SCAN_CATEGORIES, type CheckOutcome, type Finding, type Severity } from '../model/finding.js'
import type { Grade, Score } from '../model/report.js'
import { fixationRan } from './coverage.js'

/** What one finding costs out of 100. Tentative findings cost half: they were not proven by an attack. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 40, high: 25, medium: 10, low: 4, info: 0 }

export function gradeFor(value: number): Grade {
  if (value >= 90) return 'A'
  if (value >= 80) return 'B'
  if (value >= 70) return 'C'
  if (value >= 60) return 'D'
  return 'F'
}

function cost(f: Finding): number {
  // a code finding the scan confirmed is the same weakness as the scan's finding: it is counted once
  if (f.code?.scan?.status === 'confirmed' && f.category === 'source') return 0
  const w = SEVERITY_WEIGHT[f.severity]
  return f.confidence === 'tentative' ? w / 2 : w
}

/**
 * 100 minus the weighted findings, floored at 0; a confirmed critical finding (an account takeover was
 * demonstrated) caps the score below the F line whatever else is right. Sub-scores apply the same
 * rule within each category. The letter needs evidence as well: with the outcomes of a scan in which
 * no fixation check ran, the grade is null (the value still sums what was found).
 */
export function scoreFindings(findings: Finding[], outcomes: readonly CheckOutcome[], opts: { source?: boolean } = {}): Score {
  const total = (list: Finding[]): number => {
    let v = Math.max(0, 100 - list.reduce((s, f) => s + cost(f), 0))
    if (list.some((f) => f.severity === 'critical' && f.confidence === 'confirmed')) v = Math.min(v, 40)
    return Math.round(v)
  }
  const categories = Object.fromEntries(
    SCAN_CATEGORIES.map((c) => [c, total(findings.filter((f) => f.category === c))]),
  ) as Score['categories']
  if (opts.source || findings.some((f) => f.category === 'source'))
    categories.source = total(findings.filter((f) => f.category === 'source'))
  const value = total(findings)
  return { value, grade: fixationRan(outcomes) ? gradeFor(value) : null, categories }
}
