/**
 * Token bucket: `rate` requests per second on average with bursts up to `rate`, so a short scan is
 * not slowed down while a long one (token sampling) stays polite.
 */
export class RateLimiter {
  private tokens: number
  private last = performance.now()
  private queue: Promise<void> = Promise.resolve()

  constructor(private rate: number) {
    this.tokens = rate
  }

  /** Changes the rate from now on (the bucket keeps what it holds, up to the new size). */
  setRate(rate: number): void {
    this.rate = rate
  }

  take(signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.wait(signal))
    // a rejected wait must not poison the chain for later callers
    this.queue = next.catch(() => undefined)
    return next
  }

  private async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const now = performance.now()
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      const ms = Math.ceil(((1 - this.tokens) / this.rate) * 1000)
      await new Promise((r) => setTimeout(r, ms))
    }
  }
}
