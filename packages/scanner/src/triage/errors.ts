import { SessionguardError } from '../errors.js'

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
