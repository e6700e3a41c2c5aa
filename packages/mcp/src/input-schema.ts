import { z } from 'zod'
import { CHECK_IDS, ConfigError, FORMATS, configSchema, type ScanConfig } from '@sessionguard/scanner'
import { FRAMEWORK_IDS as SCANNER_FRAMEWORK_IDS } from '@sessionguard/scanner/knowledge'

// The scan_target tool takes the scanner's own config schema, so the CLI, the YAML file, the Action
// and the assistant describe a scan with the same keys. Only these things differ here:
//  - a password may be named by an environment variable of the server (password_env), so it never
//    has to pass through the conversation;
//  - `spec` and `baseline` (files the engine reads) and `login.browser` (the program a browser login
//    runs) are left out: an assistant has no business naming files or programs on the machine that
//    runs the server; the browser is the server's own setting (sessionguard mcp --browser);
//  - scope.login_origins must pass the server's allow-list, as the target does (scan-target.ts).
// The result is validated again by resolveConfig() once the passwords are filled in.

const loginShape = configSchema.shape.login.unwrap()
const credentialShape = loginShape.shape.credentials.options[0]
const accountShape = configSchema.shape.accounts.unwrap().element

const passwordFields = {
  password: z.string().optional().describe('the password itself; prefer password_env so it never appears in the conversation'),
  password_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional()
    .describe(
      'name of an environment variable of the MCP server process that holds the password; only names with the prefix the server was started with (SG_ by default)',
    ),
}

/**
 * What an assistant may ask of one scan: a request from the conversation (or a page injected into
 * it) must not make the server hold a connection for an hour or read a gigabyte into memory.
 */
export const MCP_LIMITS = {
  timeoutMs: 60_000,
  budgetMs: 10 * 60_000,
  maxBody: 10 * 1024 * 1024,
  maxRequests: 20_000,
  tokenSamples: 5_000,
} as const

const scopeShape = configSchema.shape.scope.unwrap()
// an upstream proxy is an origin the scan would reach, and its CA a file it would read: the operator's to name, not a tool call's
const mcpScope = scopeShape
  .omit({ proxy: true, proxy_ca: true })
  .extend({
    timeout: scopeShape.shape.timeout.describe(`per-request timeout (e.g. 10s); at most ${MCP_LIMITS.timeoutMs / 1000}s here`),
    budget: scopeShape.shape.budget.describe(`time budget of the whole scan (e.g. 2m); at most ${MCP_LIMITS.budgetMs / 60_000}m here`),
    max_body: z
      .number()
      .int()
      .positive()
      .max(MCP_LIMITS.maxBody)
      .default(2 * 1024 * 1024)
      .describe(`largest response body read, in bytes; at most ${MCP_LIMITS.maxBody}`),
    max_requests: z
      .number()
      .int()
      .positive()
      .max(MCP_LIMITS.maxRequests)
      .optional()
      .describe(`request budget; at most ${MCP_LIMITS.maxRequests}`),
  })
  .default({ timeout: 10_000, budget: 120_000, follow_redirects: 'same-origin', max_redirects: 5, max_body: 2 * 1024 * 1024 })
const mcpTokens = configSchema.shape.tokens
  .unwrap()
  .extend({ samples: z.number().int().min(0).max(MCP_LIMITS.tokenSamples).default(0) })
  .default({ samples: 0, concurrency: 8 })

/** The durations are parsed by the scanner's schema; their bounds are checked on the result. */
export function assertWithinMcpBounds(config: ScanConfig): void {
  if (config.scope.timeout > MCP_LIMITS.timeoutMs)
    throw new ConfigError(`scope.timeout: at most ${MCP_LIMITS.timeoutMs / 1000}s through MCP`)
  if (config.scope.budget > MCP_LIMITS.budgetMs) throw new ConfigError(`scope.budget: at most ${MCP_LIMITS.budgetMs / 60_000}m through MCP`)
  if (config.scope.max_body > MCP_LIMITS.maxBody) throw new ConfigError(`scope.max_body: at most ${MCP_LIMITS.maxBody} bytes through MCP`)
  if ((config.scope.max_requests ?? 0) > MCP_LIMITS.maxRequests)
    throw new ConfigError(`scope.max_requests: at most ${MCP_LIMITS.maxRequests} through MCP`)
  if (config.tokens.samples > MCP_LIMITS.tokenSamples)
    throw new ConfigError(`tokens.samples: at most ${MCP_LIMITS.tokenSamples} through MCP`)
}

const mcpCredential = credentialShape.extend(passwordFields)
const mcpAccount = accountShape.extend(passwordFields)

export const scanTargetShape = configSchema.omit({ spec: true, baseline: true }).extend({
  target: configSchema.shape.target.describe(
    "origin (and optional start path) of the app to attack, e.g. http://127.0.0.1:3000; must be on the server's allow-list",
  ),
  login: loginShape
    .omit({ browser: true })
    .extend({ credentials: z.union([mcpCredential, z.array(mcpCredential).min(1)]) })
    .optional()
    .describe('test login: without it only the checks that need no account run (SG-FIX-ADOPT and the lifecycle checks need it)'),
  accounts: z.array(mcpAccount).optional().describe('a second account for the authorization (IDOR) checks'),
  logout: configSchema.shape.logout.describe('logout endpoint; enables SG-LOGOUT'),
  session: configSchema.shape.session.describe('where the session id travels; auto proves it'),
  tokens: mcpTokens.describe(
    `samples > 0 (at most ${MCP_LIMITS.tokenSamples}) collects that many issued ids and analyses their randomness (SG-TOKEN-*)`,
  ),
  scope: mcpScope.describe(
    "request limits of the scan, bounded for MCP; login_origins (identity providers a browser login visits) must be on the server's allow-list",
  ),
  fail_on: configSchema.shape.fail_on.describe('the result reports gate: failed when a finding of this severity or worse is present'),
  threshold: configSchema.shape.threshold.describe('the result reports gate: failed when the score is below this'),
  require: configSchema.shape.require.describe(
    'families or SG-* ids that must run: the gate fails when one of them could not (e.g. ["fixation"])',
  ),
  format: z
    .enum(FORMATS)
    .optional()
    .describe('also return the full report rendered in this format (markdown reads well; sarif/junit/json/html for files)'),
})

export type ScanTargetArgs = z.output<typeof scanTargetShape>

// The knowledge base's own list: every framework it writes remediation for, and only those.
export const FRAMEWORK_IDS = SCANNER_FRAMEWORK_IDS

export const explainShape = z.object({
  check_id: z.enum(CHECK_IDS).describe("the finding's check id, e.g. SG-FIX-ADOPT"),
  framework: z
    .enum(FRAMEWORK_IDS)
    .optional()
    .describe('write the fix for this framework; default: the one detected in scan_id, else generic'),
  scan_id: z.string().optional().describe('take the framework from this scan'),
})

export const getScanShape = z.object({
  scan_id: z.string().min(1).describe('the scanId returned by scan_target or list_scans'),
  evidence: z.boolean().default(true).describe('include the request/response exchanges that prove each finding'),
  format: z.enum(FORMATS).optional().describe('also return the report rendered in this format'),
})

export const listScansShape = z.object({
  target: z.string().optional().describe('only scans of this target (origin)'),
  limit: z.number().int().min(1).max(100).default(20),
})
