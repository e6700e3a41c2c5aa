import { BudgetExhaustedError, ConfigError } from '../errors.js'
import { oneLine } from '../http/client.js'
import type { CheckId, CheckOutcome } from '../model/finding.js'

// An attack that cannot complete (a page the victim's browser finds no login form on, a connection the
// target drops, a login that fails halfway) is a check not tested, never the end of the scan: what was
// proven before it stands and the report is written. Only what ends the whole scan goes on up: the
// caller's cancel, the scan's time or request budget, and a configuration error the user must fix.

/** Why the attack could not complete, in one line; rethrows what ends the whole scan. */
export function failureReason(err: unknown, signal: AbortSignal): string {
  if (signal.aborted || err instanceof BudgetExhaustedError || err instanceof ConfigError) throw err
  const message = err instanceof Error ? err.message : String(err)
  return oneLine(message || (err instanceof Error ? err.name : 'failed'), 600)
}

/** Runs one attack; one that cannot complete comes back as its reason (see failureReason). */
export async function settle<T>(
  signal: AbortSignal,
  attack: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: await attack() }
  } catch (err) {
    return { ok: false, reason: failureReason(err, signal) }
  }
}

/** The outcomes of checks whose probe stopped: not tested, with why and where. */
export function notCompleted(ids: readonly CheckId[], reason: string): CheckOutcome[] {
  return ids.map((id) => ({ id, status: 'not-tested' as const, reason: `the attack could not complete: ${reason}` }))
}
