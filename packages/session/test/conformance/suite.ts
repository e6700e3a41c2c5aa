// One behavioural suite for every store: it drives the manager exactly as an adapter does and
// checks what ends up in the store. MemoryStore, dynalite and DynamoDB Local must all pass it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  ConditionFailedError,
  createSessionManager,
  generateToken,
  hashToken,
  SessionConflictError,
  SessionDataError,
  SessionDataTooLargeError,
  SessionRevokedError,
  SessionRotatedError,
  StoreUnavailableError,
  type Session,
  type SessionManagerOptions,
  type SessionStore,
  type WriteOp,
} from '@sessionguard/session'
import { MAX_RECENT_KEYS } from '../../src/core/session.js'
import { DescribeTableCommand, DescribeTimeToLiveCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import { TestClock } from '../helpers/clock.js'
import { InstrumentedStore } from '../helpers/instrumented-store.js'
import { startEngine, type Engine, type EngineName } from '../helpers/engines.js'
import { securityCases } from './security.js'

type Cart = { cart?: string[]; note?: string; [k: string]: unknown }

/** The cookie a browser would send back after this response, or undefined if none was set. */
function sentCookie(session: Session<object>): string | undefined {
  const header = session.takeSetCookie()
  if (!header) return undefined
  return header.split(';')[0]
}

/**
 * Puts `n` recent keys (of sessions that do not exist) on a user item at epoch 0: one write on the
 * DynamoDB engines instead of n appends.
 */
export async function fillRecent(store: SessionStore, userId: string, n: number): Promise<void> {
  const at = Date.now()
  const entries = Array.from({ length: n }, (_, i) => ({ key: hashToken(`filler-${userId}-${i}`), at }))
  if (!(store instanceof DynamoDBStore)) {
    for (const entry of entries) await store.write([{ op: 'addRecent', userId, entry, expectedEpoch: 0, expiresAt: at + 3_600_000 }])
    return
  }
  await store.client.send(
    new UpdateItemCommand({
      TableName: store.tableName,
      Key: { pk: { S: `u#${userId}` } },
      UpdateExpression: 'SET recentKeys = :list, epoch = :zero',
      ExpressionAttributeValues: { ':list': { L: entries.map((e) => ({ S: `${e.key}:${e.at}` })) }, ':zero': { N: '0' } },
    }),
  )
}

/** An error with what caused it (a StoreUnavailableError's message is deliberately generic). */
function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; detail?: string; cause?: { name?: string; message?: string } }
  return `${e?.name}: ${e?.message} (${e?.detail ?? ''}; cause ${e?.cause?.name}: ${e?.cause?.message})`
}

function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf('=') + 1)
}

