/** A clock tests move by hand, so expiry is proven without waiting. */
export class TestClock {
  current: number
  constructor(start = Date.now()) {
    this.current = start
  }
  now = (): number => this.current
  advance(ms: number): void {
    this.current += ms
  }
}
