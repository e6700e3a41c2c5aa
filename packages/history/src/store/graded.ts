import { evidencedGrade, type ScanReport } from '@sessionguard/scanner'

/**
 * A stored report as it reads today: no letter when no fixation check ran. Reports saved by scanners
 * from before the grade could be null carry a letter for such a scan (a login-less "A"); the history,
 * the diff and the dashboard show them the way a new report of the same scan would read.
 */
export function graded(report: ScanReport): ScanReport {
  const grade = evidencedGrade(report.score, report.checks)
  return grade === report.score.grade ? report : { ...report, score: { ...report.score, grade } }
}
