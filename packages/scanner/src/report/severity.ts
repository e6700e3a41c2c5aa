import { SEVERITIES, type Finding, type Severity } from '../model/finding.js'
import { CHECK_IDS } from '../model/finding.js'

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

/** Worst first; ties keep the catalogue's order so reports list findings the same way every run. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || CHECK_IDS.indexOf(a.id) - CHECK_IDS.indexOf(b.id),
  )
}

/** Counts per severity, every severity present (zero when none). */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of findings) counts[f.severity]++
  return counts
}
