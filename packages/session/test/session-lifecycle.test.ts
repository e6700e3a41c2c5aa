// Session (core/session.ts) rule by rule where the conformance suite only checks the common path:
// how long a write retries before it gives up, what a store fault says it failed at, what happens
// once the response headers are out, which cookie a change sends, and what the stored records hold
// (issue 29). A controlled clock and store calls failed or raced on purpose; no timing.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ConditionFailedError,
  createSessionManager,
  HeadersSentError,
  MemoryStore,
  SessionConflictError,
  SessionDataError,
  SessionDataTooLargeError,
  SessionRevokedError,
  SessionRotatedError,
  StoreUnavailableError,
  type ResponseContext,
  type Session,
  type SessionManagerOptions,
  type WriteOp,
} from '@sessionguard/session'
import { TestClock } from './helpers/clock.js'
import { InstrumentedStore } from './helpers/instrumented-store.js'

const START = 1_700_000_000_000

function setup(extra: Partial<SessionManagerOptions> = {}) {
  const clock = new TestClock(START)
  const store = new InstrumentedStore(new MemoryStore())
  const sessions = createSessionManager({ store, now: clock.now, cookie: { secure: false }, ...extra })
  return { clock, store, sessions }
}

/** The cookie a browser sends back after this response. */
function cookieOf(s: Session): string {
  const header = s.takeSetCookie()
  assert.ok(header, 'a Set-Cookie was sent')
  return header.split(';')[0]!
}

const conflict = (message: string) => (err: unknown) => {
  assert.ok(err instanceof SessionConflictError, String(err))
  assert.equal(err.message, message)
  return true
}

const unavailable = (detail: string) => (err: unknown) => {
  assert.ok(err instanceof StoreUnavailableError, String(err))
  assert.equal(err.detail, detail)
  return true
}

const throttled = () => Object.assign(new Error('slow down'), { name: 'ThrottlingException' })

test('a data write that loses to a concurrent write every time gives up after 12 attempts with a conflict, never overwriting', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.set({ n: 0 })
  const cookie = cookieOf(s)
  const writer = await sessions.load(cookie)
  assert.deepEqual(writer.data, { n: 0 })
  let raced = 0
  // Before each of this request's writes lands, another request writes the session first.
  store.beforeWrite = async (ops) => {
    const op = ops[0]!
    if (op.op !== 'replace') return
    const current = (await store.inner.get(op.record.key))!
    raced++
    await store.inner.write([
      { op: 'replace', record: { ...current, version: current.version + 1, data: `{"n":${raced}}` }, expectedVersion: current.version },
    ])
  }
  await assert.rejects(writer.set({ mine: true }), conflict('session data changed too often concurrently; giving up'))
  assert.equal(raced, 12)
  assert.deepEqual(writer.data, { n: 12 }, 'the request sees the data as it last read it')
  store.beforeWrite = undefined
  assert.deepEqual((await sessions.load(cookie)).data, { n: 12 })
})

test("a new session's create that collides every time gives up after 12 fresh ids; a store fault stops it at once", async () => {
  const { store, sessions } = setup()
  let creates = 0
  store.beforeWrite = (ops) => {
    if (ops[0]?.op === 'create') creates++
    throw new ConditionFailedError()
  }
  const s = await sessions.load(undefined)
  await assert.rejects(s.set({ a: 1 }), conflict('could not create a session'))
  assert.equal(creates, 12)
  assert.equal(s.takeSetCookie(), undefined)
  assert.equal(s.state, 'none')

  creates = 0
  store.beforeWrite = (ops) => {
    if (ops[0]?.op === 'create') creates++
    throw throttled()
  }
  await assert.rejects(s.set({ a: 1 }), unavailable('session store failed during create: ThrottlingException'))
  assert.equal(creates, 1)
  store.beforeWrite = undefined
  await s.set({ a: 1 })
  assert.equal(s.state, 'live')
  assert.deepEqual((await sessions.load(cookieOf(s))).data, { a: 1 })
})

