// Time for the second factor: TOTP codes are a function of it, and a code an app refuses to take twice
// means waiting for the next period. Tests hand in their own clock (ScanOptions.clock) so no test ever
// waits for real time or depends on where in a period it started.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` (or rejects when `signal` aborts first). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal!.reason as Error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}
