import { Command, CommanderError } from 'commander'
import { VERSION } from './version.js'

type Register = (program: Command) => void

/**
 * Every subcommand lives in commands/<name>.ts and registers itself. Its module (and the scanner,
 * history or MCP packages behind it) is imported only when that command runs or shows its own help;
 * `--version` and the command list need none of them, so they answer at once.
 */
const COMMANDS: Array<{ names: Array<[name: string, summary: string]>; load: () => Promise<Register> }> = [
  {
    names: [['scan', "attack a running app's session handling and report what was proven"]],
    load: async () => (await import('./commands/scan.js')).registerScan,
  },
  {
    names: [
      ['tokens', 'Analyse session ids collected elsewhere (one per line): decoding, statistics, structure, effective entropy, verdict'],
    ],
    load: async () => (await import('./commands/tokens.js')).registerTokens,
  },
  {
    names: [['mcp', 'serve the scanner to coding assistants over MCP (stdio): scan_target, get_scan, list_scans, explain_finding']],
    load: async () => (await import('./commands/mcp.js')).registerMcp,
  },
  {
    names: [
      ['history', 'list recorded scans (and outages) with score, grade and findings, oldest first'],
      ['diff', 'new, fixed and unchanged findings from scan A to scan B (ids or unique prefixes, see `history`); exit 1 on a regression'],
    ],
    load: async () => (await import('./commands/history.js')).registerHistory,
  },
  {
    names: [
      ['monitor', 'rescan targets on a schedule, record every scan, and alert when session security regresses or a target goes down'],
    ],
    load: async () => (await import('./commands/monitor.js')).registerMonitor,
  },
  {
    names: [['dashboard', 'serve a local page with targets, grades over time, findings with evidence, and diffs between scans']],
    load: async () => (await import('./commands/dashboard.js')).registerDashboard,
  },
]

/** The subcommand argv asks for (`help scan` asks for scan), if any. */
function requested(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'))
  return words[0] === 'help' ? words[1] : words[0]
}

/** Builds the program for argv: the requested subcommand in full, the others as names in the command list. Without argv, every command in full. */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = new Command()
    .name('sessionguard')
    .description('Find session fixation: attack a running web app the way an attacker would, and prove each finding.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  const wanted = argv ? requested(argv) : undefined
  for (const c of COMMANDS) {
    if (argv === undefined || c.names.some(([name]) => name === wanted)) (await c.load())(program)
    else for (const [name, summary] of c.names) program.command(name).description(summary)
  }
  return program
}

/** Runs the CLI and resolves to the process exit code (0 pass, 1 gate failed, 2 usage/config, 3 target/scan error). */
export async function main(argv: string[]): Promise<number> {
  // The AWS SDK (loaded by --table only) tells every process on Node 20 that its releases after the first
  // week of January 2027 need Node 22: news for whoever upgrades the SDK, not for someone reading a scan.
  // The SDK's own switch, set only when the user has not chosen either way.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  try {
    const program = await buildProgram(argv)
    await program.parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander but successes to a user
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0
      return 2
    }
    const { exitCodeForError, printError } = await import('./exit.js')
    printError(err)
    return exitCodeForError(err)
  }
}
