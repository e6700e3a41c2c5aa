// Ending a chain of rotated ids (core/linked.ts) while the store changes under it, each interleaving
// forced by holding a store call and running the concurrent change before it goes through (issue 29:
// the retry after a concurrent rotation, the chain bound and a store fault were unpinned).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { endLinked } from '../src/core/linked.js'
import { ConditionFailedError, SessionConflictError, StoreUnavailableError } from '../src/errors.js'
import { MemoryStore } from '../src/stores/memory.js'
import type { SessionRecord, SessionStore, WriteOp } from '../src/stores/types.js'

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
  override async write(ops: WriteOp[]): Promise<void> {
    const hook = this.beforeWrite
    await hook?.(ops)
    return super.write(ops)
  }
  override async get(key: string): Promise<SessionRecord | undefined> {
    this.gets.push(key)
    return super.get(key)
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
  assert.ok(n >= 1 && n <= 16, `gave up after ${n} rotations`)
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

test('a store fault on the final delete is unavailable, not a conflict', async () => {
  const store = new HeldStore({ now: () => NOW })
  await seed(store, record('a'))
  store.beforeWrite = () => {
    throw new Error('throttled')
  }
  await assert.rejects(endLinked(store, (await store.get('a'))!, 'logout', { dead: never }), StoreUnavailableError)
  assert.deepEqual(await alive(store, 'a'), ['a'])
})
