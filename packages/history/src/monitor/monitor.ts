import type { ScanConfigInput, ScanReport } from '@sessionguard/scanner'
import { diffReports, type ScanDiff } from '../diff/diff.js'
import { roundLabel, roundOf, roundStart } from '../fleet/rounds.js'
import { formatShard, shardOf, type Shard } from '../fleet/shard.js'
import type { HistoryStore, TargetRegistration } from '../store/types.js'
import { outageAlert, recoveredAlert, regressionAlert, type Alert, type AlertSink } from './alerts.js'
import { backoffDelay, sleep } from './sleep.js'
import { DEFAULT_LIMITS, Slots, type ConcurrencyLimits, type SlotNeeds } from './slots.js'
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
  /** Scans at once: in all, per origin, with a browser login (default 1, 1, 1). */
  limits?: Partial<ConcurrencyLimits>
  /**
   * This worker's share of a sharded targets file (`targets` holds only that share). A sharded worker
   * claims each target's round before scanning it, so a restarted or duplicated worker never scans a
   * target twice in one round, and retires registrations of its fleet that fell out of the file.
   */
  shard?: Shard
  /** The fleet the targets file describes (registrations of other fleets are never retired). */
  fleet?: string
  /** Who this worker is, in claims ("shard 1/3, pid 42"). */
  worker?: string
}

export type RoundStatus = 'baseline' | 'unchanged' | 'regression' | 'improved' | 'down' | 'error' | 'config' | 'aborted' | 'skipped'

export interface TargetRound {
  name: string
  target: string
  status: RoundStatus
  scanId?: string
  diff?: ScanDiff
  alerts: Alert[]
  attempts: number
  error?: string
  /** Time of the entry recorded (ms), which decides the round it counts for; for 'skipped', the round's time. */
  at?: number
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

/** What a target's scan occupies: its origin, and a browser when it logs in with one. */
export function slotNeeds(t: MonitorTarget): SlotNeeds {
  let origin: string
  try {
    origin = new URL(t.config.target).origin
  } catch {
    origin = t.key
  }
  const login = (t.config as { login?: { type?: unknown } }).login
  return { origin, browser: login?.type === 'browser' }
}

export class Monitor {
  private readonly opts: MonitorOptions
  private readonly retry: RetryPolicy
  private readonly limits: ConcurrencyLimits
  private readonly now: () => Date
  private readonly log: (line: string) => void

  constructor(opts: MonitorOptions) {
    this.opts = opts
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits }
    this.now = opts.now ?? (() => new Date())
    const log = opts.log ?? (() => {})
    // every line can quote the target: printed with its control characters made visible
    this.log = (line) => log(terminalSafe(line))
  }

  /** One scan of every target, up to the concurrency limits; what --once runs. Results in the order of the targets. */
  async runOnce(signal?: AbortSignal): Promise<TargetRound[]> {
    await this.register()
    const results = new Map<MonitorTarget, TargetRound>()
    const slots = new Slots(this.limits)
    const queue = [...this.opts.targets]
    const running = new Set<Promise<void>>()
    while ((queue.length > 0 || running.size > 0) && !signal?.aborted) {
      for (const t of [...queue]) {
        const needs = slotNeeds(t)
        if (!slots.canStart(needs)) continue
        queue.splice(queue.indexOf(t), 1)
        slots.start(needs)
        const p: Promise<void> = this.check(t, signal)
          .then((r) => void results.set(t, r))
          .finally(() => {
            slots.finish(needs)
            running.delete(p)
          })
        running.add(p)
      }
      if (running.size > 0) await Promise.race(running)
    }
    // a stop lets the scans in flight end (they have the signal); their outcome is still returned
    await Promise.allSettled(running)
    return this.opts.targets.flatMap((t) => results.get(t) ?? [])
  }

