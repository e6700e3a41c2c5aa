// Ending a chain of rotated ids (core/linked.ts) while the store changes under it, each interleaving
// forced by holding a store call and running the concurrent change before it goes through (issue 29:
// the retry after a concurrent rotation, the chain bound and a store fault were unpinned).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { endLinked } from '../src/core/linked.js'
import { ConditionFailedError, SessionConflictError, StoreUnavailableError } from '../src/errors.js'
import { MemoryStore } from '../src/stores/memory.js'
import type { SessionRecord, SessionStore, UserRecord, WriteOp } from '../src/stores/types.js'

const NOW = 1_700_000_000_000

function record(
  key: string,
  links: { successor?: string | undefined; predecessor?: string | undefined; userId?: string | undefined } = {},
): SessionRecord {
  return {
    key,
    data: '{}',
    version: 1,
    createdAt: NOW,
    lastSeenAt: NOW,
    absoluteExpiresAt: NOW + 3_600_000,
    expiresAt: NOW + 3_600_000,
    ...links,
  }
}

/**
 * A store whose writes can be held: `beforeWrite` runs before a write reaches the store (the
 * concurrent change lands first), and may throw to fail it.
 */
class HeldStore extends MemoryStore {
  beforeWrite: ((ops: WriteOp[]) => Promise<void> | void) | undefined
  gets: string[] = []
  userReads = 0
  batchReads = 0
  override async write(ops: WriteOp[]): Promise<void> {
    const hook = this.beforeWrite
    await hook?.(ops)
    return super.write(ops)
  }
  override async get(key: string): Promise<SessionRecord | undefined> {
    this.gets.push(key)
    return super.get(key)
  }
  override async getUser(userId: string): Promise<UserRecord | undefined> {
    this.userReads++
    return super.getUser(userId)
  }
  /** As DynamoDB answers a projected read: the key and the fields asked for, nothing else. */
  override async getMany(keys: string[], fields?: ReadonlyArray<keyof SessionRecord>): Promise<SessionRecord[]> {
    this.batchReads++
    const found = await super.getMany(keys, fields)
    if (!fields) return found
    return found.map(
      (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k === 'key' || fields.includes(k as keyof SessionRecord))) as never,
    )
  }
}

async function seed(store: SessionStore, ...records: SessionRecord[]): Promise<void> {
  await store.write(records.map((r) => ({ op: 'create', record: r })))
}

/** The rotation a concurrent request makes: `from` gets a successor `to`, which names `from` back. */
async function rotate(store: SessionStore, from: string, to: string): Promise<void> {
  const old = (await store.get(from))!
  await store.write([
    { op: 'create', record: record(to, { predecessor: from, userId: old.userId }) },
    { op: 'replace', record: { ...old, successor: to, version: old.version + 1 }, expectedVersion: old.version },
  ])
}

/** None of these records has expired (the walk's rule for dead predecessors is tested in the conformance suite). */
const never = (): boolean => false

const alive = async (store: SessionStore, ...keys: string[]): Promise<string[]> =>
  (await Promise.all(keys.map(async (k) => ((await store.get(k)) ? k : undefined)))).filter((k): k is string => k !== undefined)

test('a logout whose delete meets a concurrent rotation retries and also ends the new id', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a'))
  let held = 0
  store.beforeWrite = async (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'a' && held++ === 0) await rotate(store, 'a', 'b')
  }
  const start = (await store.get('a'))!
  const deleted = await endLinked(store, start, 'logout', { dead: never })
  assert.deepEqual(await alive(store, 'a', 'b'), [], 'the id the rotation created is ended too')
  assert.equal(deleted, 2)
  assert.equal(held, 2, 'the delete of the start was tried again after the re-read')
})

test('a logout whose start is ended meanwhile by another logout returns what it deleted, without error', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a'))
  store.beforeWrite = async (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'a') {
      store.beforeWrite = undefined
      await store.write([{ op: 'delete', key: 'a' }])
      throw new ConditionFailedError('deleted meanwhile')
    }
  }
  assert.equal(await endLinked(store, record('a'), 'logout', { dead: never }), 0)
})

