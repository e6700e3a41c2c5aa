import type { Severity } from '../model/finding.js'
import type { GateRecord, ScanReport } from '../model/report.js'
import { gate, type GateResult } from '../run/gate.js'
import type { Baseline } from './baseline.js'

/** What the CLI and the Action fail on when nobody said: a high or critical finding breaks the build. */
export const DEFAULT_FAIL_ON: Severity = 'high'

export interface GateChoice {
  /** undefined: the default (high); 'none': findings never fail the gate. */
  failOn?: Severity | 'none'
  threshold?: number
  baseline?: Baseline
  /** Families or ids that must have run (config require:). */
  require?: string[]
}

/** Judges a triaged report and records the decision in it (report.gate), so the JSON says what the build was held to. */
export function judge(report: ScanReport, choice: GateChoice): { report: ScanReport; verdict: GateResult } {
  const failOn = choice.failOn ?? DEFAULT_FAIL_ON
  const verdict = gate(report, {
    ...(failOn !== 'none' ? { failOn } : {}),
    ...(choice.threshold !== undefined ? { threshold: choice.threshold } : {}),
    ...(choice.require?.length ? { require: choice.require } : {}),
  })
  const record: GateRecord = {
    failOn,
    failOnSource: choice.failOn === undefined ? 'default' : 'config',
    ...(choice.threshold !== undefined ? { threshold: choice.threshold } : {}),
    ...(choice.baseline
      ? { baseline: { scanId: choice.baseline.scanId, target: choice.baseline.target, startedAt: choice.baseline.startedAt } }
      : {}),
    passed: verdict.passed,
    reasons: verdict.reasons,
  }
  return { report: { ...report, gate: record }, verdict }
}
