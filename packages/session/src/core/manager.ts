import { ConditionFailedError } from '../errors.js'
import { cookieValues } from '../cookie/parse.js'
import type { SessionRecord, UserRecord } from '../stores/types.js'
import { liveUntil, storeCall, verdict } from './lifecycle.js'
import { resolveOptions, type ResolvedOptions, type SessionManagerOptions } from './options.js'
import { Session, type ResponseContext, type SessionData } from './session.js'
import { hashToken, isWellFormedToken, safeEqual } from './token.js'

/** A live session of a user, as listSessions reports it. `handle` is the token's hash, not a credential. */
export interface SessionInfo {
  handle: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
}

export interface SessionManager<D extends object = SessionData> {
  readonly options: Readonly<ResolvedOptions>
  /** The session of a request from its Cookie header. Throws StoreUnavailableError when the store fails and onStoreError is 'fail'. */
  load(cookieHeader: string | string[] | undefined, ctx?: ResponseContext): Promise<Session<D>>
  /** Ends every session of a user, including ones created a moment ago that the index does not list yet. Returns how many were deleted. */
  revokeUser(userId: string): Promise<number>
  /** The user's live sessions. */
  listSessions(userId: string): Promise<SessionInfo[]>
  /** Ends one session of a user by the handle listSessions gave. Returns whether it existed. */
  revokeSession(userId: string, handle: string): Promise<boolean>
}

const alwaysWritable: ResponseContext = { canSetCookie: () => true }
const MAX_ATTEMPTS = 5

/** The one place sessions are decided; adapters only move cookies between HTTP and this. */
export function createSessionManager<D extends object = SessionData>(options: SessionManagerOptions): SessionManager<D> {
  const opts = resolveOptions(options)
  const { store } = opts

  function background(work: () => Promise<unknown>): Promise<void> {
    return work().then(
      () => undefined,
      (err: unknown) => opts.onBackgroundError(err),
    )
  }

  async function resolveRecord(token: string): Promise<{ record: SessionRecord; state: 'live' | 'grace'; touched: boolean } | undefined> {
    const key = hashToken(token)
    const record = await storeCall('read', () => store.get(key))
    if (!record || !safeEqual(record.key, key)) return undefined
    const now = opts.now()
    const state = verdict(record, opts, now)
    if (state === 'dead') {
      // Cleanup only; the read already refused it. Conditional, so a concurrent write is never undone.
      await background(() => store.write([{ op: 'delete', key, expectedVersion: record.version }]))
      return undefined
    }
    if (record.userId !== undefined && opts.revocationCheck === 'every-read') {
      const user = await storeCall('revocation check', () => store.getUser(record.userId!))
      if ((user?.epoch ?? 0) !== (record.userEpoch ?? 0)) return undefined
    }
    if (state === 'live' && now - record.lastSeenAt >= opts.touchMs) {
      const expiresAt = liveUntil(record, now, opts)
      let touched = false
      await background(async () => {
        touched = await store.touch(key, record.version, now, expiresAt)
      })
      if (touched) return { record: { ...record, lastSeenAt: now, expiresAt }, state, touched }
    }
    return { record, state, touched: false }
  }

  async function load(cookieHeader: string | string[] | undefined, ctx: ResponseContext = alwaysWritable): Promise<Session<D>> {
    const values = cookieValues(cookieHeader, opts.cookie.name)
    // The first well-formed value is the most specific cookie; anything else is never looked up.
    const token = values.find(isWellFormedToken)
    if (token === undefined) {
      const session = new Session<D>(opts, ctx, undefined, 'none')
      if (values.length > 0) session.clearCookie()
      return session
    }
    let found: Awaited<ReturnType<typeof resolveRecord>>
    try {
      found = await resolveRecord(token)
    } catch (err) {
      if (opts.onStoreError === 'fail') throw err
      return new Session<D>(opts, ctx, undefined, 'unavailable')
    }
    if (!found) {
      const session = new Session<D>(opts, ctx, undefined, 'none')
      session.clearCookie()
      return session
    }
    const session = new Session<D>(opts, ctx, found.record, found.state)
    if (found.touched) session.resendCookie(token)
    return session
  }

  async function userKeys(userId: string, user: UserRecord | undefined): Promise<string[]> {
    const indexed = await storeCall('index query', () => store.keysForUser(userId))
    return [...new Set([...(user?.recent.map((r) => r.key) ?? []), ...indexed])]
  }

  async function revokeUser(userId: string): Promise<number> {
    let before: UserRecord | undefined
    for (let attempt = 0; ; attempt++) {
      before = await storeCall('revoke', () => store.getUser(userId))
      const now = opts.now()
      const next: UserRecord = {
        userId,
        epoch: (before?.epoch ?? 0) + 1,
        version: (before?.version ?? 0) + 1,
        recent: [],
        expiresAt: Math.max(before?.expiresAt ?? 0, now + opts.absoluteMs + opts.indexLagMs),
      }
      try {
        // Serializes against logins: a login that committed first is in `recent`; one that did not will fail its condition and retry after this.
        await storeCall('revoke', () => store.write([{ op: 'putUser', user: next, expectedVersion: before?.version ?? null }]))
        break
      } catch (err) {
        if (!(err instanceof ConditionFailedError) || attempt >= MAX_ATTEMPTS * 4) throw err
      }
    }
    let deleted = 0
    for (const key of await userKeys(userId, before)) {
      try {
        await storeCall('revoke', () => store.write([{ op: 'delete', key }]))
        deleted++
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err
      }
    }
    return deleted
  }

  async function listSessions(userId: string): Promise<SessionInfo[]> {
    const user = await storeCall('list', () => store.getUser(userId))
    const records = await storeCall('list', async () => store.getMany(await userKeys(userId, user)))
    const now = opts.now()
    return records
      .filter((r) => r.userId === userId && verdict(r, opts, now) === 'live')
      .filter((r) => opts.revocationCheck === 'on-write' || (r.userEpoch ?? 0) === (user?.epoch ?? 0))
      .map((r) => ({ handle: r.key, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: liveUntil(r, r.lastSeenAt, opts) }))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt)
  }

  async function revokeSession(userId: string, handle: string): Promise<boolean> {
    const record = await storeCall('revoke', () => store.get(handle))
    if (!record || record.userId !== userId) return false
    try {
      await storeCall('revoke', () => store.write([{ op: 'delete', key: handle }]))
      return true
    } catch (err) {
      if (err instanceof ConditionFailedError) return false
      throw err
    }
  }

  return { options: opts, load, revokeUser, listSessions, revokeSession }
}