test('a login whose write conflicts every time gives up after 12 attempts and keeps the session it had', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.set({ cart: 'x' })
  const before = cookieOf(s)
  let rotations = 0
  store.beforeWrite = (ops) => {
    rotations++
    assert.equal(ops[0]?.op, 'create')
    throw new ConditionFailedError() // a DynamoDB transaction colliding with another, say
  }
  const again = await sessions.load(before)
  await assert.rejects(again.login('ann'), conflict('session rotation kept conflicting with concurrent requests; giving up'))
  assert.equal(rotations, 12)
  assert.equal(again.takeSetCookie(), undefined)
  store.beforeWrite = undefined
  const kept = await sessions.load(before)
  assert.equal(kept.state, 'live')
  assert.equal(kept.userId, undefined)
  assert.deepEqual(kept.data, { cart: 'x' })
})

test('a store fault names the step that failed: set, login, rotation, reload, regenerate', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  const cookie = cookieOf(s)

  const setter = await sessions.load(cookie)
  store.failWith = throttled()
  await assert.rejects(setter.set({ b: 2 }), unavailable('session store failed during set: ThrottlingException'))
  await assert.rejects(setter.login('bea'), unavailable('session store failed during login: ThrottlingException'))
  store.failWith = undefined

  // The user item reads fine; the rotation's write fails.
  store.beforeWrite = () => {
    throw throttled()
  }
  await assert.rejects((await sessions.load(cookie)).login('bea'), unavailable('session store failed during rotation: ThrottlingException'))

  // The write loses a race, and the store fails on the read after it.
  store.beforeWrite = () => {
    store.failWith = throttled()
    throw new ConditionFailedError()
  }
  await assert.rejects((await sessions.load(cookie)).set({ c: 3 }), unavailable('session store failed during reload: ThrottlingException'))
  store.failWith = undefined
  store.beforeWrite = undefined

  const logged = await sessions.load(cookie)
  await logged.login('bea')
  const user = cookieOf(logged)
  // A regenerate that loses a race re-reads the user's epoch: the store fails there.
  let first = true
  store.beforeWrite = () => {
    if (!first) return
    first = false
    throw new ConditionFailedError()
  }
  const origGetUser = store.getUser.bind(store)
  store.getUser = async () => {
    throw throttled()
  }
  await assert.rejects((await sessions.load(user)).regenerate(), unavailable('session store failed during regenerate: ThrottlingException'))
  store.getUser = origGetUser
})

test('once the response headers are out, nothing that would need a new cookie is written, and a logout sends none', async () => {
  const { store, sessions } = setup()
  const seen: string[] = []
  const sent: ResponseContext = { canSetCookie: () => false, setCookie: (v) => void seen.push(v) }
  const fresh = await sessions.load(undefined, sent)
  await assert.rejects(fresh.set({ a: 1 }), HeadersSentError)
  await assert.rejects(fresh.login('cat'), HeadersSentError)
  assert.equal(store.writes, 0)

  const s = await sessions.load(undefined)
  await s.login('cat', { data: { a: 1 } })
  const cookie = cookieOf(s)
  const late = await sessions.load(cookie, sent)
  await late.set({ a: 2 }) // same id: no cookie needed
  await assert.rejects(late.regenerate(), HeadersSentError)
  await late.logout()
  assert.equal((await sessions.load(cookie)).state, 'none')
  assert.deepEqual(seen, [])
  assert.equal(late.takeSetCookie(), undefined)
})

test('an adapter that takes cookies as they change gets each Set-Cookie at once, and nothing waits for takeSetCookie', async () => {
  const { sessions } = setup()
  const seen: string[] = []
  const ctx: ResponseContext = { canSetCookie: () => true, setCookie: (v) => void seen.push(v) }
  const s = await sessions.load(undefined, ctx)
  await s.set({ a: 1 })
  await s.login('dan')
  assert.equal(seen.length, 2)
  assert.match(seen[0]!, /^sid=[\w-]{43}; /)
  assert.notEqual(seen[1]!.split(';')[0], seen[0]!.split(';')[0])
  assert.equal(s.takeSetCookie(), undefined)
  await s.logout()
  assert.match(seen[2]!, /^sid=; .*Max-Age=0/)
})

