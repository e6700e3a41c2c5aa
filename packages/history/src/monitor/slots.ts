// How many scans a monitor runs at once: at most `scans` in all, at most `perOrigin` against one origin
// (a scan already paces itself; two at once would double the load on one app and make their rate limits
// meaningless), and at most `browsers` that log in with a browser (each starts a Chromium of its own,
// the largest share of a monitor's memory).

export interface ConcurrencyLimits {
  scans: number
  perOrigin: number
  browsers: number
}

export const DEFAULT_LIMITS: ConcurrencyLimits = { scans: 1, perOrigin: 1, browsers: 1 }

/** What a scan occupies while it runs. */
export interface SlotNeeds {
  origin: string
  browser: boolean
}

export class Slots {
  private running = 0
  private browsers = 0
  private readonly byOrigin = new Map<string, number>()
  private readonly limits: ConcurrencyLimits

  constructor(limits: ConcurrencyLimits) {
    this.limits = limits
  }

  get active(): number {
    return this.running
  }

  canStart(n: SlotNeeds): boolean {
    return (
      this.running < this.limits.scans &&
      (this.byOrigin.get(n.origin) ?? 0) < this.limits.perOrigin &&
      (!n.browser || this.browsers < this.limits.browsers)
    )
  }

  start(n: SlotNeeds): void {
    if (!this.canStart(n)) throw new Error('no free slot')
    this.running += 1
    this.byOrigin.set(n.origin, (this.byOrigin.get(n.origin) ?? 0) + 1)
    if (n.browser) this.browsers += 1
  }

  finish(n: SlotNeeds): void {
    this.running -= 1
    const left = (this.byOrigin.get(n.origin) ?? 1) - 1
    if (left > 0) this.byOrigin.set(n.origin, left)
    else this.byOrigin.delete(n.origin)
    if (n.browser) this.browsers -= 1
  }
}