  /**
   * Scans each target once per round of its interval (see fleet/rounds.ts), up to the concurrency
   * limits, until the signal aborts; resolves once the scans in flight have stopped. A target that
   * already has an entry in the current round (a restarted worker) waits for the next round.
   */
  async run(signal: AbortSignal): Promise<void> {
    await this.register()
    const { targets, store } = this.opts
    const done = new Map<MonitorTarget, number>()
    for (const t of targets) {
      const last = (await store.state(t.key))?.lastEntryAt
      if (!last) continue
      const round = roundOf(Math.min(Date.parse(last), this.now().getTime()), t.everyMs)
      done.set(t, round)
      if (round >= roundOf(this.now().getTime(), t.everyMs))
        this.log(
          `${this.stamp()} ${t.name}: already has an entry in this round (${last}); next scan in the round from ${new Date(roundStart(round + 1, t.everyMs)).toISOString()}`,
        )
    }
    const slots = new Slots(this.limits)
    const running = new Map<MonitorTarget, Promise<void>>()
    while (!signal.aborted) {
      const nowMs = this.now().getTime()
      for (const t of targets) {
        if (signal.aborted) break
        if (running.has(t) || (done.get(t) ?? -Infinity) >= roundOf(nowMs, t.everyMs)) continue
        const needs = slotNeeds(t)
        if (!slots.canStart(needs)) continue
        slots.start(needs)
        const p = this.check(t, signal)
          .then((r) => {
            // the round its entry counts for; an entry stamped by a clock ahead of ours counts for our current round
            if (r.status !== 'aborted') done.set(t, roundOf(Math.min(Math.max(r.at ?? nowMs, nowMs), this.now().getTime()), t.everyMs))
          })
          .catch((err: unknown) => {
            // a history store that failed once (disk full, DynamoDB throttled) must not end the monitor; the next round tries again
            this.log(`${this.stamp()} ${t.name}: not recorded: ${(err as Error).message}`)
            done.set(t, roundOf(nowMs, t.everyMs))
          })
          .finally(() => {
            slots.finish(needs)
            running.delete(t)
          })
        running.set(t, p)
      }
      // wake for the next round of an idle target, a scan that ends (a free slot), or the stop
      // (a target that is due but found no free slot waits for a running scan to end, not for the clock)
      const waiting = targets.filter((t) => !running.has(t) && (done.get(t) ?? -Infinity) >= roundOf(nowMs, t.everyMs))
      const next = Math.min(...waiting.map((t) => roundStart(roundOf(nowMs, t.everyMs) + 1, t.everyMs)))
      const wait = Number.isFinite(next) ? Math.max(0, next - this.now().getTime()) : 2 ** 31 - 1
      const sleeper = new AbortController()
      const stop = (): void => sleeper.abort()
      signal.addEventListener('abort', stop, { once: true })
      await Promise.race([...running.values(), sleep(Math.min(wait, 2 ** 31 - 1), sleeper.signal)])
      sleeper.abort()
      signal.removeEventListener('abort', stop)
    }
    await Promise.allSettled(running.values())
  }