test('a touched read re-sends a persistent cookie (its Max-Age slides) and never a browser-session cookie', async () => {
  for (const maxAge of [undefined, '1h'] as const) {
    const { clock, sessions } = setup({ touchInterval: '1m', cookie: { secure: false, ...(maxAge ? { maxAge } : {}) } })
    const s = await sessions.load(undefined)
    await s.set({ a: 1 })
    const cookie = cookieOf(s)
    clock.advance(30_000)
    assert.equal((await sessions.load(cookie)).takeSetCookie(), undefined, 'not touched yet: nothing to send')
    clock.advance(60_000)
    const touched = await sessions.load(cookie)
    if (maxAge === undefined) assert.equal(touched.takeSetCookie(), undefined)
    else assert.equal(touched.takeSetCookie(), `${cookie}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600`)
  }
})

/** Lists `n` keys (of sessions that do not exist) on a user item, as logins at `at` would have. */
async function listKeys(store: InstrumentedStore, userId: string, n: number, at: number, expiresAt = START + 86_400_000): Promise<void> {
  for (let i = 0; i < n; i++)
    await store.inner.write([{ op: 'addRecent', userId, entry: { key: `k${at}-${i}`.padEnd(43, 'x'), at }, expectedEpoch: 0, expiresAt }])
}

async function loginOnce(sessions: ReturnType<typeof setup>['sessions'], userId: string): Promise<Session> {
  const s = await sessions.load(undefined)
  await s.login(userId)
  return s
}

test('a login prunes the listed keys older than indexLagAllowance (to the millisecond) once there are 16, and never fewer', async () => {
  for (const [stale, left] of [
    [15, 16],
    [16, 1],
  ] as const) {
    const { clock, store, sessions } = setup({ indexLagAllowance: '1m' })
    await listKeys(store, 'eve', stale, START)
    clock.advance(60_000) // exactly indexLagAllowance later: the index covers them by now
    await loginOnce(sessions, 'eve')
    assert.equal((await store.inner.getUser('eve'))!.recent.length, left, `${stale} stale keys`)
  }
})

test('a login drops at most 100 keys per write (one update expression), the oldest first', async () => {
  const { clock, store, sessions } = setup({ indexLagAllowance: '1m' })
  await listKeys(store, 'fay', 150, START)
  clock.advance(120_000)
  const s = await loginOnce(sessions, 'fay')
  const recent = (await store.inner.getUser('fay'))!.recent
  assert.equal(recent.length, 51)
  assert.equal(recent[0]!.key, `k${START}-100`.padEnd(43, 'x'))
  assert.equal(recent.at(-1)!.key, s.handle)
})

test('a full list is pruned of even one stale key, and a login onto a full list with none stale writes nothing more', async () => {
  const { clock, store, sessions } = setup({ indexLagAllowance: '1m' })
  await listKeys(store, 'gus', 3, START)
  clock.advance(60_000)
  await listKeys(store, 'gus', 497, clock.now())
  store.resetCounts()
  await loginOnce(sessions, 'gus') // left off the full list; 3 keys are stale
  assert.equal(store.writes, 2, 'the rotation, then the prune')
  assert.equal((await store.inner.getUser('gus'))!.recent.length, 497)

  const other = setup({ indexLagAllowance: '1m' })
  await listKeys(other.store, 'gus', 500, START)
  other.store.resetCounts()
  const s = await loginOnce(other.sessions, 'gus')
  assert.equal(s.userId, 'gus')
  assert.equal(other.store.writes, 1, 'the rotation only: nothing to prune')
})

test('a prune that fails is reported as a background error and the login stands; one that lost a race is not reported', async () => {
  const errors: unknown[] = []
  const { clock, store, sessions } = setup({ indexLagAllowance: '1m', onBackgroundError: (e) => void errors.push(e) })
  await listKeys(store, 'hal', 20, START)
  clock.advance(120_000)
  store.beforeWrite = (ops) => {
    if (ops[0]?.op === 'dropRecent') throw throttled()
  }
  const s = await loginOnce(sessions, 'hal')
  assert.equal(s.userId, 'hal')
  assert.equal(errors.length, 1)
  assert.equal((errors[0] as Error).name, 'ThrottlingException')
  store.beforeWrite = (ops) => {
    if (ops[0]?.op === 'dropRecent') throw new ConditionFailedError()
  }
  await loginOnce(sessions, 'hal')
  assert.equal(errors.length, 1)
  assert.equal((await store.inner.getUser('hal'))!.recent.length, 22)
})

