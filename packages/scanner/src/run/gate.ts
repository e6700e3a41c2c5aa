import { SEVERITIES, type Finding, type Severity } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import { requiredChecks } from './coverage.js'

export interface GateOptions {
  /** Fail when a finding of this severity or worse is present. */
  failOn?: Severity
  /** Fail when the score is below this. */
  threshold?: number
  /** Families or SG-* ids that must have run (config `require`, `--require`). */
  require?: string[]
}

export interface GateResult {
  passed: boolean
  /** 0 passed, 1 failed (the CLI's exit codes). */
  exitCode: 0 | 1
  reasons: string[]
}

function atOrAbove(f: Finding, level: Severity): boolean {
  return SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(level)
}

/** The CI decision: findings at or over --fail-on, a required check that did not run, or a score under --threshold. */
export function gate(report: ScanReport, opts: GateOptions): GateResult {
  const reasons: string[] = []
  if (opts.failOn) {
    const hits = report.findings.filter((f) => atOrAbove(f, opts.failOn!))
    if (hits.length) reasons.push(`${hits.length} finding(s) at or above ${opts.failOn}: ${[...new Set(hits.map((f) => f.id))].join(', ')}`)
  }
  if (opts.require?.length) {
    const missing = report.checks.filter(
      (c) => requiredChecks(opts.require!).includes(c.id) && c.status !== 'passed' && c.status !== 'failed',
    )
    if (missing.length) reasons.push(`required check(s) did not run: ${missing.map((c) => `${c.id} (${c.reason ?? c.status})`).join('; ')}`)
  }
  if (opts.threshold !== undefined && report.score.value < opts.threshold)
    reasons.push(`score ${report.score.value} is under the threshold ${opts.threshold}`)
  return { passed: reasons.length === 0, exitCode: reasons.length ? 1 : 0, reasons }
}
