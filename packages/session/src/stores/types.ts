// The contract every store meets. Stores are deliberately dumb: conditional primitive writes and
// strongly consistent reads. All policy (expiry, rotation, grace, revocation) lives in the core, so
// MemoryStore and DynamoDBStore behave identically and one conformance suite proves both.

/** One session as stored. `key` is the SHA-256 of the token, never the token. */
export interface SessionRecord {
  key: string
  userId?: string | undefined
  /** JSON text of the session data. */
  data: string
  /** Bumped by every write except touches; every write is conditional on it. */
  version: number
  createdAt: number
  lastSeenAt: number
  absoluteExpiresAt: number
  /** When the item is dead at the latest (idle, absolute or end of grace), in ms; the TTL attribute derives from it. */
  expiresAt: number
  /** The user's revocation epoch when this session was created. */
  userEpoch?: number | undefined
  /** Set when the id was rotated away: the key of its successor. Such a record is read-only until expiresAt. */
  successor?: string | undefined
  /**
   * Set on the id a rotation created: the key it replaced. While that key is in its grace window,
   * logging out of either ends both; "sign out other devices" uses it to follow a rotation whose old
   * key is already gone.
   */
  predecessor?: string | undefined
  /** When the user entered credentials for this session (login), in ms; kept by regenerate(). */
  authenticatedAt?: number | undefined
  /**
   * The authentication factors this session completed (RFC 8176 method names such as `pwd`, `otp`),
   * in the order of their latest completion, each with when it completed (ms): login() records the
   * ones it was given, completeFactor() adds or renews one. Kept by regenerate().
   */
  factors?: FactorRecord[] | undefined
  /** Factors login() said must still be completed before the session counts as logged in (a half-done login). */
  pendingFactors?: string[] | undefined
  /** Recorded at login when the manager's recordDevice option asks for it (a devices page). */
  userAgent?: string | undefined
  ip?: string | undefined
  /**
   * True when a revocation may not find this session, so every read compares its epoch with the
   * user's instead (a revocation then ends it without finding it): the core sets it when the user
   * item's recent list was full at login, and a store that applies a login's writes one by one
   * (without a transaction) sets it on the session it creates, since a failed undo of that create
   * would leave a session whose key is on no list. A store keeps this attribute like any other.
   */
  checkEpoch?: boolean | undefined
}

/** One completed authentication factor of a session. */
export interface FactorRecord {
  method: string
  /** When it completed, in ms. */
  at: number
}

/**
 * The per-user item: revocation epoch plus the keys of recently created sessions (the index may not
 * show them yet). Logins only append to `recent` (conditional on the epoch), so concurrent logins of
 * one user commute; revocation bumps the epoch, deletes every session created under an older epoch,
 * and only then trims the list (so a retried revocation still finds every key).
 */
export interface UserRecord {
  userId: string
  epoch: number
  /** Oldest first: appends go to the end, pruning removes a prefix. */
  recent: RecentKey[]
  expiresAt: number
}

export interface RecentKey {
  key: string
  at: number
}

export type WriteOp =
  /** Create; fails if the key exists. */
  | { op: 'create'; record: SessionRecord }
  /** Overwrite; fails unless the item exists with expectedVersion. */
  | { op: 'replace'; record: SessionRecord; expectedVersion: number }
  /**
   * Delete; fails unless the item exists, with expectedVersion, with expectedSuccessor as its
   * successor (null: none), owned by expectedUserId, and created under an epoch below epochBelow (a
   * record without one counts as epoch 0), each when given.
   */
  | {
      op: 'delete'
      key: string
      expectedVersion?: number | undefined
      expectedSuccessor?: string | null | undefined
      expectedUserId?: string | undefined
      epochBelow?: number | undefined
    }
  /**
   * Appends one entry to the user's recent list (creating the item if needed) and sets its expiry;
   * fails unless the user's epoch is expectedEpoch (a missing item counts as epoch 0) and, when
   * maxRecent is given, the list holds fewer than maxRecent entries (checked atomically with the
   * append, so concurrent logins can never grow the list past it). Appends of concurrent logins all
   * land: nothing but a revocation or a full list makes one fail.
   */
  | { op: 'addRecent'; userId: string; entry: RecentKey; expectedEpoch: number; expiresAt: number; maxRecent?: number | undefined }
  /**
   * Fails unless the user's epoch is expectedEpoch (a missing item counts as epoch 0). A login whose
   * key cannot go on a full recent list checks the epoch with it instead. Without expiresAt it writes
   * nothing (stores without transactions may check it with a strongly consistent read at its place
   * in the order); with it, it also sets the user item's expiry to expiresAt (creating the item if
   * needed), as addRecent does: the epoch such a session is checked against must outlive the session.
   */
  | { op: 'assertEpoch'; userId: string; expectedEpoch: number; expiresAt?: number | undefined }
  /** Removes the first `count` entries of the user's recent list; fails unless entry count-1 is still `last` (so the prefix is exactly the one read). */
  | { op: 'dropRecent'; userId: string; count: number; last: RecentKey }

export interface SessionStore {
  /** Largest serialized session data the store accepts, in bytes. */
  readonly maxDataBytes: number
  /** Strongly consistent read of one session. */
  get(key: string): Promise<SessionRecord | undefined>
  /** Optional, for in-process stores: get() answered synchronously (same result, thrown instead of rejected). */
  getSync?(key: string): SessionRecord | undefined
  /**
   * Strongly consistent reads of several sessions (missing ones are left out). With `fields`, only
   * those attributes (and `key`) are needed: a store may leave the others out (`data` then reads as
   * '{}'), which listSessions uses so it never fetches session data it throws away.
   */
  getMany(keys: string[], fields?: ReadonlyArray<keyof SessionRecord>): Promise<SessionRecord[]>
  /**
   * Applies every op or none. Throws ConditionFailedError when a condition fails; any other error
   * means the store is unavailable. Stores that cannot do transactions apply ops in the given order
   * and undo creates on failure; the core orders ops so that is never unsafe.
   */
  write(ops: WriteOp[]): Promise<void>
  /** Moves lastSeenAt/expiresAt forward without a version bump, only if the item exists with expectedVersion. */
  touch(key: string, expectedVersion: number, lastSeenAt: number, expiresAt: number): Promise<boolean>
  /** Strongly consistent read of a user's item. */
  getUser(userId: string): Promise<UserRecord | undefined>
  /** Optional, for in-process stores: getUser() answered synchronously. */
  getUserSync?(userId: string): UserRecord | undefined
  /**
   * Revocation, atomically: epoch + 1 and expiry set (the item is created if missing); the recent
   * list is left as it is (the core trims it once the deletes are done). Returns the item as it was
   * just before, so every key a login appended before the bump is known. Throws ConditionFailedError
   * on a transient write conflict (retry).
   */
  bumpEpoch(userId: string, expiresAt: number): Promise<UserRecord | undefined>
  /** Session keys of a user through the secondary index; eventually consistent, may lag behind writes. */
  keysForUser(userId: string): Promise<string[]>
  /**
   * Optional: one page of keysForUser, at most `limit` keys after the key `after` in the store's own
   * stable order (a deleted `after` still marks its place), and `next` when more may follow. Without
   * it, paged listSessions reads every key and pages in memory.
   */
  keysForUserPage?(userId: string, limit: number, after?: string): Promise<{ keys: string[]; next?: string | undefined }>
}
