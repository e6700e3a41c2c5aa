import { ConfigError } from '@sessionguard/scanner'
import { PasswordEnvError } from './errors.js'

interface McpCredential {
  password?: string | undefined
  password_env?: string | undefined
  totp_secret_env?: string | undefined
  [key: string]: unknown
}

export interface ResolvedInput {
  /** The scanner config input: password_env replaced by the password, `format` removed. */
  config: Record<string, unknown>
  /** Every password used, to scrub from anything the server sends back. */
  secrets: string[]
}

/** The prefix a password_env name must have unless the server was started with another (`--env-prefix`). */
export const DEFAULT_ENV_PREFIX = 'SG_'

function resolveOne(
  cred: McpCredential,
  where: string,
  env: NodeJS.ProcessEnv,
  secrets: string[],
  prefix: string | undefined,
): Record<string, unknown> {
  const { password, password_env: passwordEnv, totp_secret_env: totpEnv, ...rest } = cred
  // the TOTP secret is read like the password: a name with the server's prefix, from the server's environment
  if (totpEnv !== undefined) {
    if (prefix !== undefined && !totpEnv.startsWith(prefix))
      throw new PasswordEnvError(
        `${where}.totp_secret_env: ${totpEnv} is not one of the variables this server may read; only names starting with ${prefix} are allowed (set by whoever starts the server: sessionguard mcp --env-prefix)`,
      )
    const secret = env[totpEnv]
    if (secret === undefined)
      throw new PasswordEnvError(`${where}.totp_secret_env: the MCP server process has no environment variable ${totpEnv}`)
    secrets.push(secret)
    rest.totp_secret = secret
  }
  if (password !== undefined && passwordEnv !== undefined) throw new ConfigError(`${where}: give password or password_env, not both`)
  let value = password
  if (passwordEnv !== undefined) {
    // the assistant (or a page it read) must not be able to name GITHUB_TOKEN and have it sent to a target
    if (prefix !== undefined && !passwordEnv.startsWith(prefix)) {
      throw new PasswordEnvError(
        `${where}.password_env: ${passwordEnv} is not one of the variables this server may read; only names starting with ${prefix} are allowed (set by whoever starts the server: sessionguard mcp --env-prefix)`,
      )
    }
    value = env[passwordEnv]
    if (value === undefined) {
      throw new PasswordEnvError(
        `${where}.password_env: the MCP server process has no environment variable ${passwordEnv}; set it in the environment the server is started with (the "env" of the server entry in the assistant's MCP configuration)`,
      )
    }
  }
  if (value === undefined) throw new ConfigError(`${where}: needs password_env (preferred) or password`)
  secrets.push(value)
  return { ...rest, password: value }
}

/**
 * Turns the tool's arguments into a scanner config input, reading passwords from the server's
 * environment; with `prefix`, only variables whose name starts with it (the server always passes one).
 */
export function resolveToolInput(args: Record<string, unknown>, env: NodeJS.ProcessEnv, prefix?: string): ResolvedInput {
  const { format: _format, ...config } = args
  const secrets: string[] = []
  const login = config.login as { credentials: McpCredential | McpCredential[] } | undefined
  if (login) {
    const creds = login.credentials
    config.login = {
      ...login,
      credentials: Array.isArray(creds)
        ? creds.map((c, i) => resolveOne(c, `login.credentials.${i}`, env, secrets, prefix))
        : resolveOne(creds, 'login.credentials', env, secrets, prefix),
    }
  }
  if (Array.isArray(config.accounts)) {
    config.accounts = (config.accounts as McpCredential[]).map((c, i) => resolveOne(c, `accounts.${i}`, env, secrets, prefix))
  }
  return { config, secrets }
}
