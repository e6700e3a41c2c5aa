// End-to-end scenarios over real HTTP on 127.0.0.1, run once per framework adapter against
// DynamoDBStore on dynalite (same AWS SDK code path as production).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { Client } from 'undici'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import { createSessionManager, generateToken, hashToken, type SessionManagerOptions, type SessionStore } from '@sessionguard/session'
import { TestClock } from '../helpers/clock.js'
import { InstrumentedStore } from '../helpers/instrumented-store.js'
import { startEngine, type Engine, type EngineName } from '../helpers/engines.js'
import type { RunningApp, StartApp } from './apps.js'

interface Reply {
  status: number
  body: Record<string, unknown>
  /** `name=value` of a session cookie this response set, if it set one. */
  issued: string | undefined
  cleared: boolean
}

async function call(app: RunningApp, method: 'GET' | 'POST', path: string, cookie?: string): Promise<Reply> {
  const res = await fetch(app.url + path, { method, headers: cookie ? { cookie } : {} })
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  const setCookies = res.headers.getSetCookie()
  const ours = setCookies.filter((c) => c.startsWith('sid='))
  assert.ok(ours.length <= 1, `one session Set-Cookie at most, got ${ours.length}`)
  const pair = ours[0]?.split(';')[0]
  return { status: res.status, body, issued: pair && pair !== 'sid=' ? pair : undefined, cleared: pair === 'sid=' }
}

const tokenOf = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1)

/** Fails the run if anything rejects without a handler while these scenarios run. */
function watchUnhandledRejections(): { count: () => number } {
  let n = 0
  const onRejection = () => n++
  before(() => void process.on('unhandledRejection', onRejection))
  after(() => void process.off('unhandledRejection', onRejection))
  return { count: () => n }
}

/** Everything written to stderr while `work` runs (where frameworks and console.error print stacks). */
async function stderrDuring<T>(work: () => Promise<T>): Promise<{ result: T; text: string }> {
  const chunks: string[] = []
  const write = process.stderr.write
  const error = console.error
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(String(chunk))
    return (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest)
  }) as typeof process.stderr.write
  console.error = (...args: unknown[]) => {
    chunks.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '))
    error(...args)
  }
  try {
    return { result: await work(), text: chunks.join('') }
  } finally {
    process.stderr.write = write
    console.error = error
  }
}

