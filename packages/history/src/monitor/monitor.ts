import type { ScanConfigInput, ScanReport } from '@sessionguard/scanner'
import { diffReports, type ScanDiff } from '../diff/diff.js'
import { targetKey } from '../store/target-key.js'
import type { HistoryStore } from '../store/types.js'
import { outageAlert, recoveredAlert, regressionAlert, type Alert, type AlertSink } from './alerts.js'
import { backoffDelay, sleep } from './sleep.js'
import type { MonitorTarget } from './targets.js'
import { terminalSafe } from './terminal-safe.js'

/** The scanner's `scan`, injected so the monitor can be tested without a network and reused by other front ends. */
export type ScanFn = (config: ScanConfigInput, opts: { signal?: AbortSignal }) => Promise<ScanReport>

export interface RetryPolicy {
  /** Scans tried per round while the target is unreachable (1 = no retry). */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface MonitorOptions {
  targets: MonitorTarget[]
  store: HistoryStore
  scanFn: ScanFn
  sinks: AlertSink[]
  retry?: Partial<RetryPolicy>
  /** Progress lines (one per round per target); stdout in the CLI. */
  log?: (line: string) => void
  now?: () => Date
}

export type RoundStatus = 'baseline' | 'unchanged' | 'regression' | 'improved' | 'down' | 'error' | 'config' | 'aborted'

export interface TargetRound {
  name: string
  target: string
  status: RoundStatus
  scanId?: string
  diff?: ScanDiff
  alerts: Alert[]
  attempts: number
  error?: string
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 2000, maxDelayMs: 60_000 }

// Only unreachability is worth retrying; a failed login or bad config will fail the same way again.
function isUnreachable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SG_TARGET_UNREACHABLE'
}

/**
 * The scanner refused the scan as misconfigured (exit code 2: a config value, an expired ignore entry, a
 * baseline file): a config to fix, not an outage of the target. A login that stopped giving access is the
 * exception: the target may have broken it, so it stays an error the monitor records and alerts on.
 */
