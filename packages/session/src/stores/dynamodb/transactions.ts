// When a multi-item write goes out as one TransactWriteItems and when as ordered conditional writes.
// Ordered writes exist for engines without transactions (dynalite); on an engine that has them they
// are weaker (a lost answer can leave an orphan session), so one odd error must never switch them on
// for good: the decision is re-probed, bounded in time, and always announced.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

/**
 * 'auto' (default): always transactions on an AWS endpoint; elsewhere probe, fall back to ordered
 * writes while the engine answers UnknownOperationException, and never again once a transaction
 * went through. 'required': never fall back. 'ordered': never send TransactWriteItems (dynalite).
 */
export type TransactionsMode = 'auto' | 'required' | 'ordered'

export interface StoreWarning {
  /**
   * 'transactions-unavailable': the engine does not implement TransactWriteItems; writes go in order
   * until the next probe. 'transactions-failed': an engine that must or did support transactions
   * answered UnknownOperationException; the write failed closed (503) instead of falling back.
   */
  code: 'transactions-unavailable' | 'transactions-failed'
  message: string
  cause?: unknown
}

export type WarningHandler = (warning: StoreWarning) => void

const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/i

export const isUnknownOperation = (err: unknown): boolean => (err as { name?: string })?.name === 'UnknownOperationException'

/** The default warning handler: Node's process warnings (stderr unless the app listens for 'warning'). */
export function emitProcessWarning(warning: StoreWarning): void {
  process.emitWarning(warning.message, { type: 'SessionguardWarning', code: warning.code })
}

export class TransactionPolicy {
  #mode: 'auto' | 'required' | 'ordered' | undefined
  /** A transaction went through (or was cancelled by a condition): this engine has them. */
  #supported = false
  #nextProbeAt = 0
  #probing: Promise<void> | undefined

  constructor(
    private readonly configured: TransactionsMode | undefined,
    private readonly client: DynamoDBClient,
    private readonly probeIntervalMs: number,
    private readonly onWarning: WarningHandler,
  ) {}

  /** Runs one multi-item write as a transaction or in order, as the engine allows. */
  async write(transact: () => Promise<void>, ordered: () => Promise<void>): Promise<void> {
    const mode = await this.#resolve()
    if (mode === 'ordered') return ordered()
    if (mode === 'required' || this.#supported) return this.#transact(transact)
    if (this.#probing) {
      // Decide again on the probe's answer: supported, unavailable until the next probe, or (a network
      // error told nothing) this write probes in turn.
      await this.#probing
      return this.write(transact, ordered)
    }
    const now = Date.now()
    if (now < this.#nextProbeAt) return ordered()
    // This write is the probe; concurrent ones wait for its answer instead of probing too.
    let done!: () => void
    this.#probing = new Promise((r) => (done = r))
    this.#nextProbeAt = now + this.probeIntervalMs
    try {
      await transact()
      this.#supported = true
      return
    } catch (err) {
      if ((err as { name?: string })?.name === 'TransactionCanceledException') this.#supported = true
      if (!isUnknownOperation(err)) {
        this.#nextProbeAt = 0 // a network or condition error says nothing about support: probe again next time
        throw err
      }
      this.#warn({
        code: 'transactions-unavailable',
        message: `DynamoDB engine answered UnknownOperationException to TransactWriteItems: session rotations use ordered conditional writes until the next probe in ${Math.round(this.probeIntervalMs / 1000)}s (set transactions: 'ordered' for an engine without transactions, 'required' to never fall back)`,
        cause: err,
      })
    } finally {
      this.#probing = undefined
      done()
    }
    return ordered()
  }

  async #transact(transact: () => Promise<void>): Promise<void> {
    try {
      await transact()
    } catch (err) {
      if (isUnknownOperation(err))
        this.#warn({
          code: 'transactions-failed',
          message: `DynamoDB answered UnknownOperationException to TransactWriteItems on an engine that ${this.#supported ? 'has run transactions before' : 'must support them'}; the write failed instead of falling back to ordered writes`,
          cause: err,
        })
      throw err
    }
  }

  #warn(warning: StoreWarning): void {
    try {
      const returned: unknown = this.onWarning(warning)
      if (returned instanceof Promise) returned.catch(() => {})
    } catch {
      // a throwing (or rejecting) handler must not turn a decided write into a failure
    }
  }

  async #resolve(): Promise<'auto' | 'required' | 'ordered'> {
    if (this.#mode) return this.#mode
    if (this.configured === 'required' || this.configured === 'ordered') return (this.#mode = this.configured)
    return (this.#mode = (await this.#targetsAws()) ? 'required' : 'auto')
  }

  /** Real DynamoDB always has transactions: the SDK's own endpoint, or an amazonaws.com one given explicitly (FIPS, VPC endpoints). */
  async #targetsAws(): Promise<boolean> {
    const config = this.client.config as { isCustomEndpoint?: boolean; endpoint?: () => Promise<{ hostname?: string }> }
    if (config.isCustomEndpoint === false) return true
    try {
      const endpoint = await config.endpoint?.()
      return AWS_HOST.test(endpoint?.hostname ?? '')
    } catch {
      return false
    }
  }
}
