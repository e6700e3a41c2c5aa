import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import { isLoopbackHost, startDashboard } from '@sessionguard/history/server'
import { addStoreOptions, processIO, reportErrors, untilStopped, type CommandIO, type StoreFlags } from './history.js'

interface DashboardFlags extends StoreFlags {
  port: number
  host: string
}

function port(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 lets the system choose)')
  return n
}

/** `sessionguard dashboard [--data-dir] [--port] [--host 127.0.0.1]`: the local web UI over the scan history. */
export function registerDashboard(program: Command, io: CommandIO = processIO): void {
  const cmd = addStoreOptions(
    program
      .command('dashboard')
      .description('serve a local page with targets, grades over time, findings with evidence, and diffs between scans')
      .option('--port <port>', 'port to listen on', port, 4880)
      .option('--host <address>', 'address to listen on; anything but loopback must be given explicitly', '127.0.0.1'),
  )
  cmd.action(async (opts: DashboardFlags) =>
    reportErrors(io, async () => {
      // only a --host typed by the user may expose the dashboard beyond this machine
      const explicit = cmd.getOptionValueSource('host') === 'cli'
      await untilStopped(io, opts, async (store, signal) => {
        const running = await startDashboard({ store, host: opts.host, port: opts.port, allowRemote: explicit })
        if (!isLoopbackHost(opts.host)) {
          io.err(
            `sessionguard: warning: the dashboard listens on ${opts.host}: other machines that learn its URL (with the token) can read every recorded report\n`,
          )
        }
        io.out(`dashboard: ${running.openUrl} (Ctrl-C to stop; the token in the URL is required)\n`)
        if (!signal.aborted) await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }))
        await running.close()
      })
    }),
  )
}
