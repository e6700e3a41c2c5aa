import type { ScanConfig, ScanConfigInput } from '../config/schema.js'
import { resolveConfig } from '../config/load.js'
import type { ScanReport } from '../model/report.js'
import { gate, type GateResult } from './gate.js'
import { scan, type ScanOptions } from './scan.js'

/** Where a finished scan is recorded (a history store with its source bound, e.g. `(r) => store.save(r, { source: 'cli' })`). */
export interface HistorySink {
  save(report: ScanReport): Promise<unknown>
}

export interface AssessOptions extends ScanOptions {
  /** Record the scan here once it is redacted. */
  history?: HistorySink
  /** A last redaction pass over the finished report, for secrets only the caller knows (e.g. tool-call credentials). */
  redact?: (report: ScanReport) => ScanReport
}

export interface Assessment {
  report: ScanReport
  /** The CI decision from the config's fail_on and threshold (passed when neither is set). */
  verdict: GateResult
  /** Whether fail_on or threshold was set, i.e. whether the verdict decided anything. */
  gated: boolean
  /** Set when recording in the history failed; the scan itself succeeded, so the caller decides what that means. */
  historyError?: unknown
}

/**
 * The one way to run a scan, for every front-end (CLI, GitHub Action, MCP server): validate the
 * config, scan, redact, gate, record. Front-ends map their own inputs onto the config schema and
 * render from the returned report.
 */
/** `input` is validated here (a ScanConfigInput, or anything a front-end assembled: invalid input throws ConfigError). */
export async function assess(input: ScanConfigInput | ScanConfig | Record<string, unknown>, opts: AssessOptions = {}): Promise<Assessment> {
  const config = resolveConfig(input)
  const { history, redact, ...scanOpts } = opts
  const raw = await scan(config, scanOpts)
  const report = redact ? redact(raw) : raw
  const gated = config.fail_on !== undefined || config.threshold !== undefined
  const verdict = gate(report, {
    ...(config.fail_on ? { failOn: config.fail_on } : {}),
    ...(config.threshold !== undefined ? { threshold: config.threshold } : {}),
  })
  const assessment: Assessment = { report, verdict, gated }
  if (history) {
    try {
      await history.save(report)
    } catch (err) {
      assessment.historyError = err
    }
  }
  return assessment
}
