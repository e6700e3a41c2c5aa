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
  const secs = (ms: number): string => `${Math.round(ms / 100) / 10}`
  const submitted = p?.visited.filter((v) => v.method && v.method !== 'GET' && v.via !== 'failed login').map((v) => `${v.method} ${v.path}`)
  const preLogin = p
    ? `${p.issuedBy ? `pre-login session from ${p.issuedBy.path} (${p.issuedBy.via}${p.issuedBy.request ? `, issued by ${p.issuedBy.request}` : ''}${p.issuedBy.natural ? '' : ', not a page a victim browses'})` : `no pre-login session found on ${p.visited.map((v) => v.path).join(', ')}`}; discovery used ${p.used} of ${p.budget} requests${p.browser ? `; attacker's browser: ${p.browser.pages} of ${p.browser.pageBudget} pages, ${secs(p.browser.timeMs)} of ${secs(p.browser.timeBudgetMs)} s` : ''}${submitted?.length ? `; submitted: ${submitted.join(', ')}` : ''}`
    : undefined
  return { coverage, complete, label, ran: `${coverage.ran} of ${coverage.total} checks ran`, ...(preLogin ? { preLogin } : {}) }
}
