import { CATEGORIES, CHECK_IDS, SCAN_CHECK_IDS, SOURCE_CHECK_IDS, type CheckId, type CheckOutcome } from '../model/finding.js'
import type { Coverage, Score } from '../model/report.js'
import { CHECKS } from '../checks/registry.js'
import { ConfigError } from '../errors.js'

// A score is only as good as the attacks behind it: a scan that ran 5 checks out of 18 must not read
// like a clean bill of health. Coverage counts the checks whose attack ran (passed or failed); the
// fixation family decides whether the grade may stand on its own.

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']

/** `catalogue`: the checks the report answers for (a scan's by default; see model/catalogue.ts). */
export function coverageOf(outcomes: CheckOutcome[], catalogue: readonly CheckId[] = SCAN_CHECK_IDS): Coverage {
  const ran = outcomes.filter((o) => o.status === 'passed' || o.status === 'failed').length
  const notTested = outcomes
    .filter((o) => o.status === 'not-tested' || o.status === 'error')
    .map((o) => ({
      id: o.id,
      reason: o.status === 'error' ? `inconclusive: ${o.reason ?? 'no answer'}` : (o.reason ?? 'not run'),
      ...(o.enableWith ? { enable: o.enableWith } : {}),
    }))
  return { ran, total: catalogue.length, notTested }
}

/** Complete when every fixation check ran: the scanner's reason to exist; for a source check alone, when every source check ran. */
export function isComplete(outcomes: CheckOutcome[], kind?: 'check'): boolean {
  const required: readonly CheckId[] = kind === 'check' ? SOURCE_CHECK_IDS : FIXATION
  return required.every((id) => outcomes.some((o) => o.id === id && (o.status === 'passed' || o.status === 'failed')))
}

/** "A (18 of 18 checks ran)" or "A (incomplete: 5 of 18 checks ran)": the letter never travels without its coverage. */
// (the word "checks" also covers the source checks: "A (3 of 3 checks ran)" for sessionguard check)
export function gradeLabel(score: Score, coverage: Coverage, complete: boolean): string {
  return `${score.grade} (${complete ? '' : 'incomplete: '}${coverage.ran} of ${coverage.total} checks ran)`
}

/** Expands `require` entries (families or SG-* ids) to check ids; an unknown entry is a config error. */
export function requiredChecks(entries: string[]): CheckId[] {
  const out = new Set<CheckId>()
  for (const raw of entries) {
    const e = raw.trim()
    if ((CHECK_IDS as readonly string[]).includes(e.toUpperCase())) out.add(e.toUpperCase() as CheckId)
    else if ((CATEGORIES as readonly string[]).includes(e.toLowerCase())) {
      for (const id of CHECK_IDS) if (CHECKS[id].category === e.toLowerCase()) out.add(id)
    } else
      throw new ConfigError(
        `require: ${JSON.stringify(raw)} is neither a check id (${CHECK_IDS.join(', ')}) nor a family (${CATEGORIES.join(', ')})`,
      )
  }
  return [...out]
}
