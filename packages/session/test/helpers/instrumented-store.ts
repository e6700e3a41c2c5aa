import type { SessionRecord, SessionStore, UserRecord, WriteOp } from '@sessionguard/session'

/**
 * Wraps a real store to count its calls, make it fail on demand, or hide new sessions from the
 * user index (the lag a DynamoDB GSI may show), without changing what the store itself does.
 */
export class InstrumentedStore implements SessionStore {
  reads = 0
  writes = 0
  touches = 0
  userReads = 0
  readKeys: string[] = []
  failWith: Error | undefined
  /** While true, keysForUser returns nothing, as an index that has not caught up. */
  indexBlind = false
  /** Runs before each write reaches the store: throw to fail it (a throttle), or act first (a racing request). */
  beforeWrite: ((ops: WriteOp[]) => void | Promise<void>) | undefined
  /** Runs after each epoch bump, before its caller continues (a request racing a revocation). */
  afterBump: ((userId: string) => void | Promise<void>) | undefined

  /** Present exactly when the wrapped store has them, so the manager takes the same read path as without the wrapper. */
  readonly getSync?: (key: string) => SessionRecord | undefined
  readonly getUserSync?: (userId: string) => UserRecord | undefined
  readonly keysForUserPage?: (userId: string, limit: number, after?: string) => Promise<{ keys: string[]; next?: string | undefined }>
  syncReads = 0

  constructor(readonly inner: SessionStore) {
    const { getSync, getUserSync, keysForUserPage } = inner
    if (keysForUserPage)
      this.keysForUserPage = async (userId, limit, after) => {
        this.guard()
        return this.indexBlind ? { keys: [] } : keysForUserPage.call(inner, userId, limit, after)
      }
    if (getSync)
      this.getSync = (key) => {
        this.guard()
        this.reads++
        this.syncReads++
        this.readKeys.push(key)
        return getSync.call(inner, key)
      }
    if (getUserSync)
      this.getUserSync = (userId) => {
        this.guard()
        this.userReads++
        return getUserSync.call(inner, userId)
      }
  }

  get maxDataBytes(): number {
    return this.inner.maxDataBytes
  }

  private guard(): void {
    if (this.failWith) throw this.failWith
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    this.guard()
    this.reads++
    this.readKeys.push(key)
    return this.inner.get(key)
  }
  async getMany(keys: string[], fields?: ReadonlyArray<keyof SessionRecord>): Promise<SessionRecord[]> {
    this.guard()
    return this.inner.getMany(keys, fields)
  }
  async write(ops: WriteOp[]): Promise<void> {
    this.guard()
    this.writes++
    await this.beforeWrite?.(ops)
    return this.inner.write(ops)
  }
  async touch(key: string, expectedVersion: number, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    this.guard()
    this.touches++
    return this.inner.touch(key, expectedVersion, lastSeenAt, expiresAt)
  }
  async getUser(userId: string): Promise<UserRecord | undefined> {
    this.guard()
    this.userReads++
    return this.inner.getUser(userId)
  }
  async bumpEpoch(userId: string, expiresAt: number): Promise<UserRecord | undefined> {
    this.guard()
    this.writes++
    const before = await this.inner.bumpEpoch(userId, expiresAt)
    await this.afterBump?.(userId)
    return before
  }
  async keysForUser(userId: string): Promise<string[]> {
    this.guard()
    return this.indexBlind ? [] : this.inner.keysForUser(userId)
  }
  resetCounts(): void {
    this.reads = this.writes = this.touches = this.userReads = this.syncReads = 0
    this.readKeys = []
  }
}
