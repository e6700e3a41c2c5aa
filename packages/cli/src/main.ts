import { Command, CommanderError } from 'commander'
import { registerScan } from './commands/scan.js'
import { registerTokens } from './commands/tokens.js'
import { registerMcp } from './commands/mcp.js'
import { registerHistory } from './commands/history.js'
import { registerMonitor } from './commands/monitor.js'
import { registerDashboard } from './commands/dashboard.js'
import { exitCodeForError, printError } from './exit.js'
import { VERSION } from './version.js'

/** Builds the program; every subcommand lives in commands/<name>.ts and registers itself here. */
export function buildProgram(): Command {
  const program = new Command()
    .name('sessionguard')
    .description('Find session fixation: attack a running web app the way an attacker would, and prove each finding.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerScan(program)
  registerTokens(program)
  registerMcp(program)
  registerHistory(program)
  registerMonitor(program)
  registerDashboard(program)
  return program
}

/** Runs the CLI and resolves to the process exit code (0 pass, 1 gate failed, 2 usage/config, 3 target/scan error). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander but successes to a user
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0
      return 2
    }
    printError(err)
    return exitCodeForError(err)
  }
}
