import { BudgetExhaustedError, ConfigError } from '../errors.js'
import { oneLine } from '../http/client.js'
import type { CheckId, CheckOutcome } from '../model/finding.js'
import { ENABLE } from './needs.js'

// An attack that cannot complete (a page the victim's browser finds no login form on, a connection the
// target drops, a login that fails halfway, the scan's time or request budget running out) is a check
// not tested, never the end of the scan: what was proven before it stands and the report is written.
// Only the caller's cancel and a configuration error the user must fix go on up. Once the budget is
// spent every further request fails at once, so the attacks after it cost nothing and say the same.

/** "the scan's budget ran out (request budget of 60 used up)": the reason of every check it cut. */
export function budgetReason(err: BudgetExhaustedError): string {
  return `the scan's budget ran out (${err.message})`
}

/** Why the attack could not complete, in one line; rethrows what ends the whole scan. */
export function failureReason(err: unknown, signal: AbortSignal): string {
  if (err instanceof BudgetExhaustedError) return budgetReason(err)
  if (signal.aborted || err instanceof ConfigError) throw err
  const message = err instanceof Error ? err.message : String(err)
  return oneLine(message || (err instanceof Error ? err.name : 'failed'), 600)
}

/** Runs one attack; one that cannot complete comes back as its reason (see failureReason), and the budget error when that was why. */
export async function settle<T>(
  signal: AbortSignal,
  attack: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: string; spent?: BudgetExhaustedError }> {
  try {
    return { ok: true, value: await attack() }
  } catch (err) {
    return { ok: false, reason: failureReason(err, signal), ...(err instanceof BudgetExhaustedError ? { spent: err } : {}) }
  }
}

/** The outcomes of checks whose probe stopped: not tested, with why and where. */
export function notCompleted(ids: readonly CheckId[], reason: string): CheckOutcome[] {
  return ids.map((id) => ({ id, status: 'not-tested' as const, reason: `the attack could not complete: ${reason}` }))
}

/** The outcomes of checks the scan's budget cut: not tested, with the budget that ran out and how to raise it. */
export function budgetCut(ids: readonly CheckId[], err: BudgetExhaustedError): CheckOutcome[] {
  return ids.map((id) => ({ id, status: 'not-tested' as const, reason: budgetReason(err), enableWith: ENABLE.budget }))
}
