import type { ScanReport } from '../../../scanner/src/model/index.js'
import type { ScanFn } from '../../src/monitor/index.js'

/** Shaped like the scanner's errors (code + name) without importing the engine. */
export class FakeUnreachable extends Error {
  readonly code = 'SG_TARGET_UNREACHABLE'
  readonly exitCode = 3
  override readonly name = 'TargetUnreachableError'
}
export class FakeLoginFailed extends Error {
  readonly code = 'SG_LOGIN_FAILED'
  readonly exitCode = 2
  override readonly name = 'LoginFailedError'
}

export type Step = ScanReport | Error | ((signal?: AbortSignal) => Promise<ScanReport>)

let seq = 0
// the start of an hour: a test's rounds (of a minute, an hour) never straddle a boundary by chance
const origin = Date.UTC(2026, 0, 1)

/** One clock for the scans and the monitor: every reading is a second after the one before, so order never ties. */
export function fakeNow(): Date {
  seq += 1
  return new Date(origin + seq * 1000)
}

/** A scan's time as the scanner would stamp it. */
function stamp(r: ScanReport): ScanReport {
  const started = fakeNow().getTime()
  return { ...r, startedAt: new Date(started).toISOString(), finishedAt: new Date(started + r.durationMs).toISOString() }
}

/** A scan function that plays a script per target URL and counts calls. */
export function scriptedScan(script: Record<string, Step[]>): ScanFn & { calls: Record<string, number> } {
  const calls: Record<string, number> = {}
  const fn = (async (config, opts) => {
    const n = (calls[config.target] = (calls[config.target] ?? 0) + 1)
    const steps = script[config.target] ?? []
    const step = steps[Math.min(n, steps.length) - 1]
    if (!step) throw new Error(`no scripted step for ${config.target}`)
    if (step instanceof Error) throw step
    if (typeof step === 'function') return stamp(await step(opts.signal))
    return stamp(structuredClone(step))
  }) as ScanFn & { calls: Record<string, number> }
  fn.calls = calls
  return fn
}
