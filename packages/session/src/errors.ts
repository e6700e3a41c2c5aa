// Named errors with stable codes. Errors that a request handler may see carry an HTTP status so the
// frameworks' own error handlers answer correctly (Express/Fastify read `statusCode`, Hono calls
// `getResponse()`), which is how a store outage becomes a 503 instead of a 500 or, worse, a login.

export type SessionErrorCode =
  | 'SG_SESSION_CONFIG'
  | 'SG_SESSION_STORE_UNAVAILABLE'
  | 'SG_SESSION_CONFLICT'
  | 'SG_SESSION_REVOKED'
  | 'SG_SESSION_ROTATED'
  | 'SG_SESSION_DATA'
  | 'SG_SESSION_DATA_TOO_LARGE'
  | 'SG_SESSION_HEADERS_SENT'

export class SessionError extends Error {
  readonly code: SessionErrorCode
  readonly statusCode: number
  constructor(code: SessionErrorCode, statusCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.statusCode = statusCode
  }

  /** Hono's default error handler answers with this when an error provides it. */
  getResponse(): Response {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' }
    if (this.statusCode === 503) headers['retry-after'] = '1'
    return new Response(this.expose ? this.message : 'Service Unavailable', { status: this.statusCode, headers })
  }

  /** Whether the message is safe to show a client (no store internals). */
  get expose(): boolean {
    return this.statusCode < 500
  }
}

/** Invalid options given to createSessionManager, a store or an adapter. Thrown at startup. */
export class SessionConfigError extends SessionError {
  constructor(message: string) {
    super('SG_SESSION_CONFIG', 500, message)
  }
}

/** The store failed (network, throttling, permissions). Sessions fail closed: 503, never logged in. */
export class StoreUnavailableError extends SessionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_SESSION_STORE_UNAVAILABLE', 503, message, options)
  }
}

/** Another request changed this session first (it was rotated, logged out or revoked) and this write was refused. */
export class SessionConflictError extends SessionError {
  constructor(message: string, code: 'SG_SESSION_CONFLICT' | 'SG_SESSION_REVOKED' = 'SG_SESSION_CONFLICT') {
    super(code, 409, message)
  }
}

/**
 * The user's sessions were revoked (revokeUser) after this login or regenerate began: after the
 * password was checked, for a login bound to its epoch. Nothing was created; ask for the password again.
 */
export class SessionRevokedError extends SessionConflictError {
  constructor(message = "the user's sessions were revoked after this login began; check the credentials again") {
    super(message, 'SG_SESSION_REVOKED')
  }
}

/** The request carries an id that was rotated away; in its grace window it is read-only. */
export class SessionRotatedError extends SessionError {
  constructor() {
    super('SG_SESSION_ROTATED', 409, 'this session id was replaced by a newer one and is read-only until it expires')
  }
}

/** Session data that does not survive JSON (BigInt, cycles) or a user id that cannot be stored. */
export class SessionDataError extends SessionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_SESSION_DATA', 500, message, options)
  }
}

/** Session data over the store's item limit; refused loudly instead of being silently dropped. */
export class SessionDataTooLargeError extends SessionError {
  readonly bytes: number
  readonly limit: number
  constructor(bytes: number, limit: number) {
    super('SG_SESSION_DATA_TOO_LARGE', 500, `session data is ${bytes} bytes as JSON, over the limit of ${limit} bytes (DynamoDB items are at most 400 KB)`)
    this.bytes = bytes
    this.limit = limit
  }
}

/** A rotation after the response headers went out could not reach the client; refused before it happens. */
export class HeadersSentError extends SessionError {
  constructor() {
    super('SG_SESSION_HEADERS_SENT', 500, 'the session cookie cannot change after the response headers were sent')
  }
}

/** Raised by stores when a conditional write finds the item changed; the core turns it into a retry or a conflict. */
export class ConditionFailedError extends Error {
  constructor(message = 'conditional write failed') {
    super(message)
    this.name = 'ConditionFailedError'
  }
}
