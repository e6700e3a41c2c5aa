import type { ScanConfig, ScanConfigInput } from '../config/schema.js'
import { resolveConfig } from '../config/load.js'
import type { Severity } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import { assertIgnoreCurrent } from '../triage/apply.js'
import { applyBaseline, readBaseline } from '../triage/baseline.js'
import { judge } from '../triage/gate-record.js'
import type { GateResult } from './gate.js'
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
  /** The gate when the config sets no fail_on: 'high' (the CLI's and the Action's default) unless the front-end says otherwise. */
  defaultFailOn?: Severity | 'none'
}

export interface Assessment {
  report: ScanReport
  /** The CI decision from fail_on (default high), threshold and baseline; also recorded in report.gate. */
  verdict: GateResult
  /** Whether the verdict could fail anything (fail_on other than none, or a threshold). */
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
  // everything that can refuse the run (an expired acceptance, an unreadable baseline) does so before the first request
  assertIgnoreCurrent(config.ignore)
  const baseline = config.baseline ? await readBaseline(config.baseline) : undefined
  const { history, redact, defaultFailOn, ...scanOpts } = opts
  // --source (or the Action's input) wins over the config's source:
  const fromConfig = typeof config.source === 'string' ? { dir: config.source } : config.source
  const source = scanOpts.source ?? fromConfig
  const raw = await scan(config, { ...scanOpts, ...(source ? { source } : {}) })
  const redacted = redact ? redact(raw) : raw
  const failOn = config.fail_on ?? defaultFailOn
  const { report, verdict } = judge(baseline ? applyBaseline(redacted, baseline) : redacted, {
    ...(failOn ? { failOn } : {}),
    ...(config.threshold !== undefined ? { threshold: config.threshold } : {}),
    ...(baseline ? { baseline } : {}),
    ...(config.require.length ? { require: config.require } : {}),
  })
  const gated = report.gate?.failOn !== 'none' || config.threshold !== undefined || config.require.length > 0
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
