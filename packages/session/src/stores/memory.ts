import { ConditionFailedError } from '../errors.js'
import type { SessionRecord, SessionStore, UserRecord, WriteOp } from './types.js'

export interface MemoryStoreOptions {
  /** Simulated secondary-index lag in ms (tests use it to prove revocation does not depend on the index). */
  indexLagMs?: number
  /** Clock for the simulated index lag and TTL sweeping; defaults to Date.now. */
  now?: () => number
  /** Largest session data in bytes; defaults to the DynamoDB store's limit so behaviour matches. */
  maxDataBytes?: number
}

/** Same item limit as DynamoDB, less room for the other attributes. */
export const DEFAULT_MAX_DATA_BYTES = 400 * 1024 - 4096

/**
 * Single-process store for development and tests, with exactly the semantics of DynamoDBStore:
 * conditional versioned writes, all-or-nothing batches, an index that may lag.
 */
export class MemoryStore implements SessionStore {
  readonly maxDataBytes: number
  private readonly sessions = new Map<string, SessionRecord>()
  private readonly users = new Map<string, UserRecord>()
  /** When each key became visible to the simulated index. */
  private readonly indexedAt = new Map<string, number>()
  private readonly indexLagMs: number
  private readonly now: () => number

  constructor(options: MemoryStoreOptions = {}) {
    this.indexLagMs = options.indexLagMs ?? 0
    this.now = options.now ?? Date.now
    this.maxDataBytes = options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    this.sweep()
    const found = this.sessions.get(key)
    return found && { ...found }
  }

  async getMany(keys: string[]): Promise<SessionRecord[]> {
    this.sweep()
    return keys.flatMap((k) => {
      const r = this.sessions.get(k)
      return r ? [{ ...r }] : []
    })
  }

  async write(ops: WriteOp[]): Promise<void> {
    // Check every condition first, then apply: all or nothing, like TransactWriteItems.
    for (const op of ops) this.check(op)
    for (const op of ops) this.apply(op)
  }

  async touch(key: string, expectedVersion: number, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const found = this.sessions.get(key)
    if (!found || found.version !== expectedVersion) return false
    found.lastSeenAt = lastSeenAt
    found.expiresAt = expiresAt
    return true
  }

  async getUser(userId: string): Promise<UserRecord | undefined> {
    const found = this.users.get(userId)
    return found && { ...found, recent: [...found.recent] }
  }

  async keysForUser(userId: string): Promise<string[]> {
    const visibleBefore = this.now() - this.indexLagMs
    const keys: string[] = []
    for (const [key, record] of this.sessions) {
      if (record.userId !== userId) continue
      if ((this.indexedAt.get(key) ?? 0) > visibleBefore && this.indexLagMs > 0) continue
      keys.push(key)
    }
    return keys
  }

  /** Number of stored session items (tests use it to prove nothing is created or resurrected). */
  get size(): number {
    return this.sessions.size
  }

  private check(op: WriteOp): void {
    switch (op.op) {
      case 'create':
        if (this.sessions.has(op.record.key)) throw new ConditionFailedError('session key already exists')
        return
      case 'replace':
        if (this.sessions.get(op.record.key)?.version !== op.expectedVersion) throw new ConditionFailedError('session changed or is gone')
        return
      case 'delete': {
        const found = this.sessions.get(op.key)
        if (!found || (op.expectedVersion !== undefined && found.version !== op.expectedVersion)) throw new ConditionFailedError('session changed or is gone')
        return
      }
      case 'putUser': {
        const found = this.users.get(op.user.userId)
        if ((found?.version ?? null) !== op.expectedVersion) throw new ConditionFailedError('user item changed')
        return
      }
    }
  }

  private apply(op: WriteOp): void {
    switch (op.op) {
      case 'create':
      case 'replace':
        if (op.op === 'create' || op.record.userId !== this.sessions.get(op.record.key)?.userId) this.indexedAt.set(op.record.key, this.now())
        this.sessions.set(op.record.key, { ...op.record })
        return
      case 'delete':
        this.sessions.delete(op.key)
        this.indexedAt.delete(op.key)
        return
      case 'putUser':
        this.users.set(op.user.userId, { ...op.user, recent: [...op.user.recent] })
        return
    }
  }

  /** Like DynamoDB TTL, drops items long past expiry; reads never rely on it (the core checks expiry itself). */
  private sweep(): void {
    if (this.sessions.size < 10_000) return
    const cutoff = this.now() - 60_000
    for (const [key, record] of this.sessions) if (record.expiresAt < cutoff) this.sessions.delete(key)
  }
}
