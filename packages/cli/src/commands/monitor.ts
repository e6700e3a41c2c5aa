import type { Command } from 'commander'
import { MonitorConfigError } from '@sessionguard/history'
import {
  Monitor,
  formatInterval,
  loadTargets,
  parseInterval,
  streamSink,
  webhookSink,
  type AlertSink,
  type ScanFn,
  type TargetRound,
} from '@sessionguard/history/monitor'
import { addStoreOptions, processIO, reportErrors, untilStopped, type CommandIO, type StoreFlags } from './history.js'

interface MonitorFlags extends StoreFlags {
  config: string
  every: string
  webhook?: string
  once?: boolean
  retries: string
  retryDelay: string
}

export interface MonitorIO extends CommandIO {
  /** The scan function; the scanner's own `scan` unless a test injects one. */
  scanFn?: ScanFn
}

// The engine is loaded only when a monitor actually runs, so `history` and `dashboard` start fast.
const realScan: ScanFn = async (config, opts) => {
  const { scan } = await import('@sessionguard/scanner')
  return scan(config, opts)
}

function interval(value: string, flag: string): number {
  const ms = parseInterval(value)
  if (ms === undefined) throw new MonitorConfigError(`${flag}: not an interval: ${JSON.stringify(value)} (use e.g. 30s, 15m, 1h)`)
  return ms
}

/** Exit status of a --once round: 3 if a target could not be scanned, 2 if one's config was refused, 1 if one regressed, else 0 (cron can act on it). */
function onceExitCode(rounds: TargetRound[]): number {
  if (rounds.some((r) => r.status === 'down' || r.status === 'error')) return 3
  if (rounds.some((r) => r.status === 'config')) return 2
  if (rounds.some((r) => r.status === 'regression')) return 1
  return 0
}

/** `sessionguard monitor --config targets.yml --every 15m [--webhook URL] [--once]` */
export function registerMonitor(program: Command, io: MonitorIO = processIO): void {
  addStoreOptions(
    program
      .command('monitor')
      .description('rescan targets on a schedule, record every scan, and alert when session security regresses or a target goes down')
      .requiredOption('--config <file>', 'targets.yml: a list of scan configs (inline or paths), each with an optional own `every`')
      .option('--every <interval>', 'interval for targets that set none', '15m')
      .option('--webhook <url>', 'POST each alert as JSON here (Slack-compatible `text` plus structured fields)')
      .option('--once', 'scan every target once and exit (0 ok, 1 regression, 3 a target down); for cron and tests')
      .option('--retries <n>', 'attempts per round while a target is unreachable', '4')
      .option('--retry-delay <interval>', 'first backoff delay; doubles per attempt, at most 5m', '5s'),
  ).action(async (opts: MonitorFlags) =>
    reportErrors(io, async () => {
      const everyMs = interval(opts.every, '--every')
      const attempts = Number(opts.retries)
      if (!Number.isInteger(attempts) || attempts < 1)
        throw new MonitorConfigError(`--retries: expected a positive whole number, got ${JSON.stringify(opts.retries)}`)
      const baseDelayMs = interval(opts.retryDelay, '--retry-delay')
      // targets.yml and the config files it names are read and validated by the scanner's loader: ${ENV}, file:line:col
      const targets = await loadTargets(opts.config, { defaultEveryMs: everyMs })

      const sinks: AlertSink[] = [streamSink(io.out)]
      if (opts.webhook) {
        let url: URL
        try {
          url = new URL(opts.webhook)
        } catch {
          throw new MonitorConfigError('--webhook: not a URL')
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MonitorConfigError('--webhook: only http(s) URLs')
        sinks.push(webhookSink(url.href, { onError: (m) => io.err(`sessionguard: warning: ${m}\n`) }))
      }

      await untilStopped(io, opts, async (store, signal) => {
        const monitor = new Monitor({
          targets,
          store,
          scanFn: io.scanFn ?? realScan,
          sinks,
          retry: { attempts, baseDelayMs, maxDelayMs: 300_000 },
          log: (line) => io.out(`${line}\n`),
        })
        if (opts.once) {
          const rounds = await monitor.runOnce(signal)
          io.setExitCode(signal.aborted ? 0 : onceExitCode(rounds))
          return
        }
        io.out(
          `monitoring ${targets.length} target${targets.length === 1 ? '' : 's'}: ${targets.map((t) => `${t.name} every ${formatInterval(t.everyMs)}`).join(', ')} (Ctrl-C to stop)\n`,
        )
        await monitor.run(signal)
        io.out('monitor stopped\n')
      })
    }),
  )
}
