import { CATEGORIES, CHECK_IDS, SCAN_CHECK_IDS, SOURCE_CHECK_IDS, type CheckId, type CheckOutcome } from '../model/finding.js'
import type { Coverage, Grade, Score } from '../model/report.js'
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

const ran = (outcomes: readonly CheckOutcome[], id: CheckId): boolean =>
  outcomes.some((o) => o.id === id && (o.status === 'passed' || o.status === 'failed'))

/** Complete when every fixation check ran: the scanner's reason to exist; for a source check alone, when every source check ran. */
export function isComplete(outcomes: readonly CheckOutcome[], kind?: 'check'): boolean {
  const required: readonly CheckId[] = kind === 'check' ? SOURCE_CHECK_IDS : FIXATION
  return required.every((id) => ran(outcomes, id))
}

/** Whether a letter may be given at all: at least one takeover check (SG-FIX-ADOPT, -LOGIN, -OLDID) attacked the login. */
export function fixationRan(outcomes: readonly CheckOutcome[]): boolean {
  return FIXATION.some((id) => ran(outcomes, id))
}

/**
 * The letter the evidence supports: none when no fixation check ran, whatever the value says (a scan
 * without a login sees no takeover, so a clean score there proves nothing about one; nor does a source
 * check, which attacks nothing). Also applied to reports saved before the grade could be null, which
 * carry a letter for such a scan.
 */
export function evidencedGrade(score: Pick<Score, 'grade'>, outcomes: readonly CheckOutcome[]): Grade | null {
  return fixationRan(outcomes) ? score.grade : null
}

/**
 * "A (18 of 18 checks ran)", "A (incomplete: 5 of 18 checks ran)", or with no letter
 * "— (incomplete: fixation not tested; 1 of 18 checks ran)"; a source check alone (`kind: 'check'`)
 * "— (source check, no attack ran; 3 of 3 checks ran)": the grade never travels without its coverage.
 */
export function gradeLabel(score: Pick<Score, 'grade'>, coverage: Coverage, complete: boolean, kind?: 'check'): string {
  const counted = `${coverage.ran} of ${coverage.total} checks ran`
  if (kind === 'check') return `— (source check, no attack ran; ${complete ? '' : 'incomplete: '}${counted})`
  if (score.grade === null) return `— (incomplete: fixation not tested; ${counted})`
  return `${score.grade} (${complete ? '' : 'incomplete: '}${counted})`
}

/** The checks the scan's budget cut (not tested because it ran out), for front-ends that say how many. */
export function cutByBudget(report: { budgetExhausted?: string; checks: readonly CheckOutcome[] }): CheckId[] {
  const spent = report.budgetExhausted
  if (!spent) return []
  return report.checks.filter((c) => c.status === 'not-tested' && c.reason?.includes(spent)).map((c) => c.id)
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
