// A clock the test owns: time moves only when someone sleeps on it (the scanner waiting for the next
// TOTP period), so a test never waits for real time nor depends on where in a period it started.
export class ManualClock {
  constructor(private ms = Date.UTC(2030, 0, 1, 0, 0, 0)) {}

  readonly now = (): number => this.ms

  /** Moves the time forward by `ms` at once; an aborted signal still rejects. */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    this.ms += Math.max(0, ms)
    this.slept += Math.max(0, ms)
    return Promise.resolve()
  }

  /** How long sleepers asked to wait, all together. */
  slept = 0

  advance(ms: number): void {
    this.ms += ms
  }
}