test('a listed login keeps its user item alive for the whole session plus indexLagAllowance', async () => {
  const { store, sessions } = setup({ absoluteTimeout: '2h', indexLagAllowance: '5m' })
  const s = await loginOnce(sessions, 'ida')
  const user = (await store.inner.getUser('ida'))!
  assert.equal(user.expiresAt, START + 2 * 3_600_000 + 5 * 60_000)
  assert.deepEqual(user.recent, [{ key: s.handle, at: START }])
})

test("a login onto a full list refreshes the user item's expiry only when it would end before the session plus half the lag", async () => {
  const abs = 2 * 3_600_000
  const lag = 10 * 60_000
  for (const [userExpires, refreshed] of [
    [START + abs + lag / 2 - 1, true],
    [START + abs + lag / 2, false],
  ] as const) {
    const { store, sessions } = setup({ absoluteTimeout: '2h', indexLagAllowance: '10m' })
    await listKeys(store, 'jo', 500, START, userExpires)
    const ops: WriteOp[] = []
    store.beforeWrite = (w) => void ops.push(...w)
    const s = await loginOnce(sessions, 'jo')
    const assertEpoch = ops.find((o) => o.op === 'assertEpoch')
    assert.deepEqual(assertEpoch, {
      op: 'assertEpoch',
      userId: 'jo',
      expectedEpoch: 0,
      ...(refreshed ? { expiresAt: START + abs + lag } : {}),
    })
    assert.equal((await store.inner.getUser('jo'))!.expiresAt, refreshed ? START + abs + lag : userExpires)
    assert.equal((await store.inner.get(s.handle!))!.checkEpoch, true)
  }
})

test('a rotation that finds its session revoked ends it even when the delete fails (reported), and clears the cookie', async () => {
  const errors: unknown[] = []
  const { store, sessions } = setup({ rotationGrace: 0, onBackgroundError: (e) => void errors.push(e) })
  for (const fault of [throttled(), new ConditionFailedError()]) {
    const s = await loginOnce(sessions, 'kim')
    const held = await sessions.load(cookieOf(s))
    await store.inner.bumpEpoch('kim', START + 3_600_000) // revokeUser's bump landed; its deletes have not
    store.beforeWrite = (ops) => {
      if (ops[0]?.op === 'delete') throw fault
    }
    await assert.rejects(held.regenerate(), (err: unknown) => {
      assert.ok(err instanceof SessionRevokedError, String(err))
      assert.equal(err.message, 'the session was revoked during this request')
      return true
    })
    store.beforeWrite = undefined
    assert.equal(held.state, 'none')
    assert.match(held.takeSetCookie() ?? '', /^sid=; .*Max-Age=0/)
  }
  assert.equal(errors.length, 1, 'the throttled delete is reported; the one that found the session gone is not')
  assert.equal((errors[0] as Error).name, 'ThrottlingException')
})

test('stored records hold only the attributes they have: no undefined left by a rotation of a session without device details', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  await s.login('lee', { amr: ['pwd'], pending: ['otp'] })
  await s.completeFactor('otp')
  await s.regenerate()
  const record = (await store.inner.get(s.handle!))!
  assert.deepEqual(
    Object.entries(record).filter(([, v]) => v === undefined),
    [],
  )
  assert.equal('userAgent' in record || 'ip' in record, false)
})

test('a session dies in the store no later than its absolute deadline, and a rotated-away id no later than its own', async () => {
  const { clock, store, sessions } = setup({ idleTimeout: '1h', absoluteTimeout: '40m', rotationGrace: '10s' })
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  assert.equal((await store.inner.get(s.handle!))!.expiresAt, START + 40 * 60_000, 'idle would end later than the absolute deadline')
  await s.login('max')
  const logged = (await store.inner.get(s.handle!))!
  assert.equal(logged.expiresAt, START + 40 * 60_000)
  clock.advance(39 * 60_000 + 55_000) // 5 s before the absolute deadline: shorter than the grace window
  const again = await sessions.load(cookieOf(s))
  await again.regenerate()
  assert.equal((await store.inner.get(logged.key))!.expiresAt, START + 40 * 60_000)
})

