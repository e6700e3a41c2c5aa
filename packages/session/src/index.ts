export { createSessionManager, type SessionManager, type SessionInfo, type SessionPage, type ListOptions } from './core/manager.js'
export { Session, type SessionData, type SessionState, type ResponseContext, type LoginOptions } from './core/session.js'
export type { SessionManagerOptions } from './core/options.js'
export { parseDuration, type Duration } from './core/duration.js'
export { generateToken, hashToken, isWellFormedToken } from './core/token.js'
export { cookieValues, parseCookieHeader } from './cookie/parse.js'
export type { CookieOptions, SameSite } from './cookie/options.js'
export { MemoryStore, type MemoryStoreOptions } from './stores/memory.js'
export type { SessionStore, SessionRecord, UserRecord, WriteOp, FactorRecord } from './stores/types.js'
export {
  SessionError,
  SessionConfigError,
  StoreUnavailableError,
  SessionConflictError,
  SessionRevokedError,
  SessionRotatedError,
  SessionDataError,
  SessionDataTooLargeError,
  HeadersSentError,
  ConditionFailedError,
  isSessionguardError,
  type SessionErrorCode,
} from './errors.js'
