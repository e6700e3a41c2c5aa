import { ConditionFailedError } from '../errors.js'
import type { SessionRecord, SessionStore, UserRecord, WriteOp } from './types.js'
import { sortedPage } from '../core/user-keys.js'

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
  private readonly sessions = new Map<string, Readonly<SessionRecord>>()
  private readonly users = new Map<string, UserRecord>()
  /** When each key became visible to the simulated index. */
  private readonly indexedAt = new Map<string, number>()
  private readonly indexLagMs: number
  private nextSweepAt = 0
  private readonly now: () => number

  constructor(options: MemoryStoreOptions = {}) {
    this.indexLagMs = options.indexLagMs ?? 0
    this.now = options.now ?? Date.now
    this.maxDataBytes = options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    return this.getSync(key)
  }

  getSync(key: string): SessionRecord | undefined {
    this.sweep()
    // Stored records are frozen and replaced on every write, so the read hands out the item itself.
    return this.sessions.get(key)
  }

  async getMany(keys: string[], _fields?: ReadonlyArray<keyof SessionRecord>): Promise<SessionRecord[]> {
    this.sweep()
    return keys.flatMap((k) => {
      const r = this.sessions.get(k)
      return r ? [r] : []
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
    this.sessions.set(key, Object.freeze({ ...found, lastSeenAt, expiresAt }))
    return true
  }

  async getUser(userId: string): Promise<UserRecord | undefined> {
    return this.getUserSync(userId)
  }

  getUserSync(userId: string): UserRecord | undefined {
    const found = this.users.get(userId)
    return found && { ...found, recent: [...found.recent] }
  }

  async bumpEpoch(userId: string, expiresAt: number): Promise<UserRecord | undefined> {
    const before = this.users.get(userId)
    this.users.set(userId, {
      userId,
      epoch: (before?.epoch ?? 0) + 1,
      recent: [...(before?.recent ?? [])],
      expiresAt: Math.max(expiresAt, before?.expiresAt ?? 0),
    })
    return before && { ...before, recent: [...before.recent] }
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

  async keysForUserPage(userId: string, limit: number, after?: string): Promise<{ keys: string[]; next?: string }> {
    // Key order is stable whatever is deleted meanwhile, as a DynamoDB index position is.
    return sortedPage(await this.keysForUser(userId), limit, after)
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
        if (!found || (op.expectedVersion !== undefined && found.version !== op.expectedVersion))
          throw new ConditionFailedError('session changed or is gone')
        if (op.expectedSuccessor !== undefined && (found.successor ?? null) !== op.expectedSuccessor)
          throw new ConditionFailedError('session was rotated meanwhile')
        if (op.expectedUserId !== undefined && found.userId !== op.expectedUserId)
          throw new ConditionFailedError('session belongs to another user')
        if (op.epochBelow !== undefined && (found.userEpoch ?? 0) >= op.epochBelow)
          throw new ConditionFailedError('session was created after the revocation')
        return
      }
      case 'addRecent':
      case 'assertEpoch': {
        // A missing user item has epoch 0, exactly like `attribute_not_exists(pk) OR epoch = :e` on DynamoDB.
        const user = this.users.get(op.userId)
        if ((user?.epoch ?? 0) !== op.expectedEpoch) throw new ConditionFailedError('user was revoked meanwhile')
        if (op.op === 'addRecent' && op.maxRecent !== undefined && (user?.recent.length ?? 0) >= op.maxRecent)
          throw new ConditionFailedError('recent list is full')
        return
      }
      case 'dropRecent': {
        const found = this.users.get(op.userId)?.recent[op.count - 1]
        if (!found || found.key !== op.last.key || found.at !== op.last.at) throw new ConditionFailedError('recent list changed')
        return
      }
    }
  }

  private apply(op: WriteOp): void {
    switch (op.op) {
      case 'create':
      case 'replace':
        if (op.op === 'create' || op.record.userId !== this.sessions.get(op.record.key)?.userId)
          this.indexedAt.set(op.record.key, this.now())
        this.sessions.set(op.record.key, Object.freeze({ ...op.record }))
        return
      case 'delete':
        this.sessions.delete(op.key)
        this.indexedAt.delete(op.key)
        return
      case 'addRecent': {
        const found = this.users.get(op.userId)
        if (found) {
          found.recent.push({ ...op.entry })
          found.expiresAt = op.expiresAt
        } else {
          this.users.set(op.userId, { userId: op.userId, epoch: op.expectedEpoch, recent: [{ ...op.entry }], expiresAt: op.expiresAt })
        }
        return
      }
      case 'dropRecent':
        this.users.get(op.userId)!.recent.splice(0, op.count)
        return
      case 'assertEpoch': {
        if (op.expiresAt === undefined) return
        const found = this.users.get(op.userId)
        if (found) found.expiresAt = op.expiresAt
        else this.users.set(op.userId, { userId: op.userId, epoch: op.expectedEpoch, recent: [], expiresAt: op.expiresAt })
        return
      }
    }
  }

  /** Like DynamoDB TTL, drops items long past expiry; reads never rely on it (the core checks expiry itself). */
  private sweep(): void {
    if (this.sessions.size < 10_000) return
    // At most once a minute: a full scan on every read would make each request O(sessions).
    const now = this.now()
    if (now < this.nextSweepAt) return
    this.nextSweepAt = now + 60_000
    const cutoff = now - 60_000
    for (const [key, record] of this.sessions) if (record.expiresAt < cutoff) this.sessions.delete(key)
  }
}
