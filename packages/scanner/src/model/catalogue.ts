import { CATEGORIES, CHECK_IDS, FAMILY_IDS, SCAN_CHECK_IDS, SOURCE_CHECK_IDS, type Category, type CheckId } from './vocabulary.js'
import type { ScanReport } from './report.js'

// Which checks a report answers for: a scan the black-box catalogue, `sessionguard check` the
// source checks, a scan with --source both. Coverage, the check tables of every format and the
// category scores are drawn over this list, so a check that was never in play is not shown as a gap.

export function catalogueOf(report: Pick<ScanReport, 'kind' | 'source'>): readonly CheckId[] {
  if (report.kind === 'check') return SOURCE_CHECK_IDS
  return report.source ? CHECK_IDS : SCAN_CHECK_IDS
}

export function categoriesOf(report: Pick<ScanReport, 'kind' | 'source'>): Category[] {
  const ids = new Set<CheckId>(catalogueOf(report))
  return CATEGORIES.filter((c) => FAMILY_IDS[c].some((id) => ids.has(id)))
}
