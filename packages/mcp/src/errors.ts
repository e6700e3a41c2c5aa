import { SessionguardError } from '@sessionguard/scanner'

// Tool failures the assistant should read and act on. Each carries a code so a client can tell a
// refusal (fix the request or restart the server) from a scan that went wrong.

export type McpErrorCode = 'SG_MCP_NOT_ALLOWED' | 'SG_MCP_BAD_ALLOW' | 'SG_MCP_UNKNOWN_SCAN' | 'SG_MCP_PASSWORD_ENV'

/** A refused tool call: the request (or the server's start-up flags) must change, so exit code 2. */
export class McpToolError extends SessionguardError {
  declare readonly code: McpErrorCode
  constructor(code: McpErrorCode, message: string) {
    super(code, 2, message)
  }
}

/** The target is outside the allow-list the server was started with. */
export class TargetNotAllowedError extends McpToolError {
  constructor(message: string) {
    super('SG_MCP_NOT_ALLOWED', message)
  }
}

/** An --allow entry that is neither an origin, a host nor an address range. */
export class BadAllowEntryError extends McpToolError {
  constructor(message: string) {
    super('SG_MCP_BAD_ALLOW', message)
  }
}

export class UnknownScanError extends McpToolError {
  constructor(message: string) {
    super('SG_MCP_UNKNOWN_SCAN', message)
  }
}

/** password_env names a variable the server process does not have. */
export class PasswordEnvError extends McpToolError {
  constructor(message: string) {
    super('SG_MCP_PASSWORD_ENV', message)
  }
}
