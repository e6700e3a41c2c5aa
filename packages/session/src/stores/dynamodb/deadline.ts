type Listener = (this: unknown, event: { type: 'abort' }) => void

/**
 * The deadline of one DynamoDB call, in the shape the AWS SDK reads a signal in: `aborted`, `reason`,
 * add/removeEventListener and `onabort`. Not a DOM AbortSignal: on Node 20 the EventTarget listeners
 * of one cost about 20 µs per call here (the SDK's retry wrapper and its HTTP handler each add and
 * remove one), two thirds of all this library adds to an authenticated request on DynamoDB; these
 * cost a fraction of a microsecond. `clear()` when the call settles, so no timer outlives it.
 *
 * The SDK destroys the request through it, but the store does not rely on that alone: `race()` ends
 * the call at the deadline whatever the stages before the HTTP handler do (a credentials provider
 * that never answers) and whatever a custom request handler does with the signal (AbortSignal.any()
 * accepts this object but never aborts with it).
 */
export class Deadline {
  aborted = false
  reason: unknown = undefined
  onabort: Listener | null = null
  readonly #listeners: Listener[] = []
  readonly #timer: ReturnType<typeof setTimeout>
  #reject: ((reason: unknown) => void) | undefined

  constructor(ms: number) {
    // not unref'd: while a call is pending its deadline keeps the process up to end it (cleared once it settles)
    this.#timer = setTimeout(() => this.#abort(), ms)
  }

  addEventListener(type: string, listener: Listener): void {
    if (type === 'abort' && !this.aborted && !this.#listeners.includes(listener)) this.#listeners.push(listener)
  }

  removeEventListener(type: string, listener: Listener): void {
    const at = type === 'abort' ? this.#listeners.indexOf(listener) : -1
    if (at >= 0) this.#listeners.splice(at, 1)
  }

  /** `work`, or a rejection with the TimeoutError at the deadline, whichever comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.aborted) return Promise.reject(this.reason)
    const expired = new Promise<never>((_, reject) => (this.#reject = reject))
    return Promise.race([work, expired])
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  clear(): void {
    clearTimeout(this.#timer)
    this.#listeners.length = 0
    this.onabort = null
    this.#reject = undefined
  }

  #abort(): void {
    this.aborted = true
    this.reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const event = { type: 'abort' as const }
    // every listener runs, as on an EventTarget; a throwing one is reported as uncaught, after the others
    let failure: { error: unknown } | undefined
    const run = (listener: Listener): void => {
      try {
        listener.call(this, event)
      } catch (error) {
        failure ??= { error }
      }
    }
    for (const listener of [...this.#listeners]) {
      // a listener that an earlier one removed does not run, as on an EventTarget
      const at = this.#listeners.indexOf(listener)
      if (at < 0) continue
      this.#listeners.splice(at, 1)
      run(listener)
    }
    if (this.onabort) run(this.onabort)
    this.#reject?.(this.reason)
    if (failure) {
      const { error } = failure
      process.nextTick(() => {
        throw error
      })
    }
  }
}
