import type { Coverage, Grade, ScanReport } from '../model/report.js'
import { catalogueOf } from '../model/catalogue.js'
import { coverageOf, evidencedGrade, gradeLabel, isComplete } from '../run/coverage.js'

export interface CoverageFacts {
  coverage: Coverage
  complete: boolean
  /** The letter every format shows: null (no letter) when no fixation check ran, also for a report saved with one. */
  grade: Grade | null
  /** "A (incomplete: 5 of 18 checks ran)", "— (incomplete: fixation not tested; 1 of 18 checks ran)". */
  label: string
  /** "5 of 18 checks ran". */
  ran: string
  /** "pre-login session from / (root); discovery used 1 of 10 requests", when a login ran. */
  preLogin?: string
}

/**
 * The same coverage words for every renderer. The label is derived from the checks, not copied from the
 * report: a report saved before coverage existed, or before a scan without fixation lost its letter,
 * reads the same as a new one.
 */
export function coverageFacts(r: ScanReport): CoverageFacts {
  const coverage = r.coverage ?? coverageOf(r.checks, catalogueOf(r))
  const complete = r.complete ?? isComplete(r.checks, r.kind)
  const grade = evidencedGrade(r.score, r.checks)
  const label = gradeLabel({ grade }, coverage, complete, r.kind)
  const p = r.session.preLogin
  const secs = (ms: number): string => `${Math.round(ms / 100) / 10}`
  const submitted = p?.visited.filter((v) => v.method && v.method !== 'GET' && v.via !== 'failed login').map((v) => `${v.method} ${v.path}`)
  const preLogin = p
    ? `${p.issuedBy ? `pre-login session from ${p.issuedBy.path} (${p.issuedBy.via}${p.issuedBy.request ? `, issued by ${p.issuedBy.request}` : ''}${p.issuedBy.natural ? '' : ', not a page a victim browses'})` : `no pre-login session found on ${p.visited.map((v) => v.path).join(', ')}`}; discovery used ${p.used} of ${p.budget} requests${p.browser ? `; attacker's browser: ${p.browser.pages} of ${p.browser.pageBudget} pages, ${secs(p.browser.timeMs)} of ${secs(p.browser.timeBudgetMs)} s` : ''}${submitted?.length ? `; submitted: ${submitted.join(', ')}` : ''}`
    : undefined
  return { coverage, complete, grade, label, ran: `${coverage.ran} of ${coverage.total} checks ran`, ...(preLogin ? { preLogin } : {}) }
}
