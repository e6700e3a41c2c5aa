import { InvalidArgumentError, Option, type Command } from 'commander'
import type { ScanReport } from '@sessionguard/scanner'
import {
  DashboardError,
  diffReports,
  fleetRows,
  formatDiff,
  formatFleet,
  formatHistory,
  formatOverdue,
  migrateSummaries,
  resolveScan,
  targetKey,
  type HistoryStore,
  type ScanSource,
  type ScanSummary,
} from '@sessionguard/history'
import { openHistoryStore } from '@sessionguard/history/store'

/**
 * Where the history/diff/monitor/dashboard commands write, and how they end. Injected in tests so the
 * commands run in-process; the CLI uses the process's own streams.
 */
export interface CommandIO {
  out(text: string): void
  err(text: string): void
  setExitCode(code: number): void
  /** Stops long-running commands (monitor, dashboard) in addition to SIGINT/SIGTERM. */
  signal?: AbortSignal
}

export const processIO: CommandIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
}

export interface StoreFlags {
  dataDir?: string | undefined
  table?: string | undefined
}

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'history folder (default: $SESSIONGUARD_DATA_DIR or ~/.sessionguard)')
    .option(
      '--table <name>',
      'keep the history in this DynamoDB table instead (AWS_REGION, credentials and AWS_ENDPOINT_URL_DYNAMODB from the environment)',
    )
}

export function storeFrom(flags: StoreFlags): HistoryStore {
  return openHistoryStore({ ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), ...(flags.table ? { table: flags.table } : {}) })
}

/**
 * Runs a long-lived command (monitor, dashboard) with the history store open until SIGINT, SIGTERM or
 * io.signal asks it to stop; the store is closed and the signal handlers removed however it ends.
 */
export async function untilStopped(
  io: CommandIO,
  flags: StoreFlags,
  body: (store: HistoryStore, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const store = storeFrom(flags)
  const ctrl = new AbortController()
  const stop = (): void => ctrl.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  io.signal?.addEventListener('abort', stop, { once: true })
  try {
    await body(store, ctrl.signal)
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    await store.close()
  }
}

/** Records a finished scan in the history (`scan --save`, the Action, the MCP server). */
export async function saveToHistory(report: ScanReport, opts: StoreFlags & { source: ScanSource }): Promise<ScanSummary> {
  const store = storeFrom(opts)
  try {
    return await store.save(report, { source: opts.source })
  } finally {
    await store.close()
  }
}

/**
 * The history package's errors carry their own exit code (2: fix your input, 3: runtime); print them
 * the way the CLI prints scanner errors and let anything else reach main().
 */
export async function reportErrors(io: CommandIO, body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (err) {
    if (!(err instanceof DashboardError)) throw err
    io.err(`sessionguard: error: ${err.message.split('\n')[0]} [${err.code}]\n`)
    io.setExitCode(err.exitCode)
  }
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty')

/** `sessionguard history [target]` and `sessionguard diff <a> <b>`. */
export function registerHistory(program: Command, io: CommandIO = processIO): void {
  addStoreOptions(
    program
      .command('history [target]')
      .description('list recorded scans (and outages) with score, grade and findings, oldest first')
      .addOption(formatOption())
      .option('--fleet', 'one line per target instead: grade, trend, overdue or down, worst first')
      .option('--tag <tag>', 'with --fleet: only targets with this tag in the targets file')
      .option('--overdue', 'with --fleet: only targets that missed a whole round')
      .option(
        '--migrate',
        'first re-derive the summaries written by older versions from their stored reports (which scans earned a letter), then list',
      )
      .option('--last <n>', 'only the newest n entries', (v) => {
        const n = Number(v)
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number')
        return n
      }),
  ).action(
    async (
      target: string | undefined,
      opts: StoreFlags & { format: 'pretty' | 'json'; last?: number; fleet?: boolean; tag?: string; overdue?: boolean; migrate?: boolean },
    ) =>
      reportErrors(io, async () => {
        const store = storeFrom(opts)
        try {
          if (opts.migrate) {
            const m = await migrateSummaries(store)
            io.err(
              `migrated ${m.migrated} scan summar${m.migrated === 1 ? 'y' : 'ies'} from their stored reports${m.missing.length ? `; ${m.missing.length} without a stored report left as they are` : ''}\n`,
            )
          }
          if (opts.fleet) {
            const rows = fleetRows(await store.fleet(), Date.now(), {
              ...(opts.tag ? { tag: opts.tag } : {}),
              overdueOnly: Boolean(opts.overdue),
            })
            io.out(opts.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatFleet(rows))
            return
          }
          let entries = await store.list(target)
          if (opts.last !== undefined) entries = entries.slice(-opts.last)
          if (opts.format === 'json') return io.out(`${JSON.stringify(entries, null, 2)}\n`)
          io.out(formatHistory(entries))
          // what a listing cannot show: the targets a monitor should have scanned and did not
          const overdue = fleetRows(await store.fleet(), Date.now(), { overdueOnly: true }).filter(
            (r) => target === undefined || r.target === targetKey(target),
          )
          if (overdue.length) io.out(formatOverdue(overdue))
        } finally {
          await store.close()
        }
      }),
  )

  addStoreOptions(
    program
      .command('diff <scanA> <scanB>')
      .description(
        'new, fixed and unchanged findings from scan A to scan B (ids or unique prefixes, see `history`); exit 1 on a regression',
      )
      .addOption(formatOption()),
  ).action(async (a: string, b: string, opts: StoreFlags & { format: 'pretty' | 'json' }) =>
    reportErrors(io, async () => {
      const store = storeFrom(opts)
      try {
        const [sa, sb] = [await resolveScan(store, a), await resolveScan(store, b)]
        const diff = diffReports(sa.report, sb.report)
        io.out(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff))
        // a regression (new findings, or a lower grade) fails a script the way a failed gate does
        if (diff.regression) io.setExitCode(1)
      } finally {
        await store.close()
      }
    }),
  )
}
