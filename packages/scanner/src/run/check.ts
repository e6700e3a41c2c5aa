import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { SOURCE_CHECK_IDS, CHECK_IDS, type CheckOutcome, type Finding, type Severity } from '../model/finding.js'
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type ScanReport } from '../model/report.js'
import { catalogueOf } from '../model/catalogue.js'
import { SCANNER_VERSION } from '../version.js'
import { FRAMEWORK_NAMES } from '../knowledge/fingerprint.js'
import { checkSource, type SourceOptions, type SourceResult } from '../source/index.js'
import { joinSource, type LoginRoute } from '../source/join.js'
import { applyTriage, assertIgnoreCurrent } from '../triage/apply.js'
import { applyBaseline, readBaseline } from '../triage/baseline.js'
import { judge } from '../triage/gate-record.js'
import type { ChecksSelection, IgnoreEntry } from '../config/triage-schema.js'
import { requiredChecks, coverageOf, gradeLabel, isComplete } from './coverage.js'
import { scoreFindings } from './score.js'
import type { GateResult } from './gate.js'

// `sessionguard check DIR` as a report of the same model as a scan (kind: 'check'), triaged, gated and
// recorded the same way; and the join of a finished scan with a check of its source (--source).

// scan() loads this module only for --source, and reaches the parsers through it
export { checkSource }

export interface CheckRunOptions extends SourceOptions {
  checks?: ChecksSelection
  ignore?: readonly IgnoreEntry[]
  baseline?: string
  failOn?: Severity | 'none'
  /** When neither failOn nor a config says: the CLI's default (high). */
  defaultFailOn?: Severity | 'none'
  threshold?: number
  require?: string[]
}

export function withCoverage(report: ScanReport): ScanReport {
  const coverage = coverageOf(report.checks, catalogueOf(report))
  const complete = isComplete(report.checks, report.kind)
  return { ...report, coverage, complete, gradeLabel: gradeLabel(report.score, coverage, complete, report.kind) }
}

/** The report of a source check alone, before triage. */
export function checkReport(result: SourceResult, dir: string, started: Date, cwd = process.cwd()): ScanReport {
  const finished = new Date()
  const findings = sortFindings(result.findings)
  const score = scoreFindings(findings, result.outcomes, { source: true })
  const report: ScanReport = {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'sessionguard', version: SCANNER_VERSION },
    scanId: randomUUID(),
    kind: 'check',
    target: pathToFileURL(resolve(cwd, dir)).href,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    requestCount: 0,
    framework: {
      id: result.framework,
      name: FRAMEWORK_NAMES[result.framework],
      confidence: result.framework === 'generic' ? 'low' : 'high',
      signals: result.summary.handlers ? [`${result.summary.handlers} handler(s) in the source`] : [],
    },
    session: { loginConfigured: false, issued: [] },
    score,
    coverage: { ran: 0, total: 0, notTested: [] },
    complete: false,
    gradeLabel: '',
    findings,
    checks: result.outcomes,
    notes: result.summary.skipped.length
      ? [`Left out of the check: ${result.summary.skipped.slice(0, 20).join('; ')}${result.summary.skipped.length > 20 ? '; …' : ''}`]
      : [],
    source: result.summary,
  }
  return withCoverage(report)
}

/** Adds a source check to a finished scan: findings joined by the login route, outcomes, coverage over both catalogues. */
export function addSource(report: ScanReport, result: SourceResult, login: LoginRoute | undefined): ScanReport {
  const joined = joinSource(report, result, login)
  const findings = sortFindings(joined.findings)
  const checks: CheckOutcome[] = [...report.checks.filter((c) => !SOURCE_CHECK_IDS.includes(c.id as never)), ...result.outcomes]
  const notes = [...report.notes]
  if (result.summary.skipped.length) notes.push(`Left out of the source check: ${result.summary.skipped.slice(0, 20).join('; ')}`)
  return withCoverage({
    ...joined,
    findings,
    checks,
    notes,
    score: scoreFindings(findings, checks, { source: true }),
    source: result.summary,
  })
}

export interface CheckAssessment {
  report: ScanReport
  verdict: GateResult
  gated: boolean
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info']
function sortFindings(f: Finding[]): Finding[] {
  return [...f].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || CHECK_IDS.indexOf(a.id) - CHECK_IDS.indexOf(b.id),
  )
}

/** Triage (checks, ignore), baseline and gate for a report, as assess() does for scans. */
export async function settle(report: ScanReport, opts: CheckRunOptions): Promise<CheckAssessment> {
  const triaged = withCoverage(
    applyTriage(report, { ...(opts.checks ? { checks: opts.checks } : {}), ...(opts.ignore ? { ignore: opts.ignore } : {}) }),
  )
  const baseline = opts.baseline ? await readBaseline(opts.baseline) : undefined
  const failOn = opts.failOn ?? opts.defaultFailOn
  const { report: judged, verdict } = judge(baseline ? applyBaseline(triaged, baseline) : triaged, {
    ...(failOn ? { failOn } : {}),
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    ...(baseline ? { baseline } : {}),
    ...(opts.require?.length ? { require: opts.require } : {}),
  })
  const gated = judged.gate?.failOn !== 'none' || opts.threshold !== undefined || Boolean(opts.require?.length)
  return { report: judged, verdict, gated }
}

/** `sessionguard check DIR`: check, triage, gate. */
export async function assessSource(dir: string, opts: CheckRunOptions = {}): Promise<CheckAssessment> {
  assertIgnoreCurrent(opts.ignore)
  if (opts.require?.length) requiredChecks(opts.require)
  // an unreadable baseline refuses the run before any work, as for scans
  if (opts.baseline) await readBaseline(opts.baseline)
  const started = new Date()
  const result = await checkSource(dir, opts)
  return settle(checkReport(result, dir, started, opts.cwd), opts)
}
