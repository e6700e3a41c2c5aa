import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { Command, Option } from 'commander'
import { assessSource } from '@sessionguard/scanner/source'
import {
  ConfigError,
  DEFAULT_FAIL_ON,
  FORMATS,
  FORMAT_EXTENSIONS,
  formatForExtension,
  loadIgnoreFile,
  render,
  SEVERITIES,
  type Format,
} from '@sessionguard/scanner'
import { useColor } from '../color.js'
import { ensureDirectory } from '../output-dir.js'

interface CheckFlags {
  format: Format
  output: string[]
  exclude: string[]
  failOn?: (typeof SEVERITIES)[number] | 'none'
  threshold?: number
  checks?: string[]
  excludeChecks?: string[]
  ignoreFile?: string
  baseline?: string
  require: string[]
  color?: boolean
}

const collect = (v: string, prev: string[]): string[] => [...prev, v]
const list = (v: string, prev: string[] | undefined): string[] => [
  ...(prev ?? []),
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
]

function threshold(v: string): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 100)
    throw new ConfigError(`--threshold must be a whole number from 0 to 100, got ${JSON.stringify(v)}`)
  return n
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("find the session-fixation pattern in a project's source and lockfiles (TypeScript/JavaScript, Python, Rust)")
    .argument('[dir]', 'the project directory', '.')
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices([...FORMATS]).default('pretty'))
    .option(
      '-o, --output <file>',
      'also write the report to a file; format from the extension (.json .sarif .xml .md .html .txt); repeatable',
      collect,
      [],
    )
    .option('--exclude <path>', 'leave this folder or file of the project out (tests, fixtures); repeatable, relative to dir', collect, [])
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a finding of this severity or worse is found (default: ${DEFAULT_FAIL_ON}); none: never on findings`,
      ).choices([...SEVERITIES, 'none']),
    )
    .option('--threshold <score>', 'exit 1 when the score is below this (0-100)', threshold)
    .option(
      '--checks <ids>',
      'report only these: SG-SRC-CLIENT-ID, SG-SRC-NO-ROTATE, SG-SRC-ADVISORY (or the family source), comma-separated',
      list,
    )
    .option('--exclude-checks <ids>', 'never report these checks (ids, comma-separated)', list)
    .option(
      '--ignore-file <file>',
      'accepted findings (YAML/JSON list of {check, carrier?, reason, expires?}): reported as suppressed, never failing the gate',
    )
    .option('--baseline <report.json>', 'an earlier JSON report of check: the gate fails only on findings it does not have')
    .option(
      '--require <checks>',
      'exit 1 when these checks could not run (e.g. SG-SRC-ADVISORY when no lockfile was found); repeatable',
      collect,
      [],
    )
    .option('--no-color', 'no colour in the terminal report')
    .addHelpText(
      'after',
      `
What it finds (docs/source-check.md):
  SG-SRC-CLIENT-ID  a login stores the session under an id read from the request (cookie, header, query),
                    e.g. DynamoDB PutItem/put_item with the client's session_id as the key
  SG-SRC-NO-ROTATE  a login writes the user into the existing server-side session without a new id
                    (express-session/NestJS without regenerate(), koa-session, Flask-Session, Django without
                    login()/cycle_key(), tower-sessions without cycle_id())
  SG-SRC-ADVISORY   a lockfile resolves a package to a version with a session-fixation advisory
                    (passport < 0.6.0, @fastify/passport < 2.3.0, express-openid-connect 2.3.0-2.5.1, …)

Nothing is run or fetched: the files are parsed (tree-sitter) and the lockfiles read. Folders of
dependencies and build output (node_modules, target, .venv, dist…) are skipped.

Examples:
  sessionguard check examples/vulnerable-api
  sessionguard check . --exclude test --format sarif -o check.sarif
  sessionguard scan http://127.0.0.1:3000 --login-url /login … --source .

Exit codes: 0 passed · 1 findings at/over --fail-on (default high), score under --threshold, or a --require'd check that could not run · 2 usage error (no such directory, bad flag, expired ignore entry) · 3 the parser could not be loaded`,
    )
    .action(async (dir: string, flags: CheckFlags) => {
      const outputs = flags.output.map((path) => {
        const format = formatForExtension(extname(path))
        if (!format)
          throw new ConfigError(`--output ${path}: unknown extension; use one of ${Object.values(FORMAT_EXTENSIONS).flat().join(' ')}`)
        return { path, format }
      })
      for (const o of outputs) await ensureDirectory(o.path)
      const ignore = flags.ignoreFile ? await loadIgnoreFile(flags.ignoreFile) : undefined
      const checks =
        flags.checks || flags.excludeChecks
          ? { ...(flags.checks ? { include: flags.checks } : {}), ...(flags.excludeChecks ? { exclude: flags.excludeChecks } : {}) }
          : undefined
      const { report, verdict } = await assessSource(dir, {
        exclude: flags.exclude,
        ...(ignore ? { ignore } : {}),
        ...(checks ? { checks } : {}),
        ...(flags.baseline ? { baseline: flags.baseline } : {}),
        ...(flags.failOn ? { failOn: flags.failOn } : {}),
        ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
        ...(flags.require.length
          ? {
              require: flags.require
                .flatMap((r) => r.split(','))
                .map((r) => r.trim())
                .filter(Boolean),
            }
          : {}),
      })
      const color = flags.format === 'pretty' && useColor(flags.color !== false)
      process.stdout.write(render(report, flags.format, { color }))
      for (const o of outputs) await writeFile(o.path, render(report, o.format, { color: false }))
      if (!verdict.passed) process.stderr.write(`sessionguard: gate failed: ${verdict.reasons.join('; ')}\n`)
      process.exitCode = verdict.exitCode
    })
}
