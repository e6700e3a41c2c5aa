import { BudgetExhaustedError } from '../errors.js'
import { budgetCut, failureReason, notCompleted } from '../checks/probe-failure.js'
import type { Probe, ProbeContext, ProbeResult } from '../checks/types.js'

/**
 * One probe of a scan. A probe that cannot complete reports its checks as not tested with the reason
 * (the page, the step), and the scan goes on: the findings of earlier probes are kept, the report is
 * written, and the gate decides the exit code. So does a probe the scan's budget cut: its checks are
 * not tested with the budget that ran out. Cancelling and configuration errors still end the scan
 * (checks/probe-failure.ts).
 */
export async function runProbe(probe: Probe, ctx: ProbeContext): Promise<ProbeResult> {
  try {
    return await probe.run(ctx)
  } catch (err) {
    // after the time budget a browser may fail with its own words: the engine knows the budget is spent
    const spent = err instanceof BudgetExhaustedError ? err : ctx.http.exhausted()
    if (spent) {
      ctx.progress({ kind: 'warning', message: `${probe.name}: ${spent.message}; its checks are reported as not tested` })
      return { findings: [], outcomes: budgetCut(probe.checks, spent) }
    }
    const reason = failureReason(err, ctx.http.signal)
    // progress is not redacted as the report is: the ids known so far are masked here
    ctx.progress({
      kind: 'warning',
      message: ctx.redactor.text(`${probe.name}: could not complete (${reason}); its checks are reported as not tested`),
    })
    return { findings: [], outcomes: notCompleted(probe.checks, reason) }
  }
}
