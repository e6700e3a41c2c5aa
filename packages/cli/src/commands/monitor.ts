import { resolve } from 'node:path'
import type { Command } from 'commander'
import { MonitorConfigError, formatShard, parseShard, selectShard, type Shard } from '@sessionguard/history'
import {
  Monitor,
  formatInterval,
  loadTargets,
  parseInterval,
  streamSink,
  webhookSink,
  type AlertSink,
  type ScanFn,
  type ConcurrencyLimits,
  type MonitorTarget,
  type TargetRound,
} from '@sessionguard/history/monitor'
import { addStoreOptions, processIO, reportErrors, untilStopped, type CommandIO, type StoreFlags } from './history.js'

interface MonitorFlags extends StoreFlags {
  config: string
  allowEnv?: string[]
  every: string
  webhook?: string
  once?: boolean
  retries: string
  retryDelay: string
  concurrency: string
  originConcurrency: string
  browserConcurrency: string
  shard?: string
  fleet?: string
  proxy?: string
  proxyCa?: string
}

// The monitor's resident memory, from `npm run bench fleet` (docs/fleet.md): 175 MiB peak for a
// 100-target round at N = 1, about 1.1 MiB more per concurrent scan of a loopback app at N = 16 (rounded
// up to 4 for the larger pages of real apps); a browser login adds a Chromium of its own: 946 MiB peak,
// the sum of the resident sets of its processes (an upper bound: shared pages count once per process).
const BASE_MIB = 180
const HTTP_SCAN_MIB = 4
const CHROMIUM_MIB = 950

function count(value: string, flag: string, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new MonitorConfigError(`${flag}: expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`)
  return n
}

/** The limits and what they mean for memory, stated once at start. */
export function memoryStatement(l: ConcurrencyLimits): string {
  const browsers = Math.min(l.browsers, l.scans)
  const mib = BASE_MIB + l.scans * HTTP_SCAN_MIB + browsers * CHROMIUM_MIB
  return (
    `up to ${l.scans} scan${l.scans === 1 ? '' : 's'} at once (${l.perOrigin} per origin, ${browsers} with a browser login): ` +
    `about ${mib} MiB at most (${BASE_MIB} + ${l.scans} × ${HTTP_SCAN_MIB} per scan + ${browsers} × ${CHROMIUM_MIB} per Chromium)`
  )
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

function withProxy(t: MonitorTarget, opts: Pick<MonitorFlags, 'proxy' | 'proxyCa'>): MonitorTarget {
  const scope = {
    ...(t.config.scope ?? {}),
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    ...(opts.proxyCa ? { proxy_ca: opts.proxyCa } : {}),
  }
  return { ...t, config: { ...t.config, scope } }
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
      .option(
        '--allow-env <NAME>',
        'let targets.yml and its config files read this environment variable too (besides SG_*); a name or a prefix like APP_* (repeatable)',
        (v: string, prev: string[]) => [...prev, v],
        [],
      )
      .option('--webhook <url>', 'POST each alert as JSON here (Slack-compatible `text` plus structured fields)')
      .option('--once', 'scan every target once and exit (0 ok, 1 regression, 3 a target down); for cron and tests')
      .option('--retries <n>', 'attempts per round while a target is unreachable', '4')
      .option('--retry-delay <interval>', 'first backoff delay; doubles per attempt, at most 5m', '5s')
      .option('--concurrency <n>', 'scan up to n targets at once', '1')
      .option('--origin-concurrency <n>', 'scans of one origin at once', '1')
      .option('--browser-concurrency <n>', 'scans with a browser login at once (each runs a Chromium)', '1')
      .option(
        '--shard <i/n>',
        'scan only share i of n of the targets (split by target, the same on every worker); each round of a target is claimed in the history first, so no two workers scan it twice',
      )
      .option(
        '--proxy <url>',
        "send every target's requests (browser logins' too) through this proxy; a targets or config file cannot name one",
      )
      .option('--proxy-ca <file>', "PEM file of an intercepting proxy's CA, trusted for the targets' TLS")
      .option(
        '--fleet <name>',
        "name of the fleet this targets file describes (default: its path); a sharded worker retires only its own fleet's targets",
      ),
  ).action(async (opts: MonitorFlags) =>
    reportErrors(io, async () => {
      const everyMs = interval(opts.every, '--every')
      const attempts = Number(opts.retries)
      if (!Number.isInteger(attempts) || attempts < 1)
        throw new MonitorConfigError(`--retries: expected a positive whole number, got ${JSON.stringify(opts.retries)}`)
      const baseDelayMs = interval(opts.retryDelay, '--retry-delay')
      const limits: ConcurrencyLimits = {
        scans: count(opts.concurrency, '--concurrency', 256),
        perOrigin: count(opts.originConcurrency, '--origin-concurrency', 64),
        browsers: count(opts.browserConcurrency, '--browser-concurrency', 64),
      }
      const shard: Shard | undefined = opts.shard === undefined ? undefined : parseShard(opts.shard)
      const { allowEnvEntries } = await import('@sessionguard/scanner')
      const allowEnv = allowEnvEntries(opts.allowEnv ?? [])
      // targets.yml and the config files it names are read and validated by the scanner's loader: ${ENV}, file:line:col
      const loaded = await loadTargets(opts.config, { defaultEveryMs: everyMs, allowEnv })
      // the proxy is the operator's: a file may not name it (it would carry every login's password to a host of its choosing)
      const all = opts.proxy || opts.proxyCa ? loaded.map((t) => withProxy(t, opts)) : loaded
      const targets = shard ? selectShard(all, shard) : all
      const share = shard ? `shard ${formatShard(shard)}: ${targets.length} of ${all.length} targets; ` : ''

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
          limits,
          ...(shard ? { shard, worker: `shard ${formatShard(shard)}, pid ${process.pid}` } : {}),
          fleet: opts.fleet ?? resolve(opts.config),
        })
        io.err(`sessionguard: ${share}${memoryStatement(limits)}\n`)
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