test('both ids of a rotation in its grace window are ended, from either end', async () => {
  for (const start of ['old', 'new']) {
    const store = new HeldStore({ now: () => NOW })
    await seed(store, record('old', { successor: 'new' }), record('new', { predecessor: 'old' }))
    assert.equal(await endLinked(store, (await store.get(start))!, 'logout', { dead: never }), 2, start)
    assert.deepEqual(await alive(store, 'old', 'new'), [], start)
  }
})

test('a predecessor that does not name the start back is not part of its chain and is left alone', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('other', { successor: 'elsewhere' }), record('start', { predecessor: 'other' }))
  assert.equal(await endLinked(store, (await store.get('start'))!, 'logout', { dead: never }), 1)
  assert.deepEqual(await alive(store, 'other', 'start'), ['other'])
})

test("a revocation by one user leaves another user's session linked to the same browser alone", async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(
    store,
    record('anon', { successor: 'alice' }),
    record('alice', { predecessor: 'anon', successor: 'bob', userId: 'alice' }),
    record('bob', { predecessor: 'alice', userId: 'bob' }),
  )
  const deleted = await endLinked(store, (await store.get('alice'))!, 'revokeSession', { ownerId: 'alice', dead: never })
  assert.deepEqual(await alive(store, 'anon', 'alice', 'bob'), ['bob'])
  assert.equal(deleted, 1 + 1)
})

test('a linked id rotated again while it is being ended is followed to its new successor', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { successor: 'b' }), record('b', { predecessor: 'a' }))
  let once = true
  store.beforeWrite = async (ops) => {
    if (once && ops[0]?.op === 'delete' && ops[0].key === 'b') {
      once = false
      await rotate(store, 'b', 'c')
    }
  }
  const deleted = await endLinked(store, (await store.get('a'))!, 'logout', { dead: never })
  assert.deepEqual(await alive(store, 'a', 'b', 'c'), [])
  assert.equal(deleted, 3)
})

test('a chain longer than the bound fails with a conflict instead of reporting a partial logout', async () => {
  const store = new HeldStore({ now: () => NOW })
  const n = 70
  const chain = Array.from({ length: n }, (_, i) =>
    record(`k${i}`, { ...(i > 0 ? { predecessor: `k${i - 1}` } : {}), ...(i < n - 1 ? { successor: `k${i + 1}` } : {}) }),
  )
  await seed(store, ...chain)
  await assert.rejects(endLinked(store, (await store.get('k0'))!, 'logout', { dead: never }), SessionConflictError)
  // the start still exists: a retry can walk the chain again
  assert.deepEqual(await alive(store, 'k0'), ['k0'])
  // a chain within the bound is ended whole
  const short = new HeldStore({ now: () => NOW })
  await seed(short, ...chain.slice(0, 60).map((r, i) => (i === 59 ? { ...r, successor: undefined } : r)))
  assert.equal(await endLinked(short, (await short.get('k0'))!, 'logout', { dead: never }), 60)
})

test('a session that keeps rotating under every delete fails with a conflict after a bounded number of tries', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('s0'))
  let n = 0
  store.beforeWrite = async (ops) => {
    const op = ops[0]
    if (op?.op === 'delete') {
      const r = await store.get(op.key)
      if (r && !r.successor) await rotate(store, op.key, `r${++n}`)
      else throw new ConditionFailedError('changed')
    }
  }
  await assert.rejects(endLinked(store, (await store.get('s0'))!, 'logout', { dead: never }), SessionConflictError)
  // each rotation adds a link to follow before the delete is tried again: the chain bound stops it
  assert.ok(n >= 1 && n <= 64, `gave up after ${n} rotations`)
})

test('a store fault during a linked delete stops the logout as unavailable and keeps the start for a retry', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('old', { successor: 'new' }), record('new', { predecessor: 'old' }))
  store.beforeWrite = (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'new') throw new Error('socket hang up')
  }
  await assert.rejects(endLinked(store, (await store.get('old'))!, 'logout', { dead: never }), (err: unknown) => {
    assert.ok(err instanceof StoreUnavailableError, String(err))
    return true
  })
  assert.deepEqual(await alive(store, 'old', 'new'), ['old', 'new'], 'nothing was ended: the id the caller holds still exists')
  // the fault is gone: the retry ends both
  store.beforeWrite = undefined
  assert.equal(await endLinked(store, (await store.get('old'))!, 'logout', { dead: never }), 2)
  assert.deepEqual(await alive(store, 'old', 'new'), [])
})