export function adapterScenarios(framework: string, startApp: StartApp, engineName: EngineName = 'dynalite'): void {
  describe(`${framework} adapter end to end on ${engineName}`, () => {
    let engine: Engine
    const apps: RunningApp[] = []
    const rejections = watchUnhandledRejections()
    before(async () => {
      engine = await startEngine(engineName)
    })
    after(async () => {
      for (const app of apps) await app.close()
      await engine?.stop()
      assert.equal(rejections.count(), 0, 'no unhandled rejections')
    })

    async function setup(extra: Partial<SessionManagerOptions> = {}, store?: SessionStore) {
      const clock = new TestClock()
      const instrumented = new InstrumentedStore(store ?? (await engine.newStore()))
      const sessions = createSessionManager<{ cart?: string[] }>({
        store: instrumented,
        now: clock.now,
        cookie: { secure: false },
        ...extra,
      })
      const app = await startApp(sessions)
      apps.push(app)
      return { clock, store: instrumented, sessions, app }
    }

    it('sets HttpOnly, SameSite=Lax, Path=/ and no Max-Age by default; __Host- when secure', async () => {
      const { app } = await setup()
      const res = await fetch(app.url + '/cart/apple', { method: 'POST' })
      const header = res.headers.getSetCookie()[0] ?? ''
      assert.match(header, /^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
      const secure = createSessionManager({ store: await engine.newStore(), cookie: {} })
      const secureApp = await startApp(secure as never)
      apps.push(secureApp)
      const res2 = await fetch(secureApp.url + '/cart/apple', { method: 'POST' })
      assert.match(res2.headers.getSetCookie()[0] ?? '', /^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    })

    it('refuses an invented id, before and after login', async () => {
      const { app, store } = await setup()
      const invented = `sid=${generateToken()}`
      const me = await call(app, 'GET', '/me', invented)
      assert.equal(me.status, 200)
      assert.equal(me.body.userId, null)
      assert.equal(me.body.state, 'none')
      assert.equal(me.cleared, true)
      const login = await call(app, 'POST', '/login/alice', invented)
      assert.ok(login.issued)
      assert.notEqual(login.issued, invented)
      assert.equal((await call(app, 'GET', '/me', invented)).body.userId, null, 'the attacker-known id never becomes alice')
      assert.equal((await call(app, 'GET', '/me', login.issued)).body.userId, 'alice')
      assert.equal(await store.inner.get(hashToken(tokenOf(invented))), undefined)
    })

    it('rotates at login and the old id is dead', async () => {
      const { app } = await setup({ rotationGrace: 0 })
      const visitor = (await call(app, 'POST', '/cart/apple')).issued!
      const login = await call(app, 'POST', '/login/alice', visitor)
      assert.equal(login.status, 200)
      assert.ok(login.issued && login.issued !== visitor)
      const me = await call(app, 'GET', '/me', login.issued)
      assert.deepEqual(me.body, { userId: 'alice', data: { cart: ['apple'] }, state: 'live' })
      assert.equal((await call(app, 'GET', '/me', visitor)).body.state, 'none')
    })

    it('logout ends the session on the server', async () => {
      const { app } = await setup()
      const cookie = (await call(app, 'POST', '/login/bob')).issued!
      const out = await call(app, 'POST', '/logout', cookie)
      assert.equal(out.cleared, true)
      assert.equal((await call(app, 'GET', '/me', cookie)).body.userId, null)
    })

    it('revokeUser logs the user out everywhere', async () => {
      const { app } = await setup()
      const laptop = (await call(app, 'POST', '/login/carol')).issued!
      const phone = (await call(app, 'POST', '/login/carol')).issued!
      const other = (await call(app, 'POST', '/login/dan')).issued!
      assert.equal((await call(app, 'POST', '/revoke/carol')).body.revoked, 2)
      assert.equal((await call(app, 'GET', '/me', laptop)).body.userId, null)
      assert.equal((await call(app, 'GET', '/me', phone)).body.userId, null)
      assert.equal((await call(app, 'GET', '/me', other)).body.userId, 'dan')
    })

    it('expires on idle and on the absolute timeout (injected clock)', async () => {
      const { app, clock } = await setup({ idleTimeout: '10m', absoluteTimeout: '25m', touchInterval: '1m' })
      const idle = (await call(app, 'POST', '/login/erin')).issued!
      clock.advance(11 * 60_000)
      assert.equal((await call(app, 'GET', '/me', idle)).body.userId, null)
      const busy = (await call(app, 'POST', '/login/erin')).issued!
      for (let i = 0; i < 4; i++) {
        clock.advance(6 * 60_000)
        assert.equal((await call(app, 'GET', '/me', busy)).body.userId, 'erin')
      }
      clock.advance(2 * 60_000)
      assert.equal((await call(app, 'GET', '/me', busy)).body.userId, null)
    })

    it('concurrent requests during login: one live id, old id never upgraded, no lost or resurrected data', async () => {
      const { app, clock, sessions, store } = await setup({ rotationGrace: '5s' })
      const visitor = (await call(app, 'POST', '/cart/first')).issued!
      const items = Array.from({ length: 8 }, (_, i) => `item${i}`)
      const [login, ...rest] = await Promise.all([
        call(app, 'POST', '/login/frank', visitor),
        ...items.map((item) => call(app, 'POST', `/cart/${item}`, visitor)),
        ...items.map(() => call(app, 'GET', '/me', visitor)),
      ])
      assert.equal(login!.status, 200)
      const carts = rest.slice(0, items.length)
      const reads = rest.slice(items.length)
      for (const r of carts) assert.ok(r.status === 200 || r.status === 409, `cart write answered ${r.status}`)
      for (const r of reads) {
        assert.equal(r.status, 200)
        assert.equal(r.body.userId, null, 'a request on the pre-login id never sees the logged-in user')
      }
      const acknowledged = items.filter((_, i) => carts[i]!.status === 200)
      const final = await call(app, 'GET', '/me', login!.issued)
      assert.equal(final.body.userId, 'frank')
      const cart = (final.body.data as { cart: string[] }).cart
      for (const item of ['first', ...acknowledged]) assert.ok(cart.includes(item), `${item} was acknowledged and must be in the cart`)
      assert.equal((await sessions.listSessions('frank')).length, 1, 'one login, one live id')
      clock.advance(5_000)
      assert.equal((await call(app, 'GET', '/me', visitor)).body.state, 'none')
      // Not resurrected: what is stored under the old id is still the retired record, linked to the
      // login's id (kept until TTL: it is what leads a logout of either id to the other).
      const retired = await store.inner.get(hashToken(tokenOf(visitor)))
      assert.equal(retired?.successor, hashToken(tokenOf(login!.issued!)), 'the old id was written again after its rotation')
      assert.equal(retired?.userId, undefined, 'the old id was upgraded')
    })

    it("sends Set-Cookie only when the session changed: the last id of the request, next to the app's own cookies", async () => {
      const { app } = await setup()
      const cookie = (await call(app, 'POST', '/login/jo')).issued!
      const unchanged = await fetch(app.url + '/me', { headers: { cookie } })
      assert.deepEqual(unchanged.headers.getSetCookie(), [], 'a request that changes nothing sets no cookie')
      const res = await fetch(app.url + '/switch/jo', { method: 'POST', headers: { cookie } })
      assert.equal(res.status, 200)
      const setCookies = res.headers.getSetCookie()
      assert.ok(
        setCookies.some((c) => c.startsWith('theme=dark')),
        `the app's own cookie is kept: ${setCookies.join(' | ')}`,
      )
      const ours = setCookies.filter((c) => c.startsWith('sid='))
      assert.equal(ours.length, 1, 'two rotations in one request send one session cookie')
      const final = ours[0]!.split(';')[0]!
      assert.equal((await call(app, 'GET', '/me', final)).body.userId, 'jo')
      assert.equal((await call(app, 'POST', '/cart/pear', final)).status, 200, 'the id sent is the live one, not a rotated-away one')
    })

    it('concurrent logins of one user from fresh clients all succeed; a racing revokeUser leaves no earlier session alive', async () => {
      const { app, store } = await setup()
      const N = 16
      store.resetCounts()
      const { result: logins, text } = await stderrDuring(() =>
        Promise.all(Array.from({ length: N }, () => call(app, 'POST', '/login/ivy'))),
      )
      for (const r of logins) assert.equal(r.status, 200, `a login answered ${r.status}: ${JSON.stringify(r.body)}`)
      assert.equal(store.writes, N, 'one write per login: none retried because of another')
      const cookies = logins.map((r) => r.issued!)
      assert.equal(new Set(cookies).size, N, 'every client got its own id')
      for (const c of cookies) assert.equal((await call(app, 'GET', '/me', c)).body.userId, 'ivy')

      store.indexBlind = true
      const race = await stderrDuring(() =>
        Promise.all([
          ...Array.from({ length: N / 2 }, () => call(app, 'POST', '/login/ivy')),
          call(app, 'POST', '/revoke/ivy'),
          ...Array.from({ length: N / 2 }, () => call(app, 'POST', '/login/ivy')),
        ]),
      )
      const revoke = race.result[N / 2]!
      const racers = race.result.filter((_, i) => i !== N / 2)
      assert.equal(revoke.status, 200)
      assert.ok((revoke.body.revoked as number) >= N)
      // A login that began before the revocation and had not committed is refused (409), never moved past it.
      for (const r of racers)
        assert.ok(
          r.status === 200 || (r.status === 409 && /revoked/i.test(JSON.stringify(r.body)) && !r.issued),
          `a login racing revokeUser answered ${r.status} ${JSON.stringify(r.body)}`,
        )
      for (const c of cookies)
        assert.equal((await call(app, 'GET', '/me', c)).body.userId, null, 'a session from before revokeUser survived it')
      const epoch = (await store.inner.getUser('ivy'))!.epoch
      for (const r of racers) {
        if (r.status !== 200 || (await call(app, 'GET', '/me', r.issued)).body.userId === null) continue
        assert.equal(
          (await store.inner.get(hashToken(tokenOf(r.issued!))))?.userEpoch,
          epoch,
          'a surviving session predates the revocation',
        )
      }
      assert.doesNotMatch(text + race.text, /^\s+at /m, 'nothing logged a stack')
    })

    it('one keep-alive connection carrying several users (a proxy) gives every request its own session', async () => {
      const { app, sessions } = await setup({ rotationGrace: 0 })
      const alice = (await call(app, 'POST', '/login/alice')).issued!
      const bob = (await call(app, 'POST', '/login/bob')).issued!
      const retired = (await call(app, 'POST', '/login/alice')).issued!
      assert.equal((await call(app, 'POST', '/logout', retired)).cleared, true)
      const invented = `sid=${generateToken()}`
      // one socket, requests one after another, as a reverse proxy's upstream connection sends them
      const client = new Client(app.url, { pipelining: 1 })
      const ports = new Set<number>()
      const peer = async (): Promise<void> => {
        const res = await client.request({ path: '/peer', method: 'GET' })
        ports.add(((await res.body.json()) as { port: number }).port)
      }
      // the adapter hands the core its connection, where the last token's hash is remembered
      const connections: unknown[] = []
      const loadNow = sessions.loadNow
      ;(sessions as { loadNow: typeof loadNow }).loadNow = (header, ctx, connection) => (
        connections.push(connection),
        loadNow(header, ctx, connection)
      )
      try {
        await peer()
        const expected: Array<[string | undefined, string | null]> = [
          [alice, 'alice'],
          [alice, 'alice'],
          [bob, 'bob'],
          [alice, 'alice'],
          [invented, null],
          [alice, 'alice'],
          [undefined, null],
          [bob, 'bob'],
          [retired, null],
          [bob, 'bob'],
          [retired, null],
          [alice, 'alice'],
          ['', null],
          // the same token in another header, and other cookies around another user's token
          [alice, 'alice'],
          [`theme=dark; ${alice}`, 'alice'],
          [`theme=dark; ${bob}`, 'bob'],
          [`theme=dark; ${alice}`, 'alice'],
          ['theme=dark', null],
          [alice, 'alice'],
        ]
        for (const [cookie, userId] of expected) {
          const res = await client.request({ path: '/me', method: 'GET', headers: cookie === undefined ? {} : { cookie } })
          const body = (await res.body.json()) as { userId: string | null }
          assert.equal(body.userId, userId, `${cookie ?? 'no cookie'} on the shared connection`)
        }
        // the app saw a single client port before and after: every request above shared one connection
        await peer()
      } finally {
        ;(sessions as { loadNow: typeof loadNow }).loadNow = loadNow
        await client.close()
      }
      assert.equal(ports.size, 1)
      assert.equal(connections.length, 21)
      assert.equal(typeof connections[0], 'object')
      assert.ok(
        connections.every((c) => c === connections[0]),
        'the same connection object on every request of the connection',
      )
    })

    it('answers 503 when the store throws, never logged in, and recovers', async () => {
      const { app, store } = await setup()
      const cookie = (await call(app, 'POST', '/login/gus')).issued!
      store.failWith = new Error('store down')
      const me = await call(app, 'GET', '/me', cookie)
      assert.equal(me.status, 503)
      assert.equal(me.body.userId, undefined)
      const anonymous = await call(app, 'GET', '/me')
      assert.equal(anonymous.status, 200, 'no cookie, no store access needed')
      assert.equal((await call(app, 'POST', '/login/gus')).status, 503, 'a login that cannot be stored is refused')
      store.failWith = undefined
      assert.equal((await call(app, 'GET', '/me', cookie)).body.userId, 'gus')
    })

    // Throttling is a DynamoDB error: only the DynamoDB engines can raise it.
    if (engineName === 'dynalite' || engineName === 'dynamodb-local')
      it('fails closed on DynamoDB throttling (ProvisionedThroughputExceededException)', async () => {
        const client: DynamoDBClient = engine.makeClient!()
        let throttle = false
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (throttle && context.commandName === 'GetItemCommand')
              throw new ProvisionedThroughputExceededException({
                message: 'Rate of requests exceeds the allowed throughput.',
                $metadata: { httpStatusCode: 400 },
              })
            return next(args)
          },
          { step: 'deserialize', name: 'throttleForTest' },
        )
        const store = new DynamoDBStore({ client, tableName: await engine.newTable!(client) })
        const { app } = await setup({}, store)
        const cookie = (await call(app, 'POST', '/login/hana')).issued!
        throttle = true
        const me = await call(app, 'GET', '/me', cookie)
        assert.equal(me.status, 503)
        throttle = false
        assert.equal((await call(app, 'GET', '/me', cookie)).body.userId, 'hana')
      })
  })
}