test('regenerate without a session does nothing: no write, no cookie, still no session', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.regenerate()
  assert.equal(store.writes, 0)
  assert.equal(s.takeSetCookie(), undefined)
  assert.equal(s.state, 'none')
  assert.equal(s.handle, undefined)
  assert.equal(s.expiresAt, undefined)
})

test('a write that meets a logout or an expiry leaves the request without a session; one that meets a rotation leaves it on the read-only old id', async () => {
  const { clock, store, sessions } = setup({ rotationGrace: '10s' })
  const s = await sessions.load(undefined)
  await s.set({ cart: 'x' })
  const cookie = cookieOf(s)

  const writer = await sessions.load(cookie)
  assert.equal(writer.expiresAt, START + 30 * 60_000)
  await (await sessions.load(cookie)).logout()
  await assert.rejects(writer.set({ more: 1 }), conflict('the session ended (logout, revocation or expiry) during this request'))
  assert.equal(writer.state, 'none')
  assert.equal(writer.handle, undefined)
  assert.deepEqual(writer.data, {})

  // The write races another request's write, and by the time it looks again the session has idled out.
  const u = await sessions.load(undefined)
  await u.set({ cart: 'w' })
  const idle = await sessions.load(cookieOf(u))
  store.beforeWrite = async () => {
    store.beforeWrite = undefined
    const current = (await store.inner.get(u.handle!))!
    await store.inner.write([{ op: 'replace', record: { ...current, version: current.version + 1 }, expectedVersion: current.version }])
    clock.advance(30 * 60_000)
  }
  await assert.rejects(idle.set({ more: 1 }), conflict('the session ended (logout, revocation or expiry) during this request'))
  assert.equal(idle.state, 'none')
  assert.equal(idle.handle, undefined)
  assert.deepEqual(idle.data, {})

  const t = await sessions.load(undefined)
  await t.set({ cart: 'y' })
  const second = cookieOf(t)
  const late = await sessions.load(second)
  assert.deepEqual(late.data, { cart: 'y' }) // read before the rotation
  const loginReq = await sessions.load(second)
  await loginReq.set({ cart: 'z' })
  await loginReq.login('ned', { keep: ['cart'] })
  await assert.rejects(late.set({ more: 1 }), SessionRotatedError)
  assert.equal(late.state, 'grace')
  assert.equal(late.handle, t.handle)
  assert.deepEqual(late.data, { cart: 'z' }, 'the old id as the store has it now')
  assert.equal(late.userId, undefined)
  assert.equal((await store.inner.get(t.handle!))!.successor, loginReq.handle)
})

test('a data change that returns no object, an array or a string is refused as not a plain object; a non-JSON one names why', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  for (const bad of [undefined, [1], 'x', 1])
    await assert.rejects(
      s.update(() => bad as never),
      (err: unknown) => err instanceof SessionDataError && err.message === 'session data must be a plain object',
      String(bad),
    )
  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  await assert.rejects(s.set(cyclic), (err: unknown) => {
    assert.ok(err instanceof SessionDataError)
    assert.match(err.message, /^session data must be JSON-serializable: Converting circular structure to JSON/)
    assert.ok(err.cause instanceof TypeError)
    return true
  })
  assert.equal(store.writes, 0)
})

test('login keep carries only keys the data holds: an absent, inherited or __proto__ key carries nothing', async () => {
  const { store, sessions } = setup()
  const fresh = await sessions.load(undefined)
  await fresh.login('oz', { keep: ['cart'] }) // no session before: nothing to keep
  assert.equal((await store.inner.get(fresh.handle!))!.data, '{}')

  const s = await sessions.load(undefined)
  await s.set({ cart: 'x' })
  await s.login('oz', { keep: ['__proto__', 'toString', 'constructor', 'missing', 'cart'] })
  assert.equal((await store.inner.get(s.handle!))!.data, '{"cart":"x"}')
})

