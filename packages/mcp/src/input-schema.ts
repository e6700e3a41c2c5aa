import { z } from 'zod'
import { CHECK_IDS, FORMATS, configSchema, type FrameworkId } from '@sessionguard/scanner'

// The scan_target tool takes the scanner's own config schema, so the CLI, the YAML file, the Action
// and the assistant describe a scan with the same keys. Only two things differ here:
//  - a password may be named by an environment variable of the server (password_env), so it never
//    has to pass through the conversation;
//  - `spec` (a file the engine may read) is left out: an assistant has no business naming files on
//    the machine that runs the server.
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
    .describe('name of an environment variable of the MCP server process that holds the password'),
}

const mcpCredential = credentialShape.extend(passwordFields)
const mcpAccount = accountShape.extend(passwordFields)

export const scanTargetShape = configSchema
  .omit({ spec: true })
  .extend({
    target: configSchema.shape.target.describe('origin (and optional start path) of the app to attack, e.g. http://127.0.0.1:3000; must be on the server\'s allow-list'),
    login: loginShape
      .extend({ credentials: z.union([mcpCredential, z.array(mcpCredential).min(1)]) })
      .optional()
      .describe('test login: without it only the checks that need no account run (SG-FIX-ADOPT and the lifecycle checks need it)'),
    accounts: z.array(mcpAccount).optional().describe('a second account for the authorization (IDOR) checks'),
    logout: configSchema.shape.logout.describe('logout endpoint; enables SG-LOGOUT'),
    session: configSchema.shape.session.describe('where the session id travels; auto proves it'),
    tokens: configSchema.shape.tokens.describe('samples > 0 collects that many issued ids and analyses their randomness (SG-TOKEN-*)'),
    fail_on: configSchema.shape.fail_on.describe('the result reports gate: failed when a finding of this severity or worse is present'),
    threshold: configSchema.shape.threshold.describe('the result reports gate: failed when the score is below this'),
    require: configSchema.shape.require.describe('families or SG-* ids that must run: the gate fails when one of them could not (e.g. ["fixation"])'),
    format: z.enum(FORMATS).optional().describe('also return the full report rendered in this format (markdown reads well; sarif/junit/json/html for files)'),
  })

export type ScanTargetArgs = z.output<typeof scanTargetShape>

// A complete list of the framework ids the knowledge base writes remediation for; the Record makes
// the compiler reject a list that misses one.
const FRAMEWORK_SET: Record<FrameworkId, true> = {
  php: true,
  express: true,
  fastify: true,
  django: true,
  flask: true,
  rails: true,
  spring: true,
  aspnet: true,
  fastapi: true,
  axum: true,
  generic: true,
}
export const FRAMEWORK_IDS = Object.keys(FRAMEWORK_SET) as [FrameworkId, ...FrameworkId[]]

export const explainShape = z.object({
  check_id: z.enum(CHECK_IDS).describe('the finding\'s check id, e.g. SG-FIX-ADOPT'),
  framework: z.enum(FRAMEWORK_IDS).optional().describe('write the fix for this framework; default: the one detected in scan_id, else generic'),
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
