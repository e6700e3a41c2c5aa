// Errors carry a code and the CLI exit code they map to, so every entry point (CLI, Action, MCP,
// monitor) turns the same failure into the same outcome.

export type ErrorCode =
  | 'SG_CONFIG'
  | 'SG_LOGIN_FAILED'
  | 'SG_TARGET_UNREACHABLE'
  | 'SG_OUT_OF_SCOPE'
  | 'SG_BUDGET_EXHAUSTED'
  | 'SG_SCAN_FAILED'
  | 'SG_IGNORE_EXPIRED'
  | 'SG_BASELINE'
  | 'SG_MFA_REQUIRED'
  | 'SG_MFA_CODE'

/** The brand every sessionguard error carries (session library included): checked by symbol, not instanceof. */
export const SESSIONGUARD_ERROR: unique symbol = Symbol.for('sessionguard.error')

/** The CLI exit codes: 0 ok, 1 gate failed, 2 usage/config, 3 target unreachable or scan error. */
export type ExitCode = 0 | 1 | 2 | 3

/**
 * The base of every sessionguard error outside the session library: a stable `SG_*` code, the CLI
 * exit code it maps to, and for errors a server answers with, an HTTP status. docs/errors.md lists
 * every code; a test fails on an undocumented one.
 */
export class SessionguardError extends Error {
  readonly [SESSIONGUARD_ERROR] = true as const
  readonly code: string
  readonly exitCode: 2 | 3
  readonly statusCode?: number
  constructor(code: string, exitCode: 2 | 3, message: string, options?: { cause?: unknown; statusCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.exitCode = exitCode
    if (options?.statusCode !== undefined) this.statusCode = options.statusCode
  }
}

/** A sessionguard error from any package or copy of one (packages may be duplicated in node_modules). */
export function isSessionguardError(err: unknown): err is { code: string; message: string; exitCode?: ExitCode; statusCode?: number } {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as Record<symbol, unknown>)[SESSIONGUARD_ERROR] === true &&
    typeof (err as { code?: unknown }).code === 'string'
  )
}

/** Bad flags, bad YAML, a config value that fails validation. Exit 2. */
export class ConfigError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_CONFIG', 2, message, options)
  }
}

/** The configured login did not produce access to the check URL: a configuration problem, not a finding. Exit 2. */
export class LoginFailedError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_LOGIN_FAILED', 2, message, options)
  }
}

/** Connection refused, DNS, TLS, timeouts on the very first requests. Exit 3. */
export class TargetUnreachableError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_TARGET_UNREACHABLE', 3, message, options)
  }
}

/** A request would have left the target's origin; refused before it was sent. */
export class OutOfScopeError extends SessionguardError {
  constructor(message: string) {
    super('SG_OUT_OF_SCOPE', 3, message)
  }
}

/** The scan's time or request budget ran out. */
export class BudgetExhaustedError extends SessionguardError {
  constructor(message: string) {
    super('SG_BUDGET_EXHAUSTED', 3, message)
  }
}

/** Anything else that stopped a scan (the target misbehaved in a way that leaves no verdict). Exit 3. */
export class ScanError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_SCAN_FAILED', 3, message, options)
  }
}

/** An ignore entry passed its expiry date: the accepted risk needs a decision again. Exit 2, before any request. */
export class IgnoreExpiredError extends SessionguardError {
  constructor(message: string) {
    super('SG_IGNORE_EXPIRED', 2, message)
  }
}

/** The --baseline file is missing, not JSON, or not a sessionguard report. Exit 2. */
export class BaselineError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_BASELINE', 2, message, options)
  }
}

/** The login stopped at a second-factor prompt and login.mfa is not configured. Exit 2. */
export class MfaRequiredError extends SessionguardError {
  constructor(message: string) {
    super('SG_MFA_REQUIRED', 2, message)
  }
}

/** The second step could not be completed: no code arrived at login.mfa.code_url, or the app refused the code. Exit 2. */
export class MfaCodeError extends SessionguardError {
  constructor(message: string) {
    super('SG_MFA_CODE', 2, message)
  }
}

/** `sessionguard check`: the parser or a grammar could not be loaded, or the check failed in a way that leaves no verdict. Exit 3. */
export class SourceCheckError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_SOURCE_CHECK', 3, message, options)
  }
}

/** `sessionguard check DIR` / `--source DIR`: the directory does not exist or is not a directory. Exit 2. */
export class SourceDirError extends SessionguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_SOURCE_DIR', 2, message, options)
  }
}
