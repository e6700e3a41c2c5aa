import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { SCANNER_VERSION } from '@sessionguard/scanner'
import { AllowList } from './allow-list.js'
import { DEFAULT_ENV_PREFIX } from './credentials.js'
import { ScanStore, type ScanRecorder } from './scan-store.js'
import type { ToolContext } from './tools/context.js'
import { registerExplainFinding } from './tools/explain-finding.js'
import { registerGetScan, registerListScans } from './tools/get-scan.js'
import { registerScanTarget } from './tools/scan-target.js'

export interface SessionguardMcpOptions {
  /** Extra origins, hosts or ranges beyond loopback (the `--allow` values). */
  allow?: readonly string[]
  /** Where password_env is looked up; default process.env. */
  env?: NodeJS.ProcessEnv
  /** password_env may only name variables starting with this (default `SG_`). */
  envPrefix?: string
  /** Also keep every scan here (e.g. the dashboard's history store). */
  recorder?: ScanRecorder
  /** How many scans the session keeps in memory (default 50). */
  keep?: number
  /** The Chromium a browser login runs (a path or a name on PATH); default SESSIONGUARD_BROWSER, else chromium on PATH. */
  browser?: string
}

/** The MCP server with its four tools, not yet connected to a transport. */
export function createMcpServer(opts: SessionguardMcpOptions = {}): McpServer {
  const ctx: ToolContext = {
    allow: new AllowList(opts.allow ?? []),
    store: new ScanStore(opts.keep),
    env: opts.env ?? process.env,
    envPrefix: opts.envPrefix ?? DEFAULT_ENV_PREFIX,
    ...(opts.recorder ? { recorder: opts.recorder } : {}),
    ...(opts.browser ? { browser: opts.browser } : {}),
  }
  const server = new McpServer(
    { name: 'sessionguard', version: SCANNER_VERSION },
    {
      instructions:
        "sessionguard finds session fixation in running web apps. Call scan_target with the app's origin and, for the " +
        'fixation checks, a test login (login.url, login.check.url, login.credentials with password_env). Then get_scan ' +
        'for evidence and explain_finding for the fix in the detected framework. Only allow-listed targets can be scanned.',
    },
  )
  registerScanTarget(server, ctx)
  registerGetScan(server, ctx)
  registerListScans(server, ctx)
  registerExplainFinding(server, ctx)
  return server
}
