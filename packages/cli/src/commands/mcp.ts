import type { Command } from 'commander'
import { ConfigError } from '@sessionguard/scanner'
import { AllowList, BadAllowEntryError, DEFAULT_ENV_PREFIX, serveStdio } from '@sessionguard/mcp'

interface McpFlags {
  allow: string[]
  envPrefix?: string
  save?: boolean
  dataDir?: string
  table?: string
  browser?: string
}

const collect = (v: string, prev: string[]): string[] => [...prev, v]

/** `sessionguard mcp`: the scanner as an MCP server on stdio, for coding assistants. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the scanner to coding assistants over MCP (stdio): scan_target, get_scan, list_scans, explain_finding')
    .option(
      '--allow <origin|host>',
      'also allow scans of this origin (https://staging.example.com), host (staging.example.com, *.example.com) or range (10.0.0.0/8); loopback is always allowed (repeatable)',
      collect,
      [],
    )
    .option(
      '--env-prefix <PREFIX>',
      'password_env may only name variables starting with this (default: $SESSIONGUARD_MCP_ENV_PREFIX or SG_)',
    )
    .option(
      '--browser <path>',
      'the Chromium/Chrome a browser login runs (default: $SESSIONGUARD_BROWSER, else chromium on PATH); a tool call cannot choose it',
    )
    .option('--save', 'also record every scan in the local history (see `sessionguard history`)')
    .option('--data-dir <dir>', 'history folder (default: $SESSIONGUARD_DATA_DIR or ~/.sessionguard); implies --save')
    .option('--table <name>', 'record into this DynamoDB table instead of files; implies --save')
    .addHelpText(
      'after',
      `
The server speaks MCP on stdin/stdout; start it from the assistant's MCP configuration, e.g.
  { "command": "npx", "args": ["sessionguard", "mcp"], "env": { "SG_PASSWORD": "…" } }
and let the assistant pass login.credentials.password_env: "SG_PASSWORD" instead of the password.`,
    )
    .action(async (flags: McpFlags) => {
      // Validate the allow-list before anything is served: a typo should stop the start, not surface later.
      let allow: AllowList
      try {
        allow = new AllowList(flags.allow)
      } catch (err) {
        throw err instanceof BadAllowEntryError ? new ConfigError(err.message) : err
      }
      const envPrefix = flags.envPrefix ?? process.env.SESSIONGUARD_MCP_ENV_PREFIX ?? DEFAULT_ENV_PREFIX
      // an empty prefix would hand the assistant every variable of the server, tokens included
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envPrefix))
        throw new ConfigError(`--env-prefix: ${JSON.stringify(envPrefix)} is not a variable name prefix (letters, digits, _; not empty)`)
      let recorder
      if (flags.save || flags.dataDir || flags.table) {
        const { openHistoryStore } = await import('@sessionguard/history/store')
        recorder = openHistoryStore({
          ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
          ...(flags.table ? { table: flags.table } : {}),
        })
      }
      process.stderr.write(
        `sessionguard mcp: serving on stdio; targets allowed: ${allow.entries.join(', ')}; password_env names: ${envPrefix}*${recorder ? '; recording scans in the history' : ''}\n`,
      )
      try {
        await serveStdio({
          allow: flags.allow,
          envPrefix,
          ...(recorder ? { recorder } : {}),
          ...(flags.browser ? { browser: flags.browser } : {}),
        })
      } finally {
        await recorder?.close()
      }
    })
}