test('a store fault midway through a chain ends the far end first, so the retry from the start still reaches every id left', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { successor: 'b' }), record('b', { predecessor: 'a', successor: 'c' }), record('c', { predecessor: 'b' }))
  const order: string[] = []
  store.beforeWrite = (ops) => {
    const op = ops[0]
    if (op?.op !== 'delete') return
    order.push(op.key)
    if (order.length === 2) throw new Error('socket hang up')
  }
  await assert.rejects(endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), StoreUnavailableError)
  assert.deepEqual(order, ['c', 'b'], 'the newest id is the first to go')
  assert.deepEqual(await alive(store, 'a', 'b', 'c'), ['a', 'b'])
  store.beforeWrite = undefined
  assert.equal(await endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), 2)
  assert.deepEqual(await alive(store, 'a', 'b', 'c'), [])
})

test('a chain past the bound fails before it deletes anything, so every retry fails too instead of reporting a partial logout', async () => {
  const store = new HeldStore({ now: () => NOW })
  const n = 70
  await seed(
    store,
    ...Array.from({ length: n }, (_, i) =>
      record(`k${i}`, { ...(i > 0 ? { predecessor: `k${i - 1}` } : {}), ...(i < n - 1 ? { successor: `k${i + 1}` } : {}) }),
    ),
  )
  for (let attempt = 0; attempt < 2; attempt++)
    await assert.rejects(endLinked(store, (await store.get('k0'))!, 'logout', { dead: never }), SessionConflictError)
  assert.equal((await alive(store, ...Array.from({ length: n }, (_, i) => `k${i}`))).length, n)
})

/** k0 … k(n-1), each rotated to the next within its grace window: k(n-1) is the live id. */
function chainOf(n: number): SessionRecord[] {
  return Array.from({ length: n }, (_, i) =>
    record(`k${i}`, { ...(i > 0 ? { predecessor: `k${i - 1}` } : {}), ...(i < n - 1 ? { successor: `k${i + 1}` } : {}) }),
  )
}

test('older ids past the bound do not fail the walk from the newest one: it ends the 64 newest ids', async () => {
  // a thief rotating a stolen session 70 times within one grace window must not make its revocation fail every time
  const store = new HeldStore({ now: () => NOW })
  const n = 70
  await seed(store, ...chainOf(n))
  assert.equal(await endLinked(store, (await store.get(`k${n - 1}`))!, 'revokeSession', { dead: never }), 64)
  // the ones left each name a successor: rotated-away ids, which sign nobody in and end with their grace window
  assert.deepEqual(await alive(store, ...chainOf(n).map((r) => r.key)), ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'])
})

test('a rotation of the start that lands after its older ids filled the bound is still followed and ended', async () => {
  const store = new HeldStore({ now: () => NOW })
  const n = 64
  await seed(store, ...chainOf(n))
  const head = `k${n - 1}`
  let rotated = false
  store.beforeWrite = async (ops) => {
    // held: the delete of the live id, after every older id was read and ended; the thief rotates it now
    if (!rotated && ops[0]?.op === 'delete' && ops[0].key === head) {
      rotated = true
      await rotate(store, head, 'newest')
    }
  }
  assert.equal(await endLinked(store, (await store.get(head))!, 'revokeSession', { dead: never }), n + 1)
  assert.ok(rotated, 'the rotation ran inside the walk')
  assert.deepEqual(await alive(store, 'newest', ...chainOf(n).map((r) => r.key)), [])
})

test('a store fault on the final delete is unavailable, not a conflict', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a'))
  store.beforeWrite = () => {
    throw new Error('throttled')
  }
  await assert.rejects(endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), StoreUnavailableError)
  assert.deepEqual(await alive(store, 'a'), ['a'])
})