function isConfigProblem(err: unknown): boolean {
  const e = err as { exitCode?: unknown; code?: unknown } | null
  return e?.exitCode === 2 && e.code !== 'SG_LOGIN_FAILED'
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export class Monitor {
  private readonly opts: MonitorOptions
  private readonly retry: RetryPolicy
  private readonly now: () => Date
  private readonly log: (line: string) => void

  constructor(opts: MonitorOptions) {
    this.opts = opts
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.now = opts.now ?? (() => new Date())
    const log = opts.log ?? (() => {})
    // every line can quote the target: printed with its control characters made visible
    this.log = (line) => log(terminalSafe(line))
  }

  /** One scan of every target, in order; what --once runs. */
  async runOnce(signal?: AbortSignal): Promise<TargetRound[]> {
    const out: TargetRound[] = []
    for (const t of this.opts.targets) {
      if (signal?.aborted) break
      out.push(await this.check(t, signal))
    }
    return out
  }

  /** Scans each target on its own interval until the signal aborts; resolves once the current scan has stopped. */
  async run(signal: AbortSignal): Promise<void> {
    const due = new Map<MonitorTarget, number>(this.opts.targets.map((t) => [t, this.now().getTime()]))
    while (!signal.aborted) {
      for (const t of this.opts.targets) {
        if (signal.aborted) return
        if (due.get(t)! > this.now().getTime()) continue
        try {
          await this.check(t, signal)
        } catch (err) {
          // a history store that failed once (disk full, DynamoDB throttled) must not end the monitor
          this.log(`${this.stamp()} ${t.name}: not recorded: ${(err as Error).message}`)
        }
        due.set(t, this.now().getTime() + t.everyMs)
      }
      const next = Math.min(...due.values())
      await sleep(Math.max(0, next - this.now().getTime()), signal)
    }
  }

  /** Scan one target (retrying while it is unreachable), record the outcome, diff it, alert on what got worse. */
  async check(t: MonitorTarget, signal?: AbortSignal): Promise<TargetRound> {
    const { store } = this.opts
    const configured = targetKey(t.config.target)

    let attempts = 0
    let report: ScanReport | undefined
    let failure: unknown
    for (;;) {
      attempts += 1
      try {
        report = await this.opts.scanFn(t.config, signal ? { signal } : {})
        break
      } catch (err) {
        failure = err
        if (signal?.aborted) return { name: t.name, target: configured, status: 'aborted', alerts: [], attempts }
        if (!isUnreachable(err) || attempts >= this.retry.attempts) break
        const wait = backoffDelay(attempts, this.retry.baseDelayMs, this.retry.maxDelayMs)
        this.log(`${this.stamp()} ${t.name}: unreachable (attempt ${attempts}/${this.retry.attempts}), retrying in ${wait} ms`)
        await sleep(wait, signal)
        if (signal?.aborted) return { name: t.name, target: configured, status: 'aborted', alerts: [], attempts }
      }
    }

    if (!report && isConfigProblem(failure)) {
      // nothing is recorded and nobody is alerted: the history of the target says nothing about a config mistake
      const message = failure instanceof Error ? failure.message : String(failure)
      const code = errorCode(failure)
      this.log(
        `${this.stamp()} ${t.name}: CONFIG ERROR, not scanned (not an outage; fix the target's config): ${message}${code ? ` [${code}]` : ''}`,
      )
      return { name: t.name, target: configured, status: 'config', alerts: [], attempts, error: message }
    }

    // History is keyed by the target the scanner reports (it may normalise the URL); read it before saving
    const key = report ? targetKey(report.target) : configured
    const wasOut = (await store.list(key)).at(-1)?.kind === 'down'
    const previous = report ? await store.latest(key) : undefined
    const at = this.stamp()
    if (!report) {
      const kind = isUnreachable(failure) ? 'down' : 'error'
      const message = failure instanceof Error ? failure.message : String(failure)
      const code = errorCode(failure)
      await store.recordOutage({ target: key, at, source: 'monitor', error: message, attempts, ...(code ? { code } : {}) })
      const alerts = wasOut ? [] : [outageAlert(kind, t.name, key, at, { message, attempts, ...(code ? { code } : {}) })]
      this.log(
        `${at} ${t.name}: ${kind === 'down' ? 'DOWN' : 'ERROR'} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}${wasOut ? ' (still)' : ''}`,
      )
      await this.deliver(alerts)
      return { name: t.name, target: key, status: kind, alerts, attempts, error: message }
    }

    const summary = await store.save(report, { source: 'monitor' })
    const alerts: Alert[] = []
    if (wasOut) alerts.push(recoveredAlert(t.name, key, at, report.scanId, summary.grade, summary.score))
    if (!previous) {
      this.log(
        `${at} ${t.name}: baseline grade ${summary.grade} (score ${summary.score}), ${summary.findings} finding(s) [${report.scanId}]`,
      )
      await this.deliver(alerts)
      return { name: t.name, target: key, status: 'baseline', scanId: report.scanId, alerts, attempts }
    }
    const diff = diffReports(previous.report, report)
    if (diff.regression) alerts.push(regressionAlert(t.name, diff, at))
    const status: RoundStatus = diff.regression ? 'regression' : diff.grade.improved || diff.fixed.length > 0 ? 'improved' : 'unchanged'
    this.log(
      `${at} ${t.name}: grade ${diff.grade.before} → ${diff.grade.after} (score ${diff.score.before} → ${diff.score.after}), ` +
        `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.unchanged.length} unchanged` +
        (diff.unverified.length ? `, ${diff.unverified.length} not re-tested` : '') +
        ` [${report.scanId}]`,
    )
    await this.deliver(alerts)
    return { name: t.name, target: key, status, scanId: report.scanId, diff, alerts, attempts }
  }

  private stamp(): string {
    return this.now().toISOString()
  }

  private async deliver(alerts: Alert[]): Promise<void> {
    for (const a of alerts) await Promise.all(this.opts.sinks.map((s) => s.send(a)))
  }
}