test('a session records at most 8 factors: a ninth completion is refused, completing one it has again is not', async () => {
  const { sessions } = setup()
  const s = await sessions.load(undefined)
  const eight = ['pwd', 'otp', 'hwk', 'sms', 'face', 'fpt', 'pin', 'kba']
  await s.login('pat', { amr: eight })
  await s.completeFactor('otp') // replaces its earlier completion: still 8
  assert.deepEqual(s.amr, [...eight.filter((m) => m !== 'otp'), 'otp'])
  await assert.rejects(
    s.completeFactor('swk'),
    (err: unknown) => err instanceof SessionDataError && err.message === 'a session records at most 8 factors',
  )
  assert.equal(s.amr.length, 8)
})

test('completeFactor with null options completes the factor as with none', async () => {
  const { sessions } = setup()
  const s = await sessions.load(undefined)
  await s.login('quin', { amr: ['pwd'], pending: ['otp'] })
  await s.completeFactor('otp', null as never)
  assert.equal(s.userId, 'quin')
  assert.deepEqual(s.amr, ['pwd', 'otp'])
})

test('a request holding a read from before a write and a rotation cannot write over the rotated-away id: versions only move forward', async () => {
  const { store, sessions } = setup({ rotationGrace: '10s' })
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  const cookie = cookieOf(s)
  const stale = await sessions.load(cookie) // read at the first version
  const other = await sessions.load(cookie)
  await other.set({ a: 2 })
  await other.login('rae')
  await assert.rejects(stale.set({ a: 3 }), SessionRotatedError)
  const old = (await store.inner.get(s.handle!))!
  assert.equal(old.successor, other.handle, 'the old id still leads to the new one')
  assert.equal((await sessions.load(cookie)).state, 'grace')
})

test('reads of a session that is not there, or waits for nothing, give empty answers instead of throwing', async () => {
  const { sessions } = setup()
  const none = await sessions.load(undefined)
  assert.deepEqual(none.pendingFactors, [])
  assert.deepEqual(none.factors, [])
  assert.equal(none.authenticatedAt, undefined)
  assert.equal(none.handle, undefined)
  const s = await sessions.load(undefined)
  await s.login('sue')
  assert.equal(s.pendingUserId, undefined)
  assert.deepEqual(s.pendingFactors, [])
})

test('the rotated-away id of a login waiting for a factor waits for nothing and names no user', async () => {
  const { sessions } = setup({ rotationGrace: '10s' })
  const s = await sessions.load(undefined)
  await s.login('tom', { amr: ['pwd'], pending: ['otp'] })
  const between = cookieOf(s)
  const held = await sessions.load(between)
  await s.completeFactor('otp')
  const old = await sessions.load(between)
  assert.equal(old.state, 'grace')
  assert.deepEqual(old.pendingFactors, [])
  assert.equal(old.pendingUserId, undefined)
  assert.deepEqual(held.pendingFactors, ['otp'], 'a request that read it before still sees what it read')
})

test('factor names are checked with the name of the call in the message', async () => {
  const { sessions } = setup()
  const s = await sessions.load(undefined)
  const named = (where: string) => (err: unknown) => err instanceof SessionDataError && err.message.startsWith(`${where}: a factor is`)
  assert.throws(() => s.hasFactor('PWD'), named('hasFactor'))
  await assert.rejects(s.completeFactor('PWD'), named('completeFactor'))
  await assert.rejects(s.login('uma', { amr: ['PWD'] }), named('login amr'))
  await assert.rejects(s.login('uma', { pending: ['PWD'] }), named('login pending'))
  await s.login('uma', { amr: ['pwd'] })
  assert.throws(
    () => s.hasFactor('pwd', 'soon' as never),
    (err: unknown) => err instanceof Error && err.message.startsWith('hasFactor within must be'),
  )
})

test('a session loaded while the store was down stays read-only and cannot log out, even once the store is back', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.login('val')
  const cookie = cookieOf(s)
  const lenient = createSessionManager({ store, now: () => START, cookie: { secure: false }, onStoreError: 'unauthenticated' })
  store.failWith = throttled()
  const degraded = await lenient.load(cookie)
  store.failWith = undefined
  assert.equal(degraded.state, 'unavailable')
  store.resetCounts()
  await assert.rejects(degraded.set({ a: 1 }), unavailable('session store unavailable; session is read-only'))
  await assert.rejects(degraded.logout(), unavailable('session store unavailable; cannot log out now'))
  assert.equal(store.writes, 0)
  assert.equal(degraded.takeSetCookie(), undefined)
  assert.equal((await sessions.load(cookie)).userId, 'val')
})

