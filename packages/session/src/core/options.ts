import { SessionConfigError } from '../errors.js'
import { resolveCookieOptions, type CookieOptions, type ResolvedCookieOptions } from '../cookie/options.js'
import type { SessionStore } from '../stores/types.js'
import { parseDuration, type Duration } from './duration.js'

export interface SessionManagerOptions {
  store: SessionStore
  /** A session unused this long is dead. Default '30m'. */
  idleTimeout?: Duration
  /** A session is dead this long after login, however active. Default '12h'. */
  absoluteTimeout?: Duration
  /** At most one "last seen" write per session per interval. Default '1m' (never more than half the idle timeout). */
  touchInterval?: Duration
  /** How long a rotated-away id keeps serving in-flight requests: read-only and logged out. Default '10s'; 0 deletes it at once. */
  rotationGrace?: Duration
  /** How long new session keys stay listed on the user item, covering secondary-index lag for revokeUser. Default '15m'. */
  indexLagAllowance?: Duration
  /**
   * 'on-write' (default): revokeUser is race-safe through the user item that every login writes in the
   * same transaction, so a read costs one GetItem. 'every-read' also compares the user's revocation
   * epoch on every authenticated read (one more strongly consistent read per request).
   */
  revocationCheck?: 'on-write' | 'every-read'
  /** What a request gets when the store fails while loading its session: 'fail' → 503 (default); 'unauthenticated' → a session that is logged out and refuses writes. */
  onStoreError?: 'fail' | 'unauthenticated'
  cookie?: CookieOptions
  /** Largest session data in bytes (JSON); capped by the store's own limit. */
  maxDataBytes?: number
  /** The clock; inject one to test expiry. Default Date.now. */
  now?: () => number
  /** Errors of best-effort writes (touch, cleanup of expired items) that must not fail a request. */
  onBackgroundError?: (error: unknown) => void
  /** Opt-in: store the client's user agent and/or IP address at login, for listSessions (a devices page). Default: neither. */
  recordDevice?: { userAgent?: boolean; ip?: boolean }
}

export interface ResolvedOptions {
  store: SessionStore
  idleMs: number
  absoluteMs: number
  touchMs: number
  graceMs: number
  indexLagMs: number
  revocationCheck: 'on-write' | 'every-read'
  onStoreError: 'fail' | 'unauthenticated'
  cookie: ResolvedCookieOptions
  maxDataBytes: number
  now: () => number
  onBackgroundError: (error: unknown) => void
  recordDevice: { userAgent: boolean; ip: boolean }
}

export function resolveOptions(options: SessionManagerOptions): ResolvedOptions {
  if (!options || typeof options.store?.get !== 'function')
    throw new SessionConfigError('createSessionManager needs a store (MemoryStore or DynamoDBStore)')
  const idleMs = parseDuration(options.idleTimeout ?? '30m', 'idleTimeout')
  const absoluteMs = parseDuration(options.absoluteTimeout ?? '12h', 'absoluteTimeout')
  if (idleMs <= 0 || absoluteMs <= 0) throw new SessionConfigError('idleTimeout and absoluteTimeout must be positive')
  const touchMs = Math.min(parseDuration(options.touchInterval ?? '1m', 'touchInterval'), Math.floor(idleMs / 2))
  const graceMs = parseDuration(options.rotationGrace ?? '10s', 'rotationGrace')
  if (graceMs > 60_000) throw new SessionConfigError('rotationGrace above 1 minute keeps rotated ids alive too long')
  const revocationCheck = options.revocationCheck ?? 'on-write'
  if (revocationCheck !== 'on-write' && revocationCheck !== 'every-read')
    throw new SessionConfigError(`revocationCheck must be 'on-write' or 'every-read'`)
  const onStoreError = options.onStoreError ?? 'fail'
  if (onStoreError !== 'fail' && onStoreError !== 'unauthenticated')
    throw new SessionConfigError(`onStoreError must be 'fail' or 'unauthenticated'`)
  return {
    store: options.store,
    idleMs,
    absoluteMs,
    touchMs,
    graceMs,
    indexLagMs: parseDuration(options.indexLagAllowance ?? '15m', 'indexLagAllowance'),
    revocationCheck,
    onStoreError,
    cookie: resolveCookieOptions(options.cookie),
    maxDataBytes: Math.min(options.maxDataBytes ?? Infinity, options.store.maxDataBytes),
    now: options.now ?? Date.now,
    onBackgroundError: options.onBackgroundError ?? (() => {}),
    recordDevice: { userAgent: options.recordDevice?.userAgent === true, ip: options.recordDevice?.ip === true },
  }
}
