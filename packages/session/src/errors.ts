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

/** The mark every sessionguard error carries (scanner, CLI and this library alike); see isSessionguardError. */
const BRAND = Symbol.for('sessionguard.error')

/**
 * Whether `err` is an error of any sessionguard package. Checks the shared brand, not `instanceof`,
 * so it holds when node_modules carries two copies of a package.
 */
export function isSessionguardError(
  err: unknown,
): err is { readonly code: string; readonly statusCode?: number; readonly message: string } {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true
}

export class SessionError extends Error {
  readonly code: SessionErrorCode
  readonly statusCode: number
  declare readonly [BRAND]: true
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

const GENERIC_UNAVAILABLE = 'session store unavailable'

/**
 * The store failed (network, throttling, permissions). Sessions fail closed: 503, never logged in.
 *
 * Framework error handlers show `message` (Fastify's JSON body) or `stack` (Express outside
 * production), so both stay generic: the store's own error (its AWS class, its stack) is `cause`,
 * and what failed is `detail`, for logs. `headers` is how Express's and Fastify's default handlers
 * learn to send Retry-After.
 */
export class StoreUnavailableError extends SessionError {
  /** Which operation failed and the store error's name; for logs, never for clients. */
  declare readonly detail: string
  readonly headers: Readonly<Record<string, string>> = { 'retry-after': '1' }
  constructor(detail: string = GENERIC_UNAVAILABLE, options?: { cause?: unknown }) {
    super('SG_SESSION_STORE_UNAVAILABLE', 503, GENERIC_UNAVAILABLE, options)
    // Not enumerable, like `cause`: an app that serializes the error must not ship it to the client.
    Object.defineProperty(this, 'detail', { value: detail, enumerable: false })
    // No frames: the store's stack is on `cause`, and this one would be printed to the client.
    Object.defineProperty(this, 'stack', {
      value: `${this.name}: ${GENERIC_UNAVAILABLE}`,
      writable: true,
      configurable: true,
      enumerable: false,
    })
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
    super(
      'SG_SESSION_DATA_TOO_LARGE',
      500,
      `session data is ${bytes} bytes as JSON, over the limit of ${limit} bytes (DynamoDB items are at most 400 KB)`,
    )
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

// The brand lives on the prototype: one property for every instance, invisible to JSON and spreads.
Object.defineProperty(SessionError.prototype, BRAND, { value: true })

/** Raised by stores when a conditional write finds the item changed; the core turns it into a retry or a conflict. */
export class ConditionFailedError extends Error {
  readonly code = 'SG_SESSION_CONDITION_FAILED'
  /** Should one ever escape the core: a lost race is a conflict. */
  readonly statusCode = 409
  constructor(message = 'conditional write failed') {
    super(message)
    this.name = 'ConditionFailedError'
  }
}
Object.defineProperty(ConditionFailedError.prototype, BRAND, { value: true })
Object.defineProperty(ConditionFailedError.prototype, BRAND, { value: true })
