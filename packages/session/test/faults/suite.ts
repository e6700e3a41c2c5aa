// Fault injection and concurrency on a real DynamoDB engine, through a proxy on the wire and the
// library's public API only. Every fault must fail closed (503 or not logged in, never logged in as
// someone), and the next healthy request must work with nothing lost.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createSessionManager, hashToken, StoreUnavailableError, type SessionManager } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import { startDynalite, startDynamoDBLocal, type RunningDynamoDB, type RunningServer } from '@sessionguard/testkit'
import { call, startCartApp, type Cart } from './app.js'
import { FaultProxy, type Fault } from './proxy.js'

const READ_OPS = /^GetItem$/
/** Everything a login rotation, a data write or a logout sends (transactions, or ordered writes without them). */
const WRITE_OPS = /^(TransactWriteItems|PutItem|DeleteItem|UpdateItem)$/
const NETWORK_FAULTS: Fault[] = ['throttle', '5xx', 'hang', 'reset']

export const faultCounts = { cases: 0 }

export function faultSuite(engine: 'dynalite' | 'dynamodb-local'): void {
  describe(`DynamoDB faults and concurrency on ${engine}`, () => {
    let db: RunningDynamoDB
    let proxy: FaultProxy
    let client: DynamoDBClient
    let direct: DynamoDBClient
    let sessions: SessionManager<Cart>
    /** The same store read without the proxy: what is really in DynamoDB. */
    let truth: SessionManager<Cart>
    let app: RunningServer
    let lenient: RunningServer
    /** The app on the direct client (no proxy, default timeouts): for the races, where only concurrency is under test. */
    let raceApp: RunningServer

    before(async () => {
      db = engine === 'dynalite' ? await startDynalite() : await startDynamoDBLocal()
      proxy = await new FaultProxy(db.endpoint).start()
      const base = { region: db.region, credentials: db.credentials }
      // short timeouts and one retry: a hung call costs under a second, and the SDK's own retry is exercised.
      // throwOnRequestTimeout: without it this SDK only logs a warning and the call hangs on (see the todo test)
      client = new DynamoDBClient({
        ...base,
        endpoint: proxy.url,
        maxAttempts: 2,
        requestHandler: { requestTimeout: 400, connectionTimeout: 400, throwOnRequestTimeout: true },
      })
      direct = new DynamoDBClient({ ...base, endpoint: db.endpoint, maxAttempts: 2 })
      const tableName = `faults-${randomUUID().slice(0, 8)}`
      await DynamoDBStore.createTable({ client: direct, tableName })
      const options = { cookie: { secure: false } }
      // dynalite has no TransactWriteItems: configured explicitly, as the README asks.
      const transactions = engine === 'dynalite' ? 'ordered' : 'auto'
      sessions = createSessionManager<Cart>({ store: new DynamoDBStore({ client, tableName, transactions }), ...options })
      truth = createSessionManager<Cart>({ store: new DynamoDBStore({ client: direct, tableName, transactions }), ...options })
      // A cold engine (the JVM of DynamoDB Local on a busy machine) can take longer than the 400 ms
      // deadline over its first calls; warm it on the direct client so that is not the fault under test.
      for (let i = 0; i < 3; i++) {
        const warm = await truth.load(undefined)
        await warm.login(`warm-up-${i}`)
        await warm.logout()
      }
      app = await startCartApp(sessions)
      raceApp = await startCartApp(truth)
      lenient = await startCartApp(
        createSessionManager<Cart>({
          store: new DynamoDBStore({ client, tableName, transactions }),
          ...options,
          onStoreError: 'unauthenticated',
        }),
      )
    })
    after(async () => {
      await app?.close()
      await lenient?.close()
      await raceApp?.close()
      client?.destroy()
      direct?.destroy()
      await proxy?.close()
      await db?.stop()
      console.log(`fault cases on ${engine}: ${faultCounts.cases}`)
    })

    /**
     * An anonymous visitor with a cart: its cookie. Setup goes through the direct client (same table):
     * on a loaded machine the proxy client's 400 ms deadline can expire on a write that did land, and its
     * retry then meets its own rotation (409) before any fault is injected.
     */
    async function visitor(item = 'apple'): Promise<string> {
      const r = await call(raceApp.url, 'POST', `/cart/${item}`)
      assert.equal(r.status, 200, JSON.stringify(r.body))
      return r.cookie!
    }

    async function loggedIn(user: string): Promise<string> {
      const anon = await visitor()
      const r = await call(raceApp.url, 'POST', `/login/${user}`, anon)
      assert.equal(r.status, 200, JSON.stringify(r.body))
      return r.cookie!
    }

    const live = async (user: string): Promise<number> => (await truth.listSessions(user)).length

    for (const fault of NETWORK_FAULTS) {
      test(`${fault} on every read: 503 (or logged out in 'unauthenticated' mode), never logged in; healed, the session is still there`, async () => {
        faultCounts.cases++
        const user = `reader-${fault}-${randomUUID().slice(0, 6)}`
        const cookie = await loggedIn(user)
        proxy.inject(READ_OPS, fault)
        try {
          const strict = await call(app.url, 'GET', '/me', cookie)
          assert.equal(strict.status, 503)
          assert.notEqual(strict.body.userId, user)
          const soft = await call(lenient.url, 'GET', '/me', cookie)
          assert.equal(soft.status, 200)
          assert.equal(soft.body.userId, null)
          assert.equal(soft.body.state, 'unavailable')
          // a write on an unreadable session must not create or change anything
          const write = await call(lenient.url, 'POST', '/cart/pear', cookie)
          assert.equal(write.status, 503)
          assert.equal(write.cookie, undefined)
        } finally {
          proxy.heal()
        }
        const healed = await call(app.url, 'GET', '/me', cookie)
        assert.equal(healed.status, 200)
        assert.equal(healed.body.userId, user)
        assert.deepEqual(healed.body.cart, ['apple'])
      })

      test(`${fault} on the login rotation: the login fails closed, nothing half-done; healed, one login gives one live id`, async () => {
        faultCounts.cases++
        const user = `login-${fault}-${randomUUID().slice(0, 6)}`
        const anon = await visitor()
        proxy.inject(WRITE_OPS, fault)
        let failed
        try {
          failed = await call(app.url, 'POST', `/login/${user}`, anon)
        } finally {
          proxy.heal()
        }
        assert.equal(failed.status, 503, JSON.stringify(failed.body))
        assert.equal(failed.cookie, undefined, 'no new session id handed out')
        assert.equal(await live(user), 0, 'no session of that user exists')
        const before = await call(app.url, 'GET', '/me', anon)
        assert.equal(before.body.userId, null, 'the anonymous id was not promoted')
        assert.deepEqual(before.body.cart, ['apple'], 'and kept its data')
        const ok = await call(app.url, 'POST', `/login/${user}`, anon)
        assert.equal(ok.status, 200)
        const me = await call(app.url, 'GET', '/me', ok.cookie)
        assert.equal(me.body.userId, user)
        assert.deepEqual(me.body.cart, ['apple'], 'data carried through the login')
        assert.equal(await live(user), 1)
        assert.notEqual((await call(app.url, 'GET', '/me', anon)).body.userId, user, 'the pre-login id never becomes the user')
      })

      test(`${fault} on logout: 503 and still logged in (nothing half-done); healed, logout ends it for good`, async () => {
        faultCounts.cases++
        const user = `logout-${fault}-${randomUUID().slice(0, 6)}`
        const cookie = await loggedIn(user)
        proxy.inject(WRITE_OPS, fault)
        let failed
        try {
          failed = await call(app.url, 'POST', '/logout', cookie)
        } finally {
          proxy.heal()
        }
        assert.equal(failed.status, 503)
        const still = await call(app.url, 'GET', '/me', cookie)
        assert.equal(still.body.userId, user)
        assert.equal((await call(app.url, 'POST', '/logout', cookie)).status, 200)
        assert.equal((await call(app.url, 'GET', '/me', cookie)).body.userId, null)
        assert.equal(await live(user), 0)
      })
    }

    test('revokeUser whose deletes are throttled, with a user index that lags: 503, and the retry ends every earlier session', async () => {
      faultCounts.cases++
      const user = `revoke-retry-${randomUUID().slice(0, 6)}`
      const cookies = [await loggedIn(user), await loggedIn(user), await loggedIn(user)]
      proxy.lagIndex = true
      try {
        // Both attempts the SDK makes (maxAttempts 2) for each of the three deletes, which go out in parallel.
        proxy.inject(/^DeleteItem$/, 'throttle', 6)
        await assert.rejects(sessions.revokeUser(user), StoreUnavailableError)
        proxy.heal()
        // Still stored (on dynalite's ordered writes a session checks its epoch on reads, so it is refused already).
        const left = (await Promise.all(cookies.map((c) => truth.options.store.get(hashToken(c.slice(c.indexOf('=') + 1)))))).filter(
          Boolean,
        ).length
        assert.equal(left, 3, 'the failed call deleted nothing')
        assert.equal(await sessions.revokeUser(user), left, 'the retry finds every key left though the index shows none')
      } finally {
        proxy.heal()
        proxy.lagIndex = false
      }
      for (const c of cookies)
        assert.equal((await call(app.url, 'GET', '/me', c)).body.userId, null, 'a session outlived a revokeUser that reported success')
      assert.equal(await live(user), 0)
    })

    // dynalite has no transactions, so the store writes in order; a create whose answer is lost is retried
    // by the SDK, fails its own condition and is never undone: an orphan live record for the user remains
    test('a rotation whose write is applied but whose answer is lost: the client is never logged in by an id it did not get, and at most one id is live', async () => {
      faultCounts.cases++
      const user = `lost-${randomUUID().slice(0, 6)}`
      const anon = await visitor()
      proxy.inject(/^(TransactWriteItems|PutItem)$/, 'lost-response', 1)
      let first
      try {
        first = await call(app.url, 'POST', `/login/${user}`, anon)
      } finally {
        proxy.heal()
      }
      assert.ok([200, 409, 503].includes(first.status), `status ${first.status}`)
      if (first.status !== 200) {
        assert.equal(first.cookie, undefined)
        assert.notEqual((await call(app.url, 'GET', '/me', anon)).body.userId, user)
      }
      assert.ok((await live(user)) <= 1, `live ids after one login attempt: ${await live(user)}`)
    })

    test('a conditional-check failure injected once during rotation: retried, one live id, the old id is not the user', async () => {
      faultCounts.cases++
      const user = `cond-once-${randomUUID().slice(0, 6)}`
      const anon = await visitor()
      proxy.inject(/^(TransactWriteItems|PutItem)$/, 'condition', 1)
      let r
      try {
        r = await call(app.url, 'POST', `/login/${user}`, anon)
      } finally {
        proxy.heal()
      }
      assert.equal(proxy.injected > 0, true)
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.equal((await call(app.url, 'GET', '/me', r.cookie)).body.userId, user)
      assert.notEqual((await call(app.url, 'GET', '/me', anon)).body.userId, user)
      assert.equal(await live(user), 1)
    })

    test('conditional-check failures on every rotation attempt: 409, not logged in; healed, the login works', async () => {
      faultCounts.cases++
      const user = `cond-always-${randomUUID().slice(0, 6)}`
      const anon = await visitor()
      proxy.inject(/^(TransactWriteItems|PutItem)$/, 'condition')
      let r
      try {
        r = await call(app.url, 'POST', `/login/${user}`, anon)
      } finally {
        proxy.heal()
      }
      assert.equal(r.status, 409, JSON.stringify(r.body))
      assert.equal(r.cookie, undefined)
      assert.equal(await live(user), 0)
      const ok = await call(app.url, 'POST', `/login/${user}`, anon)
      assert.equal(ok.status, 200)
      assert.equal(await live(user), 1)
    })

    test('many parallel requests on one session during login: one login wins, one live id, no acknowledged cart item lost', async () => {
      faultCounts.cases++
      const user = `race-${randomUUID().slice(0, 6)}`
      const anon = (await call(raceApp.url, 'POST', '/cart/first')).cookie!
      const requests = [
        ...Array.from({ length: 10 }, () => call(raceApp.url, 'POST', `/login/${user}`, anon).then((r) => ({ kind: 'login' as const, r }))),
        ...Array.from({ length: 10 }, (_, i) =>
          call(raceApp.url, 'POST', `/cart/item${i}`, anon).then((r) => ({ kind: `cart item${i}` as const, r })),
        ),
        ...Array.from({ length: 6 }, () => call(raceApp.url, 'GET', '/me', anon).then((r) => ({ kind: 'read' as const, r }))),
      ]
      const done = await Promise.all(requests)
      const logins = done.filter((d) => d.kind === 'login')
      const winners = logins.filter((d) => d.r.status === 200)
      assert.equal(winners.length, 1, `logins: ${logins.map((d) => d.r.status).join(' ')}`)
      for (const d of logins) if (d.r.status !== 200) assert.equal(d.r.status, 409, JSON.stringify(d.r.body))
      for (const d of done) {
        assert.ok(d.r.status === 200 || d.r.status === 409, `${d.kind}: ${d.r.status}`)
        if (d.kind === 'read') assert.notEqual(d.r.body.userId, user, 'the pre-login id never reads as the user')
      }
      assert.equal(await live(user), 1)
      const me = await call(raceApp.url, 'GET', '/me', winners[0]!.r.cookie)
      assert.equal(me.body.userId, user)
      const acknowledged = done.filter((d) => d.kind.startsWith('cart') && d.r.status === 200).map((d) => d.kind.slice(5))
      for (const item of ['first', ...acknowledged])
        assert.ok(me.body.cart?.includes(item), `${item} acknowledged but lost: ${JSON.stringify(me.body.cart)}`)
      // anything written to the old id after the rotation would have been lost: it must have been refused
      const old = await call(raceApp.url, 'GET', '/me', anon)
      for (const item of old.body.cart ?? []) assert.ok(me.body.cart?.includes(item), `${item} is only on the retired id`)
    })

    test('many parallel requests during logout: the session ends and never comes back; stragglers get fresh anonymous sessions', async () => {
      faultCounts.cases++
      const user = `logout-race-${randomUUID().slice(0, 6)}`
      const cookie = (await call(raceApp.url, 'POST', `/login/${user}`, (await call(raceApp.url, 'POST', '/cart/a')).cookie)).cookie!
      const done = await Promise.all([
        call(raceApp.url, 'POST', '/logout', cookie),
        ...Array.from({ length: 10 }, (_, i) => call(raceApp.url, 'POST', `/cart/late${i}`, cookie)),
        ...Array.from({ length: 10 }, () => call(raceApp.url, 'GET', '/me', cookie)),
      ])
      assert.equal(done[0]!.status, 200)
      for (const r of done) assert.ok(r.status === 200 || r.status === 409, `status ${r.status}`)
      for (const r of done)
        if (r.cookie && r.cookie !== cookie)
          assert.equal((await call(raceApp.url, 'GET', '/me', r.cookie)).body.userId, null, 'a new id is anonymous')
      assert.equal(await live(user), 0)
      const after = await call(raceApp.url, 'GET', '/me', cookie)
      assert.equal(after.body.userId, null)
      assert.equal(after.body.state, 'none')
      // a burst of writes with the dead id afterwards: never resurrects it
      await Promise.all(Array.from({ length: 10 }, (_, i) => call(raceApp.url, 'POST', `/cart/zombie${i}`, cookie)))
      const still = await call(raceApp.url, 'GET', '/me', cookie)
      assert.equal(still.body.state, 'none')
      assert.equal(still.body.userId, null)
      assert.equal(await live(user), 0)
    })
  })
}
