// The express-session surface of the compatibility layer, without passport: property data, save,
// reload, destroy, touch, cookie, sessionID, what is stored when, and store failures at the end.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, describe, it } from 'node:test'
import express from 'express'
import { listen, type RunningServer } from '@sessionguard/testkit'
import { MemoryStore, SessionConfigError, createSessionManager, type SessionStore } from '@sessionguard/session'
import { expressSession } from '@sessionguard/session/express-session'
import { InstrumentedStore } from './helpers/instrumented-store.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- express-session data is property-style and untyped, as in the apps this layer serves
type Req = express.Request & { session: Record<string, any>; sessionID?: string }

async function start(
  store: SessionStore,
  routes: (app: express.Express) => void,
  options: Record<string, unknown> = {},
): Promise<RunningServer> {
  const app = express()
  app.use(express.json())
  const mw = expressSession({ store, cookie: { secure: false }, ...options })
  app.use(mw)
  routes(app)
  return listen(createServer(app))
}

async function call(server: RunningServer, method: string, path: string, cookie?: string, json?: unknown) {
  const headers: Record<string, string> = {}
  if (cookie) headers.cookie = cookie
  if (json !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(server.url + path, {
    method,
    headers,
    body: json === undefined ? null : JSON.stringify(json),
    redirect: 'manual',
  })
  const set = res.headers.getSetCookie()[0]
  return {
    status: res.status,
    text: await res.text(),
    setCookie: set,
    cookie: set?.split(';')[0],
    retryAfter: res.headers.get('retry-after'),
  }
}

describe('express-session compatibility layer', () => {
  const servers: RunningServer[] = []
  after(async () => {
    for (const s of servers) await s.close()
  })

  it('stores property-style data at the end of the response, and only when it changed', async () => {
    const store = new InstrumentedStore(new MemoryStore())
    const server = await start(store, (app) => {
      app.get('/views', (req, res) => {
        const s = (req as Req).session
        s.views = (s.views ?? 0) + 1
        res.json({ views: s.views, id: (req as Req).sessionID === s.id })
      })
      app.get('/peek', (req, res) => void res.json({ views: (req as Req).session.views ?? null, id: (req as Req).sessionID ?? null }))
    })
    servers.push(server)
    const nothing = await call(server, 'GET', '/peek')
    assert.equal(nothing.setCookie, undefined, 'nothing stored, no cookie, for a request that sets nothing')
    assert.equal(store.writes, 0)
    const first = await call(server, 'GET', '/views')
    assert.deepEqual(JSON.parse(first.text), { views: 1, id: true })
    const second = await call(server, 'GET', '/views', first.cookie)
    assert.equal(JSON.parse(second.text).views, 2)
    assert.equal(second.setCookie, undefined, 'same id, no new cookie')
    const writes = store.writes
    const peek = JSON.parse((await call(server, 'GET', '/peek', first.cookie)).text)
    assert.equal(peek.views, 2)
    assert.match(peek.id, /^[A-Za-z0-9_-]{43}$/, 'sessionID is the handle (the token hash), never the cookie value')
    assert.notEqual(`sid=${peek.id}`, first.cookie)
    assert.equal(store.writes, writes, 'an unchanged session is not written')
  })

  it('save(cb) stores before the callback; reload() sees what another request stored; touch() and cookie', async () => {
    const server = await start(new MemoryStore(), (app) => {
      app.post('/set', (req, res, next) => {
        const s = (req as Req).session
        Object.assign(s, req.body)
        s.save((err: unknown) => (err ? next(err) : res.json({ ok: true })))
      })
      app.get('/reload', (req, res, next) => {
        const s = (req as Req).session
        const before = s.color
        // another request changes the session while this one runs
        void fetch(`${server.url}/set`, {
          method: 'POST',
          headers: { cookie: String(req.headers.cookie), 'content-type': 'application/json' },
          body: '{"color":"blue"}',
        }).then(() =>
          s.reload((err: unknown) => {
            if (err) return next(err)
            const fresh = (req as Req).session
            res.json({ before, after: fresh.color, touched: fresh.touch() === fresh, cookie: fresh.cookie })
          }),
        )
      })
    })
    servers.push(server)
    const set = await call(server, 'POST', '/set', undefined, { color: 'red' })
    const r = JSON.parse((await call(server, 'GET', '/reload', set.cookie)).text)
    assert.equal(r.before, 'red')
    assert.equal(r.after, 'blue')
    assert.equal(r.touched, true)
    assert.deepEqual(r.cookie, {
      originalMaxAge: null,
      maxAge: null,
      expires: null,
      httpOnly: true,
      secure: false,
      path: '/',
      sameSite: 'lax',
      partitioned: false,
    })
  })

  it('destroy() ends the session on the server and clears the cookie', async () => {
    const store = new MemoryStore()
    const server = await start(store, (app) => {
      app.post('/set', (req, res) => void (((req as Req).session.n = 1), res.send('ok')))
      app.post(
        '/destroy',
        (req, res, next) =>
          void (req as Req).session.destroy((err: unknown) => (err ? next(err) : res.json({ gone: (req as Req).session === undefined }))),
      )
      app.get('/n', (req, res) => void res.json((req as Req).session.n ?? null))
    })
    servers.push(server)
    const set = await call(server, 'POST', '/set')
    assert.equal(store.size, 1)
    const destroyed = await call(server, 'POST', '/destroy', set.cookie)
    assert.deepEqual(JSON.parse(destroyed.text), { gone: true })
    assert.match(destroyed.setCookie ?? '', /Max-Age=0/)
    assert.equal(store.size, 0)
    assert.equal(JSON.parse((await call(server, 'GET', '/n', set.cookie)).text), null)
  })

  it('two concurrent requests changing different keys both land', async () => {
    const server = await start(new MemoryStore(), (app) => {
      app.post('/set', (req, res) => {
        Object.assign((req as Req).session, req.body)
        setTimeout(() => res.send('ok'), 20) // both read before either writes
      })
      app.get('/all', (req, res) => void res.json({ a: (req as Req).session.a, b: (req as Req).session.b }))
    })
    servers.push(server)
    const first = await call(server, 'POST', '/set', undefined, { a: 0 })
    await Promise.all([call(server, 'POST', '/set', first.cookie, { a: 1 }), call(server, 'POST', '/set', first.cookie, { b: 2 })])
    assert.deepEqual(JSON.parse((await call(server, 'GET', '/all', first.cookie)).text), { a: 1, b: 2 })
  })

  it('a store failure while storing at the end answers a generic 503 instead of the route’s success', async () => {
    const inner = new MemoryStore()
    let failing = false
    const store: SessionStore = {
      maxDataBytes: inner.maxDataBytes,
      get: (k) => inner.get(k),
      getMany: (k) => inner.getMany(k),
      write: (ops) => (failing ? Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })) : inner.write(ops)),
      touch: (...a) => inner.touch(...a),
      getUser: (u) => inner.getUser(u),
      bumpEpoch: (...a) => inner.bumpEpoch(...a),
      keysForUser: (u) => inner.keysForUser(u),
    }
    const server = await start(store, (app) => {
      app.post('/set', (req, res) => void (((req as Req).session.n = Math.random()), res.json({ saved: true })))
    })
    servers.push(server)
    const ok = await call(server, 'POST', '/set')
    assert.equal(ok.status, 200)
    failing = true
    const failed = await call(server, 'POST', '/set', ok.cookie)
    assert.equal(failed.status, 503)
    assert.equal(failed.retryAfter, '1')
    assert.equal(failed.text, 'Service Unavailable')
  })

  it('stored data with a __proto__ key neither replaces req.session’s prototype nor reaches the app', async () => {
    const store = new MemoryStore()
    const server = await start(store, (app) => {
      app.get('/probe', (req, res) => {
        const s = (req as Req).session
        res.json({ save: typeof s.save, regenerate: typeof s.regenerate, polluted: 'evil' in s, keys: Object.keys(s) })
      })
    })
    servers.push(server)
    const sessions = createSessionManager({ store, cookie: { secure: false } })
    const s = await sessions.load(undefined)
    await s.set(JSON.parse('{"__proto__": {"evil": true, "save": 1}, "kept": 1}'))
    const cookie = s.takeSetCookie()!.split(';')[0]!
    assert.deepEqual(JSON.parse((await call(server, 'GET', '/probe', cookie)).text), {
      save: 'function',
      regenerate: 'function',
      polluted: false,
      keys: ['kept'],
    })
  })

  it('data JSON cannot hold is refused with a 500, not half-stored', async () => {
    const server = await start(new MemoryStore(), (app) => {
      app.post('/big', (req, res) => void (((req as Req).session.n = BigInt(1)), res.send('ok')))
    })
    servers.push(server)
    const res = await call(server, 'POST', '/big')
    assert.equal(res.status, 500)
    assert.equal(res.setCookie, undefined)
  })

  it('refuses options that would silently not apply', () => {
    const sessions = createSessionManager({ store: new MemoryStore() })
    assert.throws(() => expressSession({ genid: (() => 'x') as never }), SessionConfigError)
    assert.throws(() => expressSession({ sessions, secret: 'keyboard cat' }), SessionConfigError)
    assert.throws(() => expressSession({ cookie: { secure: 'auto' as never } }), SessionConfigError)
    assert.equal(expressSession({ sessions }).sessions, sessions)
  })
})