test('logout without a session writes nothing and clears the cookie; a store fault during a logout names the logout', async () => {
  const { store, sessions } = setup()
  const none = await sessions.load(undefined)
  await none.logout()
  assert.equal(store.writes, 0)
  assert.match(none.takeSetCookie() ?? '', /^sid=; .*Max-Age=0/)
  const s = await loginOnce(sessions, 'wes')
  const live = await sessions.load(cookieOf(s))
  store.failWith = throttled()
  await assert.rejects(live.logout(), unavailable('session store failed during logout: ThrottlingException'))
})

test('session data up to maxDataBytes as JSON is stored, one byte more is refused', async () => {
  const { sessions } = setup({ maxDataBytes: 20 })
  const s = await sessions.load(undefined)
  await s.set({ n: 'x'.repeat(12) }) // {"n":"xxxxxxxxxxxx"} is 20 bytes
  await assert.rejects(s.set({ n: 'x'.repeat(13) }), SessionDataTooLargeError)
  assert.deepEqual((await sessions.load(cookieOf(s))).data, { n: 'x'.repeat(12) })
})

test("a revoked-once user's sessions keep its epoch through a login, an account switch and a regenerate that retries", async () => {
  const { store, sessions } = setup()
  await store.inner.bumpEpoch('xia', START + 3_600_000) // revoked once, long ago: epoch 1
  const s = await sessions.load(undefined)
  await s.login('yan')
  await s.login('xia') // an account switch: the new user's epoch, not the old one's
  assert.equal(s.userId, 'xia')
  assert.equal((await store.inner.get(s.handle!))!.userEpoch, 1)
  let first = true
  store.beforeWrite = () => {
    if (!first) return
    first = false
    throw new ConditionFailedError() // a transaction collision: the regenerate looks again and retries
  }
  await s.regenerate()
  assert.equal(s.userId, 'xia')
  assert.equal((await store.inner.get(s.handle!))!.userEpoch, 1)
  assert.equal((await sessions.load(cookieOf(s))).userId, 'xia')
})

test('an anonymous regenerate reads and writes no user item', async () => {
  const { store, sessions } = setup()
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  const ops: WriteOp[] = []
  store.beforeWrite = (w) => void ops.push(...w)
  store.resetCounts()
  await s.regenerate()
  assert.equal(store.userReads, 0)
  assert.deepEqual(
    ops.map((o) => o.op),
    ['create', 'replace'],
  )
})

test('with no grace window, an anonymous id logged in past a full recent list stays, dead, to lead a logout to the new id', async () => {
  const { store, sessions } = setup({ rotationGrace: 0 })
  await listKeys(store, 'zed', 500, START)
  const s = await sessions.load(undefined)
  await s.set({ a: 1 })
  const anonymous = cookieOf(s)
  const held = await sessions.load(anonymous) // a request on the anonymous id, read before the login
  const oldKey = s.handle!
  await s.login('zed')
  assert.equal((await store.inner.get(oldKey))!.successor, s.handle)
  assert.equal((await sessions.load(anonymous)).state, 'none')
  await held.logout()
  assert.equal((await sessions.load(cookieOf(s))).state, 'none', 'the logout on the old id ended the login too')
})

test('with no grace window, a logout on an id an earlier version deleted at rotation finds the new id through the user list and ends it', async () => {
  const { store, sessions } = setup({ rotationGrace: 0 })
  const s = await loginOnce(sessions, 'amy')
  const first = cookieOf(s)
  const held = await sessions.load(first) // a request on the old id, read before the rotation
  const oldKey = s.handle!
  const other = await sessions.load(first)
  await other.regenerate()
  // A server of an earlier version deleted the old id at rotation instead of keeping it with its link.
  const old = (await store.inner.get(oldKey))!
  await store.inner.write([{ op: 'delete', key: oldKey, expectedVersion: old.version }])
  await held.logout()
  assert.equal((await sessions.load(cookieOf(other))).state, 'none')
})
