// Authentication factors of a session (RFC 8176 `amr` method names): which were completed and when,
// and which a login still waits for. Names are checked here so nothing odd is stored with a session.
import { SessionDataError } from '../errors.js'
import type { FactorRecord } from '../stores/types.js'

/** Lowercase, short, like RFC 8176's registered values (`pwd`, `otp`, `hwk`, `sms`, `face`...). */
const METHOD = /^[a-z][a-z0-9_-]{0,31}$/
/** More than a handful of factors per session is a bug in the caller, not a login. */
export const MAX_FACTORS = 8

export function checkMethod(method: unknown, where: string): string {
  if (typeof method !== 'string' || !METHOD.test(method))
    throw new SessionDataError(`${where}: a factor is a lowercase method name such as 'pwd' or 'otp' (letters, digits, _ and -, up to 32)`)
  return method
}

/** A list of method names, without repeats; undefined counts as none. */
export function checkMethods(value: unknown, where: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new SessionDataError(`${where} must be an array of factor names such as ['pwd']`)
  const methods = [...new Set(value.map((m) => checkMethod(m, where)))]
  if (methods.length > MAX_FACTORS) throw new SessionDataError(`${where} names more than ${MAX_FACTORS} factors`)
  return methods
}

/** The factors after `method` completed at `now`: an earlier completion of it is replaced, the newest is last. */
export function withCompleted(factors: readonly FactorRecord[] | undefined, method: string, now: number): FactorRecord[] {
  return [...(factors ?? []).filter((f) => f.method !== method), { method, at: now }]
}

/**
 * Attributes for a record. An empty list is undefined (the record leaves it out, so records carry only
 * what they have), and both keys are always present so they override what a rotation carries over.
 */
export function factorAttributes(
  factors: readonly FactorRecord[],
  pending: readonly string[],
): { factors: FactorRecord[] | undefined; pendingFactors: string[] | undefined } {
  const done = new Set(factors.map((f) => f.method))
  const waiting = pending.filter((m) => !done.has(m))
  return {
    factors: factors.length > 0 ? factors.map((f) => Object.freeze({ ...f })) : undefined,
    pendingFactors: waiting.length > 0 ? waiting : undefined,
  }
}