/** The user's recent list, as logins append to it. */
async function listed(store: SessionStore, userId: string, ...keys: string[]): Promise<void> {
  for (const key of keys)
    await store.write([{ op: 'addRecent', userId, entry: { key, at: NOW }, expectedEpoch: 0, expiresAt: NOW + 3_600_000 }])
}

test('a logged-in session whose logout meets a concurrent rotation also ends the new id', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { userId: 'alice' }))
  let held = 0
  store.beforeWrite = async (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'a' && held++ === 0) await rotate(store, 'a', 'b')
  }
  assert.equal(await endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), 2)
  assert.deepEqual(await alive(store, 'a', 'b'), [])
})

test('a logout whose start is rotated again under every delete gives up after eight tries with a conflict, the start kept', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { userId: 'alice' }))
  let tries = 0
  store.beforeWrite = async (ops) => {
    // (the rotations stop after 20: a walk without its bound would then succeed instead of hanging)
    if (ops[0]?.op === 'delete' && ops[0].key === 'a' && ++tries <= 20) await rotate(store, 'a', `r${tries}`)
  }
  await assert.rejects(endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), (err: unknown) => {
    assert.ok(err instanceof SessionConflictError, String(err))
    assert.match(err.message, /^the session kept changing while it was being ended; try again/)
    return true
  })
  assert.equal(tries, 8)
  assert.deepEqual(await alive(store, 'a'), ['a'])
})

test('a linked id rotated again under every delete gives up after eight tries with a conflict, the start kept', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { successor: 'b' }), record('b', { predecessor: 'a' }))
  let tries = 0
  store.beforeWrite = async (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'b' && ++tries <= 20) await rotate(store, 'b', `r${tries}`)
  }
  await assert.rejects(endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), (err: unknown) => {
    assert.ok(err instanceof SessionConflictError, String(err))
    assert.match(err.message, /^a linked session kept changing while it was being ended; try again/)
    return true
  })
  assert.equal(tries, 8)
  assert.deepEqual(await alive(store, 'a'), ['a'])
})

test('the chain bound is 64 ids: a chain of 64 is ended whole, one of 65 fails with a conflict', async () => {
  const chain = (n: number): SessionRecord[] =>
    Array.from({ length: n }, (_, i) =>
      record(`k${i}`, { ...(i > 0 ? { predecessor: `k${i - 1}` } : {}), ...(i < n - 1 ? { successor: `k${i + 1}` } : {}) }),
    )
  const whole = new HeldStore({ now: () => NOW })
  await seed(whole, ...chain(64))
  assert.equal(await endLinked(whole, (await whole.get('k0'))!, 'logout', { dead: never }), 64)
  const over = new HeldStore({ now: () => NOW })
  await seed(over, ...chain(65))
  await assert.rejects(endLinked(over, (await over.get('k0'))!, 'logout', { dead: never }), (err: unknown) => {
    assert.ok(err instanceof SessionConflictError, String(err))
    assert.match(err.message, /^the session kept rotating while it was being ended; try again/)
    return true
  })
})

test("a revocation of a session that turns out to be another user's ends nothing and says so", async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('s', { userId: 'bob' }))
  assert.equal(await endLinked(store, (await store.get('s'))!, 'revokeSession', { ownerId: 'alice', dead: never }), 0)
  assert.deepEqual(await alive(store, 's'), ['s'])
})

test('signing out the other sessions from a rotated session ends its rotated-away id, never the session itself', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('old', { successor: 'mine', userId: 'alice' }), record('mine', { predecessor: 'old', userId: 'alice' }))
  assert.equal(await endLinked(store, (await store.get('old'))!, 'revoke others', { ownerId: 'alice', spare: ['mine'], dead: never }), 1)
  assert.deepEqual(await alive(store, 'old', 'mine'), ['mine'])
})

/** A rotation with no grace window while `from` is being ended: `to` replaces it at once, listed for its user. */
async function rotateAway(store: SessionStore, from: string, to: string): Promise<void> {
  const old = (await store.get(from))!
  await store.write([
    { op: 'create', record: record(to, { predecessor: from, userId: old.userId }) },
    { op: 'delete', key: from },
  ])
  if (old.userId) await listed(store, old.userId, to)
}