  /**
   * Scan one target (retrying while it is unreachable), record the outcome, diff it, alert on what got
   * worse. A sharded worker first claims the target's round and skips it when another worker has.
   */
  async check(t: MonitorTarget, signal?: AbortSignal): Promise<TargetRound> {
    const { store } = this.opts
    const key = t.key
    const begun = this.now().getTime()
    if (this.opts.shard) {
      const round = roundLabel(begun, t.everyMs)
      if (!(await store.claim({ target: key, round, kind: 'scan', by: this.worker() }))) {
        this.log(`${this.stamp()} ${t.name}: already scanned or being scanned in round ${round} by another worker; skipped`)
        return { name: t.name, target: key, status: 'skipped', alerts: [], attempts: 0, at: begun }
      }
    }

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
        if (signal?.aborted) return { name: t.name, target: key, status: 'aborted', alerts: [], attempts }
        if (!isUnreachable(err) || attempts >= this.retry.attempts) break
        const wait = backoffDelay(attempts, this.retry.baseDelayMs, this.retry.maxDelayMs)
        this.log(`${this.stamp()} ${t.name}: unreachable (attempt ${attempts}/${this.retry.attempts}), retrying in ${wait} ms`)
        await sleep(wait, signal)
        if (signal?.aborted) return { name: t.name, target: key, status: 'aborted', alerts: [], attempts }
      }
    }

    if (!report && isConfigProblem(failure)) {
      // nothing is recorded and nobody is alerted: the history of the target says nothing about a config mistake
      const message = failure instanceof Error ? failure.message : String(failure)
      const code = errorCode(failure)
      this.log(
        `${this.stamp()} ${t.name}: CONFIG ERROR, not scanned (not an outage; fix the target's config): ${message}${code ? ` [${code}]` : ''}`,
      )
      return { name: t.name, target: key, status: 'config', alerts: [], attempts, error: message, at: begun }
    }

    // One small read instead of the target's history: was it down, and which scan is the one to diff against
    const before = await store.state(key)
    const wasOut = before?.status === 'down'
    const previous = report && before?.latest ? await store.latest(key) : undefined
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
      const sent = await this.deliver(t, Date.parse(at), alerts)
      return { name: t.name, target: key, status: kind, alerts: sent, attempts, error: message, at: Date.parse(at) }
    }

    const summary = await store.save(report, { source: 'monitor', target: key })
    const scannedAt = Date.parse(summary.startedAt)
    const alerts: Alert[] = []
    if (wasOut) alerts.push(recoveredAlert(t.name, key, at, report.scanId, summary.grade, summary.score))
    if (!previous) {
      this.log(
        `${at} ${t.name}: baseline grade ${summary.grade ?? '— (fixation not tested)'} (score ${summary.score}), ${summary.findings} finding(s) [${report.scanId}]`,
      )
      const sent = await this.deliver(t, scannedAt, alerts)
      return { name: t.name, target: key, status: 'baseline', scanId: report.scanId, alerts: sent, attempts, at: scannedAt }
    }
    const diff = diffReports(previous.report, report)
    if (diff.regression) alerts.push(regressionAlert(t.name, diff, at))
    const status: RoundStatus = diff.regression ? 'regression' : diff.grade.improved || diff.fixed.length > 0 ? 'improved' : 'unchanged'
    this.log(
      `${at} ${t.name}: grade ${diff.grade.before ?? '—'} → ${diff.grade.after ?? '—'} (score ${diff.score.before} → ${diff.score.after}), ` +
        `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.unchanged.length} unchanged` +
        (diff.unverified.length ? `, ${diff.unverified.length} not re-tested` : '') +
        ` [${report.scanId}]`,
    )
    const sent = await this.deliver(t, scannedAt, alerts)
    return { name: t.name, target: key, status, scanId: report.scanId, diff, alerts: sent, attempts, at: scannedAt }
  }

  private stamp(): string {
    return this.now().toISOString()
  }

  private worker(): string {
    return this.opts.worker ?? (this.opts.shard ? `shard ${formatShard(this.opts.shard)}` : 'monitor')
  }

  /**
   * Records what the targets file says about each target (name, tags, interval, shard), so the fleet
   * views show every target and can tell an overdue one; a sharded worker also retires the registrations
   * of its fleet and share that the file no longer lists.
   */
  private async register(): Promise<void> {
    const { targets, store, shard, fleet } = this.opts
    const regs: TargetRegistration[] = targets.map((t) => ({
      target: t.key,
      name: t.name,
      tags: t.tags,
      everyMs: t.everyMs,
      ...(shard ? { shard: formatShard(shard) } : {}),
      ...(fleet ? { fleet } : {}),
    }))
    await store.register(regs, this.stamp())
    if (!shard || !fleet) return
    const mine = new Set(targets.map((t) => t.key))
    const stale = (await store.fleet()).flatMap((s) =>
      s.registration?.fleet === fleet && !mine.has(s.target) && shardOf(s.target, shard.count) === shard.index ? [s.target] : [],
    )
    if (stale.length === 0) return
    await store.unregister(stale)
    this.log(`${this.stamp()} no longer in the targets file, not scheduled any more: ${stale.join(', ')}`)
  }

  /** Sends each alert once per target, round and kind across every worker: a claim decides who sends it. */
  private async deliver(t: MonitorTarget, atMs: number, alerts: Alert[]): Promise<Alert[]> {
    const sent: Alert[] = []
    for (const a of alerts) {
      const round = roundLabel(atMs, t.everyMs)
      if (!(await this.opts.store.claim({ target: t.key, round, kind: `alert-${a.kind}`, by: this.worker() }))) {
        this.log(`${this.stamp()} ${t.name}: ${a.kind} alert of round ${round} already sent by another worker`)
        continue
      }
      await Promise.all(this.opts.sinks.map((s) => s.send(a)))
      sent.push(a)
    }
    return sent
  }
}
