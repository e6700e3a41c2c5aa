import { ConditionFailedError, StoreUnavailableError } from '../errors.js'
import type { SessionRecord } from '../stores/types.js'
import type { ResolvedOptions } from './options.js'

export type Verdict = 'live' | 'grace' | 'dead'

/**
 * Decides from the record alone whether it still authenticates. Expiry is computed from the
 * configured timeouts on every read, never from TTL (DynamoDB deletes expired items up to days late).
 */
export function verdict(record: SessionRecord, opts: ResolvedOptions, now: number): Verdict {
  const absoluteEnd = Math.min(record.absoluteExpiresAt, record.createdAt + opts.absoluteMs)
  if (now >= absoluteEnd) return 'dead'
  if (record.successor !== undefined) return now < record.expiresAt ? 'grace' : 'dead'
  if (now >= record.lastSeenAt + opts.idleMs) return 'dead'
  return 'live'
}

/**
 * Whether a read of `record` must compare its epoch with its user's: every-read mode, or a session
 * marked checkEpoch (one a revocation may not find). Every path that reads a session for a request
 * asks this.
 */
export function checksEpoch(record: SessionRecord | undefined, opts: ResolvedOptions): record is SessionRecord & { userId: string } {
  return record !== undefined && record.userId !== undefined && (opts.revocationCheck === 'every-read' || record.checkEpoch === true)
}

/** A test of whether a record is dead by now (refused on read, in grace no more), for walks along rotation links. */
export function deadBy(opts: ResolvedOptions): (record: SessionRecord) => boolean {
  return (record) => verdict(record, opts, opts.now()) === 'dead'
}

/** The moment a live record dies if nobody touches it. */
export function liveUntil(record: Pick<SessionRecord, 'absoluteExpiresAt'>, lastSeenAt: number, opts: ResolvedOptions): number {
  return Math.min(lastSeenAt + opts.idleMs, record.absoluteExpiresAt)
}

/** Runs a store call, turning anything but a failed condition into StoreUnavailableError (fail closed). */
export async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw storeFailure(what, err)
  }
}

/** The error to rethrow for a failed store call: conditions stay as they are, anything else means unavailable. */
export function storeFailure(what: string, err: unknown): Error {
  if (err instanceof ConditionFailedError || err instanceof StoreUnavailableError) return err
  return new StoreUnavailableError(`session store failed during ${what}: ${(err as Error)?.name ?? 'error'}`, { cause: err })
}
