import type { Coverage, ScanReport } from '../model/report.js'
import { coverageOf, gradeLabel, isComplete } from '../run/coverage.js'

export interface CoverageFacts {
  coverage: Coverage
  complete: boolean
  /** "A (incomplete: 5 of 18 checks ran)". */
  label: string
  /** "5 of 18 checks ran". */
  ran: string
  /** "pre-login session from / (root); discovery used 1 of 10 requests", when a login ran. */
  preLogin?: string
}

/** The same coverage words for every renderer; a report saved before coverage existed is measured from its checks. */
export function coverageFacts(r: ScanReport): CoverageFacts {
  const coverage = r.coverage ?? coverageOf(r.checks)
  const complete = r.complete ?? isComplete(r.checks)
  const label = r.gradeLabel ?? gradeLabel(r.score, coverage, complete)
  const p = r.session.preLogin
  const preLogin = p
    ? `${p.issuedBy ? `pre-login session from ${p.issuedBy.path} (${p.issuedBy.via}${p.issuedBy.natural ? '' : ', not a page a victim browses'})` : `no pre-login session found on ${p.visited.map((v) => v.path).join(', ')}`}; discovery used ${p.used} of ${p.budget} requests`
    : undefined
  return { coverage, complete, label, ran: `${coverage.ran} of ${coverage.total} checks ran`, ...(preLogin ? { preLogin } : {}) }
}
