type Listener = (this: unknown, event: { type: 'abort' }) => void

/**
 * The deadline of one DynamoDB call, in the shape the AWS SDK reads a signal in: `aborted`, `reason`,
 * add/removeEventListener and `onabort`. Not a DOM AbortSignal: on Node 20 the EventTarget listeners
 * of one cost about 20 µs per call here (the SDK's retry wrapper and its HTTP handler each add and
 * remove one), two thirds of all this library adds to an authenticated request on DynamoDB; these
 * cost a fraction of a microsecond. `clear()` when the call settles, so no timer outlives it.
 */
export class Deadline {
  aborted = false
  reason: unknown = undefined
  onabort: Listener | null = null
  readonly #listeners: Listener[] = []
  readonly #timer: ReturnType<typeof setTimeout>

  constructor(ms: number) {
    this.#timer = setTimeout(() => this.#abort(), ms)
    this.#timer.unref()
  }

  addEventListener(type: string, listener: Listener): void {
    if (type === 'abort' && !this.aborted && !this.#listeners.includes(listener)) this.#listeners.push(listener)
  }

  removeEventListener(type: string, listener: Listener): void {
    const at = type === 'abort' ? this.#listeners.indexOf(listener) : -1
    if (at >= 0) this.#listeners.splice(at, 1)
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  clear(): void {
    clearTimeout(this.#timer)
    this.#listeners.length = 0
    this.onabort = null
  }

  #abort(): void {
    this.aborted = true
    this.reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const event = { type: 'abort' as const }
    // every listener runs, as on an EventTarget; a throwing one is reported as uncaught, after the others
    let failure: { error: unknown } | undefined
    for (const listener of [...this.#listeners.splice(0), ...(this.onabort ? [this.onabort] : [])]) {
      try {
        listener.call(this, event)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure) {
      const { error } = failure
      process.nextTick(() => {
        throw error
      })
    }
  }
}