test('a start rotated away with no grace window is followed to its successor on the user list, reading only the link fields', async () => {
  const store = new HeldStore({ now: () => NOW })
  // on alice's list: another session of hers, bob's session that names the start (an account switch), then the successor
  await seed(store, record('a', { userId: 'alice' }), record('x', { userId: 'alice' }), record('z', { predecessor: 'a', userId: 'bob' }))
  await listed(store, 'alice', 'x', 'z')
  let once = true
  store.beforeWrite = async (ops) => {
    if (once && ops[0]?.op === 'delete' && ops[0].key === 'a') {
      once = false
      await rotateAway(store, 'a', 'b')
    }
  }
  assert.equal(await endLinked(store, (await store.get('a'))!, 'logout', { findGoneSuccessor: true, dead: never }), 1)
  assert.deepEqual(await alive(store, 'a', 'b', 'x', 'z'), ['x', 'z'], "only the start's own successor is ended")
  // ended meanwhile by another logout, not rotated: no successor on the list, nothing else ended
  store.beforeWrite = async (ops) => {
    if (ops[0]?.op === 'delete' && ops[0].key === 'c') {
      store.beforeWrite = undefined
      await store.write([{ op: 'delete', key: 'c' }])
    }
  }
  await seed(store, record('c', { userId: 'alice' }))
  assert.equal(await endLinked(store, (await store.get('c'))!, 'logout', { findGoneSuccessor: true, dead: never }), 0)
  assert.deepEqual(await alive(store, 'x', 'z'), ['x', 'z'])
})

test('a spared session is never ended, also when it is the successor of a start rotated away', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a', { userId: 'alice' }))
  let once = true
  store.beforeWrite = async (ops) => {
    if (once && ops[0]?.op === 'delete' && ops[0].key === 'a') {
      once = false
      await rotateAway(store, 'a', 'mine')
    }
  }
  assert.equal(
    await endLinked(store, (await store.get('a'))!, 'revoke others', {
      ownerId: 'alice',
      spare: ['mine'],
      findGoneSuccessor: true,
      dead: never,
    }),
    0,
  )
  assert.deepEqual(await alive(store, 'a', 'mine'), ['mine'])
})

test('a start ended meanwhile costs no list read with a grace window, nor for an anonymous id, nor a batch read when the list holds nothing new', async () => {
  const endedMeanwhile = async (start: SessionRecord, findGoneSuccessor?: boolean, list = true): Promise<HeldStore> => {
    const store = new HeldStore({ now: () => NOW })
    await seed(store, start, record('later', { predecessor: start.key, userId: start.userId }))
    if (start.userId && list) await listed(store, start.userId, start.key)
    store.beforeWrite = async (ops) => {
      if (ops[0]?.op === 'delete' && ops[0].key === start.key) {
        store.beforeWrite = undefined
        await store.write([{ op: 'delete', key: start.key }])
      }
    }
    const read = (await store.get(start.key))!
    // the default (no findGoneSuccessor argument) is what the grace window case relies on
    const deleted =
      findGoneSuccessor === undefined
        ? await endLinked(store, read, 'logout', { dead: never })
        : await endLinked(store, read, 'logout', { findGoneSuccessor, dead: never })
    assert.equal(deleted, 0)
    return store
  }
  // a grace window keeps the link on the old id: a start that is gone was ended with its chain by someone else
  const grace = await endedMeanwhile(record('a', { userId: 'alice' }))
  assert.equal(grace.userReads, 0, 'with a grace window (the default) the list is not read')
  assert.equal(grace.batchReads, 0)
  const anonymous = await endedMeanwhile(record('a'), true)
  assert.equal(anonymous.userReads, 0, 'an anonymous id is on no list')
  const nothingNew = await endedMeanwhile(record('a', { userId: 'alice' }), true)
  assert.equal(nothingNew.userReads, 1)
  assert.equal(nothingNew.batchReads, 0, 'the list names only the start itself')
  const noUser = await endedMeanwhile(record('a', { userId: 'carol' }), true, false)
  assert.equal(noUser.userReads, 1)
  assert.equal(noUser.batchReads, 0, 'a user with no list item has nothing to read')
})