export function conformanceSuite(engineName: EngineName): void {
  describe(`session conformance on ${engineName}`, () => {
    let engine: Engine
    before(async () => {
      engine = await startEngine(engineName)
    })
    after(async () => {
      await engine?.stop()
    })

    async function setup(extra: Partial<SessionManagerOptions> = {}, storeOptions: { timeout?: string } = {}) {
      const clock = new TestClock()
      const store = new InstrumentedStore(await engine.newStore(storeOptions))
      const sessions = createSessionManager<Cart>({ store, now: clock.now, cookie: { secure: false }, ...extra })
      /** An anonymous visitor with something in their cart: a stored session and its cookie. */
      async function visitor(data: Cart = { cart: ['apple'] }): Promise<string> {
        const s = await sessions.load(undefined)
        await s.set(data)
        return sentCookie(s)!
      }
      return { clock, store, sessions, visitor }
    }

    it('creates nothing for a request that stores nothing', async () => {
      const { store, sessions } = await setup()
      const session = await sessions.load(undefined)
      assert.equal(session.state, 'none')
      assert.equal(session.userId, undefined)
      assert.deepEqual(session.data, {})
      assert.equal(session.takeSetCookie(), undefined)
      assert.equal(store.writes, 0)
    })

    it('refuses an invented well-formed id: no session, cookie cleared, nothing written', async () => {
      const { store, sessions } = await setup()
      const invented = generateToken()
      const session = await sessions.load(`sid=${invented}`)
      assert.equal(session.state, 'none')
      assert.match(session.takeSetCookie() ?? '', /^sid=; .*Max-Age=0/)
      assert.equal(store.writes, 0)
      assert.equal(await store.inner.get(hashToken(invented)), undefined)
    })

    it('never looks up malformed or oversized ids', async () => {
      const { store, sessions } = await setup()
      for (const value of [
        'abc',
        'x'.repeat(5000),
        generateToken() + 'A',
        '../../etc',
        '%00' + generateToken().slice(3),
        generateToken().slice(0, 42) + '_',
      ]) {
        const session = await sessions.load(`sid=${value}`)
        assert.equal(session.state, 'none')
      }
      assert.equal(store.reads, 0)
    })

    it('stores only the hash of the token it hands out', async () => {
      const { store, visitor } = await setup()
      const token = tokenOf(await visitor())
      assert.equal(token.length, 43)
      assert.ok(await store.inner.get(hashToken(token)))
      assert.equal(await store.inner.get(token), undefined)
    })

    it('reads back stored data through the cookie', async () => {
      const { sessions, visitor } = await setup()
      const session = await sessions.load(await visitor({ cart: ['pear'], note: 'ü' }))
      assert.equal(session.state, 'live')
      assert.deepEqual(session.data, { cart: ['pear'], note: 'ü' })
    })

    it('rotates at login: new id, old id read-only and anonymous during grace, dead after', async () => {
      const { clock, sessions, visitor } = await setup({ rotationGrace: '5s' })
      const before = await visitor()
      const s = await sessions.load(before)
      await s.login('alice', { keep: ['cart'] })
      const afterCookie = sentCookie(s)!
      assert.notEqual(afterCookie, before)
      assert.equal(s.userId, 'alice')
      const fresh = await sessions.load(afterCookie)
      assert.equal(fresh.userId, 'alice')
      assert.deepEqual(fresh.data, { cart: ['apple'] }, 'data carried over')

      const old = await sessions.load(before)
      assert.equal(old.state, 'grace')
      assert.equal(old.userId, undefined, 'the old id is never upgraded to the logged-in user')
      await assert.rejects(old.set({ note: 'x' }), SessionRotatedError)
      await assert.rejects(old.login('mallory'), SessionRotatedError)
      await assert.rejects(old.regenerate(), SessionRotatedError)
      await old.logout()
      assert.equal((await sessions.load(afterCookie)).state, 'none', 'logging out with the old id ended the new one too')

      const again = await visitor()
      const t = await sessions.load(again)
      await t.login('alice')
      assert.equal((await sessions.load(again)).state, 'grace')
      clock.advance(5_000)
      const dead = await sessions.load(again)
      assert.equal(dead.state, 'none')
      assert.equal((await sessions.load(sentCookie(t))).userId, 'alice')
    })

    it('deletes the old id at once when there is no grace window', async () => {
      const { store, sessions, visitor } = await setup({ rotationGrace: 0 })
      const before = await visitor()
      const s = await sessions.load(before)
      await s.login('alice', { data: { note: 'fresh' } })
      assert.equal(await store.inner.get(hashToken(tokenOf(before))), undefined)
      assert.equal((await sessions.load(before)).state, 'none')
      assert.deepEqual((await sessions.load(sentCookie(s))).data, { note: 'fresh' }, 'data replaced when given')
    })

    it('logs in without a prior session and creates exactly one', async () => {
      const { sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.login('bob')
      const cookie = sentCookie(s)!
      assert.equal((await sessions.load(cookie)).userId, 'bob')
      assert.equal((await sessions.listSessions('bob')).length, 1)
    })

    it('regenerate keeps the user, the data and the absolute deadline', async () => {
      const { clock, sessions } = await setup({ absoluteTimeout: '1h', idleTimeout: '30m', rotationGrace: 0 })
      const s = await sessions.load(undefined)
      await s.login('carol', { data: { note: 'n' } })
      const first = sentCookie(s)!
      clock.advance(20 * 60_000)
      const again = await sessions.load(first)
      await again.regenerate()
      const second = sentCookie(again)!
      assert.notEqual(second, first)
      assert.equal((await sessions.load(first)).state, 'none')
      const live = await sessions.load(second)
      assert.equal(live.userId, 'carol')
      assert.deepEqual(live.data, { note: 'n' })
      clock.advance(25 * 60_000)
      assert.equal((await sessions.load(second)).state, 'live')
      clock.advance(20 * 60_000) // 65 minutes after login
      assert.equal((await sessions.load(second)).state, 'none')
    })

    it('logout deletes the session on the server and clears the cookie', async () => {
      const { store, sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.login('dave')
      const cookie = sentCookie(s)!
      const live = await sessions.load(cookie)
      await live.logout()
      assert.match(live.takeSetCookie() ?? '', /Max-Age=0/)
      assert.equal(await store.inner.get(hashToken(tokenOf(cookie))), undefined)
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    it('expires after the idle timeout, checked on read', async () => {
      const { clock, sessions, visitor } = await setup({ idleTimeout: '10m', touchInterval: '1m' })
      const cookie = await visitor()
      clock.advance(9 * 60_000)
      assert.equal((await sessions.load(cookie)).state, 'live', 'this read touches the session')
      clock.advance(9 * 60_000)
      assert.equal((await sessions.load(cookie)).state, 'live', 'idle counts from the last touch')
      clock.advance(10 * 60_000)
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    it('expires after the absolute timeout however active', async () => {
      const { clock, sessions, visitor } = await setup({ idleTimeout: '10m', absoluteTimeout: '30m', touchInterval: '1m' })
      const cookie = await visitor()
      for (let i = 0; i < 5; i++) {
        clock.advance(5 * 60_000)
        assert.equal((await sessions.load(cookie)).state, 'live')
      }
      clock.advance(5 * 60_000)
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    it('touches at most once per interval and reads once per request', async () => {
      const { clock, store, sessions, visitor } = await setup({ touchInterval: '1m' })
      const cookie = await visitor()
      store.resetCounts()
      for (let i = 0; i < 10; i++) {
        clock.advance(5_000)
        await sessions.load(cookie)
      }
      assert.equal(store.reads, 10)
      assert.equal(store.touches, 0)
      assert.equal(store.writes, 0)
      assert.equal(store.userReads, 0)
      clock.advance(60_000)
      await sessions.load(cookie)
      assert.equal(store.touches, 1)
    })

    it('a touch never resurrects a deleted session', async () => {
      const { store, sessions, visitor } = await setup()
      const cookie = await visitor()
      const key = hashToken(tokenOf(cookie))
      const record = (await store.inner.get(key))!
      await (await sessions.load(cookie)).logout()
      assert.equal(await store.inner.touch(key, record.version, Date.now(), Date.now() + 60_000), false)
      assert.equal(await store.inner.get(key), undefined)
    })

    it('a write with a stale version is refused and a failed batch applies nothing', async () => {
      const { store, visitor } = await setup()
      const key = hashToken(tokenOf(await visitor()))
      const record = (await store.inner.get(key))!
      await store.inner.write([
        { op: 'replace', record: { ...record, version: record.version + 1, data: '{"a":1}' }, expectedVersion: record.version },
      ])
      await assert.rejects(
        store.inner.write([{ op: 'replace', record: { ...record, version: record.version + 1 }, expectedVersion: record.version }]),
        ConditionFailedError,
      )
      const orphanKey = hashToken(generateToken())
      await assert.rejects(
        store.inner.write([
          { op: 'create', record: { ...record, key: orphanKey, version: 1 } },
          { op: 'delete', key, expectedVersion: record.version },
        ]),
        ConditionFailedError,
      )
      assert.equal(await store.inner.get(orphanKey), undefined, 'the create of a failed batch did not stay')
      assert.equal((await store.inner.get(key))?.data, '{"a":1}')
    })

    it('a delete conditional on the successor ignores data writes and fails once the id is rotated away', async () => {
      const { store, visitor } = await setup()
      const a = hashToken(tokenOf(await visitor()))
      const b = hashToken(tokenOf(await visitor()))
      const recA = (await store.inner.get(a))!
      await store.inner.write([
        { op: 'replace', record: { ...recA, version: recA.version + 1, data: '{"a":1}' }, expectedVersion: recA.version },
      ])
      await store.inner.write([{ op: 'delete', key: a, expectedSuccessor: null }])
      assert.equal(await store.inner.get(a), undefined, 'a data write does not stand in the way')
      const recB = (await store.inner.get(b))!
      await store.inner.write([
        { op: 'replace', record: { ...recB, version: recB.version + 1, successor: 'next' }, expectedVersion: recB.version },
      ])
      await assert.rejects(store.inner.write([{ op: 'delete', key: b, expectedSuccessor: null }]), ConditionFailedError)
      await assert.rejects(store.inner.write([{ op: 'delete', key: b, expectedSuccessor: 'other' }]), ConditionFailedError)
      await store.inner.write([{ op: 'delete', key: b, expectedSuccessor: 'next' }])
      assert.equal(await store.inner.get(b), undefined)
    })

    it('a logout is not held off by data writes landing between its read and its delete', async () => {
      const { clock, store, visitor } = await setup()
      const cookie = await visitor()
      const key = hashToken(tokenOf(cookie))
      const inner = store.inner
      let raced = 0
      // before every delete of this session, another request's write lands first (the worst timing a busy session can have)
      const racing = new Proxy(inner, {
        get(target, prop) {
          if (prop === 'write')
            return async (ops: WriteOp[]) => {
              const current = ops.some((op) => op.op === 'delete' && op.key === key) ? await target.get(key) : undefined
              if (current) {
                raced++
                const record = { ...current, version: current.version + 1, data: JSON.stringify({ cart: [`late${raced}`] }) }
                await target.write([{ op: 'replace', record, expectedVersion: current.version }])
              }
              return target.write(ops)
            }
          const value = Reflect.get(target, prop, target) as unknown
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
        },
      })
      const sessions = createSessionManager<Cart>({ store: racing, now: clock.now, cookie: { secure: false } })
      await (await sessions.load(cookie)).logout()
      assert.ok(raced >= 1, 'a write raced the logout')
      assert.equal(await inner.get(key), undefined, 'the logout won')
    })

    it('logging out with the first id of a long rotation chain ends the newest id too', async () => {
      const { sessions, visitor } = await setup({ rotationGrace: '5s' })
      const first = await visitor()
      const s = await sessions.load(first)
      await s.login('rita')
      let cookie = sentCookie(s)!
      for (let i = 0; i < 10; i++) {
        const current = await sessions.load(cookie)
        await current.regenerate()
        cookie = sentCookie(current)!
      }
      assert.equal((await sessions.load(cookie)).userId, 'rita')
      await (await sessions.load(first)).logout()
      assert.equal((await sessions.load(cookie)).state, 'none', 'the newest id of the chain is ended, not only the first eight')
    })

    it("revokeSession of the old user after an account switch ends that user's id and leaves the new user's session alone", async () => {
      const { sessions, visitor } = await setup({ rotationGrace: '5s' })
      const s = await sessions.load(await visitor())
      await s.login('ursula')
      const ursula = sentCookie(s)!
      const handle = (await sessions.load(ursula)).handle!
      const switching = await sessions.load(ursula)
      await switching.login('walter')
      const walter = sentCookie(switching)!
      assert.equal(await sessions.revokeSession('ursula', handle), true)
      assert.equal((await sessions.load(ursula)).state, 'none')
      assert.equal((await sessions.load(walter)).userId, 'walter', "walter's session is his, not ursula's to end")
    })

    it('revokeSession ends the anonymous id its login rotated away too', async () => {
      const { sessions, visitor } = await setup({ rotationGrace: '5s' })
      const anonymous = await visitor()
      const s = await sessions.load(anonymous)
      await s.login('vera')
      const vera = sentCookie(s)!
      assert.equal((await sessions.load(anonymous)).state, 'grace')
      assert.equal(await sessions.revokeSession('vera', (await sessions.load(vera)).handle!), true)
      assert.equal((await sessions.load(vera)).state, 'none')
      assert.equal((await sessions.load(anonymous)).state, 'none', 'revoking either id ends both')
    })

    it('a set racing a logout is refused, not resurrected', async () => {
      const { store, sessions, visitor } = await setup()
      const cookie = await visitor()
      const writer = await sessions.load(cookie)
      await (await sessions.load(cookie)).logout()
      await assert.rejects(writer.set({ note: 'late' }), SessionConflictError)
      assert.equal(await store.inner.get(hashToken(tokenOf(cookie))), undefined)
    })

    it('concurrent sets of different keys all land', async () => {
      const { sessions, visitor } = await setup()
      const cookie = await visitor({})
      const handles = await Promise.all(Array.from({ length: 6 }, () => sessions.load(cookie)))
      await Promise.all(handles.map((s, i) => s.set({ [`k${i}`]: i })))
      const data = (await sessions.load(cookie)).data
      for (let i = 0; i < 6; i++) assert.equal(data[`k${i}`], i)
    })

    it('a write that wins the race against login is carried into the new session', async () => {
      const { sessions, visitor } = await setup({ rotationGrace: '5s' })
      const cookie = await visitor({ cart: ['apple'] })
      const loginReq = await sessions.load(cookie)
      const cartReq = await sessions.load(cookie)
      await cartReq.update((d) => ({ ...d, cart: [...(d.cart ?? []), 'plum'] }))
      await loginReq.login('erin', { keep: ['cart'] })
      assert.deepEqual((await sessions.load(sentCookie(loginReq))).data, { cart: ['apple', 'plum'] })
    })

    it('two concurrent logins on one session leave exactly one live session', async () => {
      const { sessions, visitor } = await setup()
      const cookie = await visitor()
      const a = await sessions.load(cookie)
      const b = await sessions.load(cookie)
      const results = await Promise.allSettled([a.login('frank'), b.login('frank')])
      const ok = results.filter((r) => r.status === 'fulfilled')
      assert.equal(ok.length, 1)
      for (const r of results)
        if (r.status === 'rejected') assert.ok(r.reason instanceof SessionConflictError || r.reason instanceof SessionRotatedError)
      assert.equal((await sessions.listSessions('frank')).length, 1)
    })

    it('concurrent logins of one user from fresh clients all succeed, each with its own live session', async () => {
      const { store, sessions } = await setup()
      const N = 16
      const clients = await Promise.all(Array.from({ length: N }, () => sessions.load(undefined)))
      store.resetCounts()
      await Promise.all(clients.map((s) => s.login('olga')))
      assert.equal(store.writes, N, 'no login had to retry because of another one: they commute')
      const cookies = clients.map((s) => sentCookie(s)!)
      assert.equal(new Set(cookies).size, N, 'every login got its own id')
      for (const c of cookies) {
        const live = await sessions.load(c)
        assert.equal(live.state, 'live')
        assert.equal(live.userId, 'olga')
      }
      store.indexBlind = true
      assert.equal((await sessions.listSessions('olga')).length, N, 'every login is listed on the user item, not only in the index')
    })

    it('revokeUser racing concurrent logins leaves alive only logins that came after its epoch bump; the others fail with 409', async () => {
      const { store, sessions } = await setup()
      const user = 'pia'
      const login = async (): Promise<string> => {
        const s = await sessions.load(undefined)
        await s.login(user)
        return sentCookie(s)!
      }
      const earlier = await Promise.all(Array.from({ length: 8 }, login))
      store.indexBlind = true // revocation must not depend on the index having caught up
      const racing = Array.from({ length: 8 }, login)
      const revoked = sessions.revokeUser(user)
      racing.push(...Array.from({ length: 8 }, login))
      const [count, settled] = await Promise.all([revoked, Promise.allSettled(racing)])
      assert.ok(count >= earlier.length, `revoked ${count}, at least the ${earlier.length} earlier sessions`)
      // A login that began before the bump and had not committed fails instead of moving to the new epoch.
      for (const r of settled) if (r.status === 'rejected') assert.ok(r.reason instanceof SessionRevokedError, String(r.reason))
      const racers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      for (const c of earlier) assert.equal((await sessions.load(c)).state, 'none', 'a session from before revokeUser was called survived')
      const epoch = (await store.inner.getUser(user))!.epoch
      assert.equal(new Set(racers).size, racers.length)
      for (const c of racers) {
        const s = await sessions.load(c)
        if (s.state === 'none') continue
        const record = (await store.inner.get(hashToken(tokenOf(c))))!
        assert.equal(record.userEpoch, epoch, 'a live session was created before the revocation took effect')
      }
    })

    it('a regenerate racing revokeUser cannot bring the revoked session back', async () => {
      const { store, sessions } = await setup({ rotationGrace: 0 })
      const s = await sessions.load(undefined)
      await s.login('quinn')
      const handle = await sessions.load(sentCookie(s))
      const oldKey = handle.handle
      // The revocation's epoch bump has landed; its deletes have not reached this session yet.
      await store.inner.bumpEpoch('quinn', Date.now() + 3_600_000)
      await assert.rejects(handle.regenerate(), SessionRevokedError)
      assert.match(handle.takeSetCookie() ?? '', /^sid=; .*Max-Age=0/, 'no new id was handed out: the revoked one is cleared')
      assert.equal(await store.inner.get(oldKey!), undefined, 'the revoked session is ended, as revokeUser would have')
      assert.deepEqual(await sessions.listSessions('quinn'), [], 'no successor was created')
    })

    it('bumpEpoch returns the keys appended before it and refuses later appends on the old epoch', async () => {
      const { store } = await setup()
      const inner = store.inner
      const entry = (i: number) => ({ key: hashToken(`k${i}`), at: 1_000 + i })
      await Promise.all(
        [0, 1, 2, 3].map((i) =>
          inner.write([{ op: 'addRecent', userId: 'rue', entry: entry(i), expectedEpoch: 0, expiresAt: Date.now() + 60_000 }]),
        ),
      )
      const before = await inner.bumpEpoch('rue', Date.now() + 60_000)
      assert.deepEqual(new Set(before?.recent.map((r) => r.key)), new Set([0, 1, 2, 3].map((i) => entry(i).key)))
      assert.equal(before?.epoch, 0)
      await assert.rejects(
        inner.write([{ op: 'addRecent', userId: 'rue', entry: entry(4), expectedEpoch: 0, expiresAt: Date.now() + 60_000 }]),
        ConditionFailedError,
      )
      await inner.write([{ op: 'addRecent', userId: 'rue', entry: entry(5), expectedEpoch: 1, expiresAt: Date.now() + 60_000 }])
      // The list is kept (revokeUser trims it only once its deletes are done): a retry must find the same keys.
      const after = await inner.getUser('rue')
      assert.equal(after?.epoch, 1)
      assert.deepEqual(new Set(after?.recent.map((r) => r.key)), new Set([0, 1, 2, 3, 5].map((i) => entry(i).key)))
      assert.deepEqual(after?.recent.at(-1), entry(5))
      assert.equal(await inner.bumpEpoch('nobody-yet', Date.now() + 60_000), undefined)
      assert.equal((await inner.getUser('nobody-yet'))?.epoch, 1)
    })

    it('dropRecent removes exactly the prefix it was read with, or nothing', async () => {
      const { store } = await setup()
      const inner = store.inner
      const entry = (i: number) => ({ key: hashToken(`d${i}`), at: 2_000 + i })
      for (let i = 0; i < 6; i++)
        await inner.write([{ op: 'addRecent', userId: 'sam', entry: entry(i), expectedEpoch: 0, expiresAt: Date.now() + 60_000 }])
      await assert.rejects(inner.write([{ op: 'dropRecent', userId: 'sam', count: 3, last: entry(3) }]), ConditionFailedError)
      await inner.write([{ op: 'dropRecent', userId: 'sam', count: 3, last: entry(2) }])
      assert.deepEqual((await inner.getUser('sam'))?.recent, [entry(3), entry(4), entry(5)])
      await assert.rejects(
        inner.write([{ op: 'dropRecent', userId: 'sam', count: 3, last: entry(2) }]),
        ConditionFailedError,
        'a second prune of the same prefix is a no-op',
      )
      assert.equal((await inner.getUser('sam'))?.recent.length, 3)
    })

    it('logins prune keys the index covers by now from the user item, and revocation still ends them', async () => {
      const { clock, store, sessions } = await setup({ indexLagAllowance: '1m', idleTimeout: '1h' })
      const cookies: string[] = []
      for (let i = 0; i < 20; i++) {
        const s = await sessions.load(undefined)
        await s.login('tess')
        cookies.push(sentCookie(s)!)
      }
      assert.equal((await store.inner.getUser('tess'))?.recent.length, 20)
      clock.advance(2 * 60_000)
      const s = await sessions.load(undefined)
      await s.login('tess')
      cookies.push(sentCookie(s)!)
      const recent = (await store.inner.getUser('tess'))!.recent
      assert.deepEqual(
        recent.map((r) => r.key),
        [hashToken(tokenOf(cookies.at(-1)!))],
        'the stale keys were dropped, the new one kept',
      )
      assert.equal(await sessions.revokeUser('tess'), 21)
      for (const c of cookies) assert.equal((await sessions.load(c)).state, 'none')
    })

    it('the recent list never outgrows its cap under concurrent logins, no login fails for it, and revocation still ends every session', async () => {
      // A burst on one hot user item is queued by the engine (transactions serialize on it): a busy
      // machine must not turn that queue into deadline failures, which are not what this test is about.
      const { store, sessions } = await setup({ rotationGrace: 0 }, { timeout: '60s' })
      const user = 'service-account'
      // Nearly full already (keys of sessions that do not exist), then a burst of logins across the cap.
      await fillRecent(store.inner, user, MAX_RECENT_KEYS - 30)
      const clients = await Promise.all(Array.from({ length: 64 }, () => sessions.load(undefined)))
      const settled = await Promise.allSettled(clients.map((c) => c.login(user)))
      for (const r of settled)
        assert.equal(r.status, 'fulfilled', `a login failed: ${r.status === 'rejected' ? describeError(r.reason) : ''}`)
      const cookies = clients.map((c) => sentCookie(c)!)
      const listed = new Set((await store.inner.getUser(user))!.recent.map((r) => r.key))
      assert.equal(listed.size, MAX_RECENT_KEYS, 'the list is exactly full, never over')
      const unlisted = cookies.filter((c) => !listed.has(hashToken(tokenOf(c))))
      assert.equal(unlisted.length, 34, 'every login past the cap is left off the list, none lost')
      for (const c of cookies) assert.equal((await sessions.load(c)).userId, user, 'every login works')
      // The index shows nothing: the sessions left off the list must still be ended (they check the epoch on every read).
      store.indexBlind = true
      await sessions.revokeUser(user)
      for (const c of cookies) assert.equal((await sessions.load(c)).state, 'none', 'a session outlived revokeUser')
      assert.deepEqual(await sessions.listSessions(user), [])
    })

    it("a session left off a full list keeps its user's epoch alive: the user item expires no earlier than the session", async () => {
      const { clock, store, sessions } = await setup()
      await fillRecent(store.inner, 'busy', MAX_RECENT_KEYS)
      // Hours after the list filled (its expiry was set by the last append): a login past the cap.
      clock.advance(2 * 3_600_000)
      const s = await sessions.load(undefined)
      await s.login('busy')
      const record = (await store.inner.get(s.handle!))!
      assert.equal(record.checkEpoch, true, 'the list was full: the session is marked')
      const user = (await store.inner.getUser('busy'))!
      // Were the user item (TTL) to go first, the epoch would restart at 0 and a later revocation could
      // bring it back to this session's epoch: a session its own revocation cannot end.
      assert.ok(
        user.expiresAt >= record.absoluteExpiresAt,
        `the user item expires at ${user.expiresAt}, before the session it checks (${record.absoluteExpiresAt})`,
      )
      assert.equal(user.recent.length <= MAX_RECENT_KEYS, true)
      // A second login moments later needs no further write of the user item.
      const writes: string[] = []
      store.beforeWrite = (ops) =>
        void writes.push(...ops.map((o) => (o.op === 'assertEpoch' ? `assertEpoch:${o.expiresAt !== undefined}` : o.op)))
      const again = await sessions.load(undefined)
      await again.login('busy')
      store.beforeWrite = undefined
      assert.ok(writes.includes('assertEpoch:false') || writes.includes('addRecent'), writes.join(','))
    })

    it('a regenerate that finds the recent list full of keys the index covers by now prunes it', async () => {
      const { clock, store, sessions } = await setup({ indexLagAllowance: '1m' })
      const s = await sessions.load(undefined)
      await s.login('spinner')
      // (on the DynamoDB engines this replaces the list, the login's own key included)
      await fillRecent(store.inner, 'spinner', MAX_RECENT_KEYS)
      clock.advance(120_000) // every listed key is older than indexLagAllowance
      const again = await sessions.load(sentCookie(s))
      await again.regenerate()
      assert.equal((await sessions.load(sentCookie(again))).userId, 'spinner')
      const left = (await store.inner.getUser('spinner'))!.recent.length
      assert.ok(left < MAX_RECENT_KEYS, `a rotation left the list full (${left}): every later one is left off it`)
    })

    it('a session left off a full list is refused once its user is revoked, though nothing deleted it', async () => {
      const { store, sessions } = await setup()
      await fillRecent(store.inner, 'busy', MAX_RECENT_KEYS)
      const s = await sessions.load(undefined)
      await s.login('busy')
      const cookie = sentCookie(s)!
      const record = (await store.inner.get(hashToken(tokenOf(cookie))))!
      assert.equal(record.checkEpoch, true, 'the list was full: the session is marked')
      assert.equal((await store.inner.getUser('busy'))!.recent.length, MAX_RECENT_KEYS)
      assert.equal((await sessions.load(cookie)).userId, 'busy')
      await store.inner.bumpEpoch('busy', Date.now() + 60_000) // a revocation whose deletes never reach it
      assert.equal((await sessions.load(cookie)).state, 'none')
      assert.deepEqual(await sessions.listSessions('busy'), [])
      const every = createSessionManager<Cart>({ store, cookie: { secure: false }, revocationCheck: 'every-read' })
      assert.equal((await every.load(cookie)).state, 'none')
    })

    it(
      'without transactions, a login whose epoch check fails after a revocation and whose undo fails leaves a session that is refused, not a survivor',
      { skip: engineName !== 'dynalite' && engineName !== 'dynamodb-local' },
      async () => {
        const client = engine.makeClient!()
        const store = new DynamoDBStore({ client, tableName: await engine.newTable!(client), transactions: 'ordered' })
        const sessions = createSessionManager({ store, cookie: { secure: false } })
        const user = 'orphan'
        await (await sessions.load(undefined)).login(user) // an earlier session, so revokeUser has work
        let stage = 'idle'
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const input = args.input as { Item?: { userId?: unknown }; ConditionExpression?: string }
            if (stage === 'armed' && context.commandName === 'PutItemCommand' && input.Item?.userId) {
              // The login read the epoch; before its create lands, a whole revokeUser runs (bump, index, deletes).
              stage = 'revoking'
              await sessions.revokeUser(user)
              stage = 'created'
            } else if (stage === 'created' && context.commandName === 'DeleteItemCommand' && input.ConditionExpression === undefined) {
              stage = 'done'
              throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }) // the undo of the create is lost
            }
            return next(args)
          },
          { step: 'initialize', name: 'orphanLogin' },
        )
        const s = await sessions.load(undefined)
        stage = 'armed'
        await assert.rejects(s.login(user), SessionRevokedError)
        assert.equal(stage, 'done', 'the create landed after the revocation and its undo was lost')
        const epoch = (await store.getUser(user))!.epoch
        const orphans = (await Promise.all((await store.keysForUser(user)).map((k) => store.get(k)))).filter(
          (r) => r !== undefined && (r.userEpoch ?? 0) < epoch,
        )
        assert.equal(orphans.length, 1, 'the orphan is there')
        assert.equal(orphans[0]!.checkEpoch, true, 'and marked: every read compares its epoch')
        assert.deepEqual(await sessions.listSessions(user), [], 'it counts as revoked')
      },
    )

    it('addRecent with maxRecent refuses to grow a full list; assertEpoch checks the epoch and writes nothing', async () => {
      const { store } = await setup()
      const inner = store.inner
      const entry = (i: number) => ({ key: hashToken(`cap${i}`), at: 3_000 + i })
      const add = (i: number, expectedEpoch = 0) =>
        inner.write([{ op: 'addRecent', userId: 'cap', entry: entry(i), expectedEpoch, expiresAt: Date.now() + 60_000, maxRecent: 3 }])
      await Promise.all([0, 1, 2, 3, 4].map((i) => add(i).catch((e: unknown) => e)))
      assert.equal((await inner.getUser('cap'))?.recent.length, 3, 'concurrent appends stop at the cap')
      await assert.rejects(add(5), ConditionFailedError)
      await inner.write([{ op: 'assertEpoch', userId: 'cap', expectedEpoch: 0 }])
      await inner.write([{ op: 'assertEpoch', userId: 'nobody', expectedEpoch: 0 }])
      await assert.rejects(inner.write([{ op: 'assertEpoch', userId: 'cap', expectedEpoch: 1 }]), ConditionFailedError)
      assert.equal(await inner.getUser('nobody'), undefined, 'assertEpoch wrote nothing')
      // In one write with a create: the create is undone when the check fails.
      const record = {
        key: hashToken('cap-session'),
        data: '{}',
        version: 1,
        createdAt: 1,
        lastSeenAt: 1,
        absoluteExpiresAt: Date.now() + 60_000,
        expiresAt: Date.now() + 60_000,
      }
      await assert.rejects(
        inner.write([
          { op: 'create', record },
          { op: 'assertEpoch', userId: 'cap', expectedEpoch: 7 },
        ]),
        ConditionFailedError,
      )
      assert.equal(await inner.get(record.key), undefined)
    })

    it('listSessions pages: every live session once, at most limit per page, newest first within a page', async () => {
      const { clock, store, sessions } = await setup({ indexLagAllowance: '1m', idleTimeout: '1h', touchInterval: 0 })
      const cookies: string[] = []
      for (let i = 0; i < 7; i++) {
        const s = await sessions.load(undefined)
        await s.login('pager')
        cookies.push(sentCookie(s)!)
        clock.advance(1_000)
      }
      // Some keys leave the recent list (the index has them by now), some stay on it: both phases page.
      clock.advance(2 * 60_000)
      for (let i = 0; i < 17; i++) {
        const s = await sessions.load(undefined)
        await s.login('pager-filler')
      }
      for (let i = 0; i < 3; i++) {
        const s = await sessions.load(undefined)
        await s.login('pager')
        cookies.push(sentCookie(s)!)
        clock.advance(1_000)
      }
      await (await sessions.load(cookies[0])).logout()
      const live = new Set(cookies.slice(1).map((c) => hashToken(tokenOf(c))))
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await sessions.listSessions('pager', { limit: 3, ...(cursor === undefined ? {} : { cursor }) })
        assert.ok(page.sessions.length <= 3)
        const seenAt = page.sessions.map((i) => i.lastSeenAt)
        assert.deepEqual(
          seenAt,
          [...seenAt].sort((a, b) => b - a),
        )
        seen.push(...page.sessions.map((i) => i.handle))
        cursor = page.cursor
        assert.ok(++pages < 20, 'paging ends')
      } while (cursor !== undefined)
      assert.equal(seen.length, new Set(seen).size, 'no session twice')
      assert.deepEqual(new Set(seen), live)
      await assert.rejects(sessions.listSessions('pager', { limit: 0 }), SessionDataError)
      await assert.rejects(sessions.listSessions('pager', { limit: 3, cursor: 'bm90IGEgY3Vyc29y' }), SessionDataError)
      await assert.rejects(sessions.listSessions('pager', { limit: 3, cursor: 'x'.repeat(5000) }), SessionDataError)
      void store
    })

    it('listSessions never reads session data', async () => {
      const { store, sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.set({ note: 'n'.repeat(50_000) })
      await s.login('reader', { keep: ['note'] })
      const fields: Array<ReadonlyArray<string> | undefined> = []
      const getMany = store.getMany.bind(store)
      store.getMany = (keys, f) => {
        fields.push(f)
        return getMany(keys, f)
      }
      assert.equal((await sessions.listSessions('reader')).length, 1)
      assert.equal((await sessions.listSessions('reader', { limit: 5 })).sessions.length, 1)
      assert.equal(fields.length, 2)
      for (const f of fields) {
        assert.ok(f, 'a projection is asked for')
        assert.ok(!f.includes('data'), 'data is not')
      }
      if (engineName === 'dynalite' || engineName === 'dynamodb-local') {
        const [projected] = await store.inner.getMany([s.handle!], ['createdAt'])
        assert.equal(projected?.data, '{}', 'the DynamoDB store does not fetch what it was not asked for')
        assert.equal(projected?.key, s.handle)
      }
    })

    it('revokeUser ends sessions in bounded parallel batches', async () => {
      const { store, sessions } = await setup()
      for (let i = 0; i < 40; i++) {
        const s = await sessions.load(undefined)
        await s.login('many')
      }
      let inFlight = 0
      let most = 0
      store.beforeWrite = async (ops) => {
        if (ops[0]?.op !== 'delete') return
        most = Math.max(most, ++inFlight)
        await new Promise((r) => setImmediate(r))
        inFlight--
      }
      assert.equal(await sessions.revokeUser('many'), 40)
      assert.ok(most > 1, 'deletes went out one at a time')
      assert.ok(most <= 16, `${most} deletes in flight at once`)
    })

    it('revokeUser ends every session of the user and only theirs', async () => {
      const { sessions } = await setup()
      const cookies: string[] = []
      for (let i = 0; i < 3; i++) {
        const s = await sessions.load(undefined)
        await s.login('gina')
        cookies.push(sentCookie(s)!)
      }
      const other = await sessions.load(undefined)
      await other.login('hank')
      const otherCookie = sentCookie(other)!
      assert.equal((await sessions.listSessions('gina')).length, 3)
      assert.equal(await sessions.revokeUser('gina'), 3)
      for (const c of cookies) assert.equal((await sessions.load(c)).state, 'none')
      assert.equal((await sessions.listSessions('gina')).length, 0)
      assert.equal((await sessions.load(otherCookie)).userId, 'hank')
    })

    it('revokeUser also ends a session the user index does not show yet', async () => {
      const { store, sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.login('ivan')
      const cookie = sentCookie(s)!
      store.indexBlind = true
      await sessions.revokeUser('ivan')
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    it('a login after revokeUser is a fresh, valid session', async () => {
      const { sessions } = await setup({ revocationCheck: 'every-read' })
      const s = await sessions.load(undefined)
      await s.login('judy')
      const old = sentCookie(s)!
      await sessions.revokeUser('judy')
      const again = await sessions.load(undefined)
      await again.login('judy')
      const fresh = sentCookie(again)!
      assert.equal((await sessions.load(old)).state, 'none')
      assert.equal((await sessions.load(fresh)).userId, 'judy')
    })

    it('in every-read mode a session that survived revocation by any route is still refused', async () => {
      const { store, sessions } = await setup({ revocationCheck: 'every-read' })
      const s = await sessions.load(undefined)
      await s.login('kim')
      const cookie = sentCookie(s)!
      const record = (await store.inner.get(hashToken(tokenOf(cookie))))!
      await sessions.revokeUser('kim')
      // Put the pre-revocation record back, as if the delete had never reached it.
      await store.inner.write([{ op: 'create', record }])
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    it('refuses oversized or non-JSON data loudly and stores nothing', async () => {
      const { store, sessions } = await setup()
      const s = await sessions.load(undefined)
      await assert.rejects(s.set({ note: 'x'.repeat(store.maxDataBytes) }), SessionDataTooLargeError)
      await assert.rejects(s.set({ note: 10n as unknown as string }), SessionDataError)
      assert.equal(store.writes, 0)
      assert.equal(s.takeSetCookie(), undefined)
    })

    it('stores data right up to the size limit', async () => {
      const { sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.set({ note: 'y'.repeat(300_000) })
      assert.equal((await sessions.load(sentCookie(s))).data.note?.length, 300_000)
    })

    it('fails closed when the store fails: error or logged-out read-only session, never a login', async () => {
      const { store, sessions, visitor } = await setup()
      const s = await sessions.load(undefined)
      await s.login('leo')
      const cookie = sentCookie(s)!
      await visitor()
      store.failWith = Object.assign(new Error('boom'), { name: 'ProvisionedThroughputExceededException' })
      await assert.rejects(sessions.load(cookie), StoreUnavailableError)
      const lenient = createSessionManager<Cart>({ store, cookie: { secure: false }, onStoreError: 'unauthenticated' })
      const degraded = await lenient.load(cookie)
      assert.equal(degraded.state, 'unavailable')
      assert.equal(degraded.userId, undefined)
      await assert.rejects(degraded.set({ note: 'x' }), StoreUnavailableError)
      await assert.rejects(degraded.login('leo'), StoreUnavailableError)
      store.failWith = undefined
      assert.equal((await sessions.load(cookie)).userId, 'leo')
    })

    it(
      'creates the table with a KEYS_ONLY user index and TTL on expiresAt',
      { skip: engineName === 'memory' || engineName === 'memory-promise' },
      async () => {
        const client = engine.client!
        const tableName = await engine.newTable!(client)
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
        assert.deepEqual(Table?.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }])
        const [index] = Table?.GlobalSecondaryIndexes ?? []
        assert.equal(index?.IndexName, 'userId-index')
        assert.deepEqual(index?.KeySchema, [{ AttributeName: 'userId', KeyType: 'HASH' }])
        assert.equal(index?.Projection?.ProjectionType, 'KEYS_ONLY')
        if (engineName === 'dynamodb-local') {
          const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))
          assert.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt')
          assert.match(ttl.TimeToLiveDescription?.TimeToLiveStatus ?? '', /ENABL/)
        }
        assert.equal((await DynamoDBStore.createTable({ client, tableName })).created, false, 'a second call leaves the table alone')
      },
    )

    it('rotates in a single TransactWriteItems on the official engine', { skip: engineName !== 'dynamodb-local' }, async () => {
      const client = engine.makeClient!()
      const commands: string[] = []
      client.middlewareStack.add(
        (next, context) => async (args) => {
          commands.push(context.commandName as string)
          return next(args)
        },
        { step: 'initialize', name: 'recordCommands' },
      )
      const store = new DynamoDBStore({ client, tableName: await engine.newTable!(client), transactions: 'required' })
      const sessions = createSessionManager({ store, cookie: { secure: false } })
      const s = await sessions.load(undefined)
      await s.set({ a: 1 })
      const cookie = sentCookie(s)!
      const again = await sessions.load(cookie)
      commands.length = 0
      await again.login('nora')
      assert.deepEqual(commands, ['GetItemCommand', 'TransactWriteItemsCommand'])
    })

    it('lists live sessions with non-secret handles that revokeSession accepts', async () => {
      const { sessions } = await setup()
      const s = await sessions.load(undefined)
      await s.login('mia')
      const cookie = sentCookie(s)!
      const [info] = await sessions.listSessions('mia')
      assert.ok(info)
      assert.equal(info.handle, hashToken(tokenOf(cookie)))
      assert.equal(await sessions.revokeSession('someone-else', info.handle), false)
      assert.equal(await sessions.revokeSession('mia', info.handle), true)
      assert.equal((await sessions.load(cookie)).state, 'none')
    })

    securityCases(() => engine)
  })
}

export type { SessionStore }
