import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { createSessionManager, MemoryStore, Session, StoreUnavailableError, type SessionManagerOptions } from '@sessionguard/session'
import { cookieHeader } from '../src/adapters/node-request.js'
import { TestClock } from './helpers/clock.js'
import { promiseOnly } from './helpers/engines.js'
import { InstrumentedStore } from './helpers/instrumented-store.js'

async function loggedIn(extra: Partial<SessionManagerOptions> = {}, store = new InstrumentedStore(new MemoryStore())) {
  const clock = new TestClock()
  const sessions = createSessionManager({ store, now: clock.now, cookie: { secure: false }, ...extra })
  const first = await sessions.load(undefined)
  await first.login('ada')
  const cookie = first.takeSetCookie()!.split(';')[0]!
  store.resetCounts()
  return { clock, store, sessions, cookie }
}

describe('loadNow', () => {
  it('decides a live session on a store with synchronous reads without a promise, with one read', async () => {
    const { sessions, store, cookie } = await loggedIn()
    const session = sessions.loadNow(cookie)
    assert.ok(session instanceof Session, 'a Session, not a promise')
    assert.equal(session.userId, 'ada')
    assert.equal(store.syncReads, 1)
    assert.equal(store.writes, 0)
  })

  it('decides a request without a session cookie without a promise, whatever the store', () => {
    const sessions = createSessionManager({ store: promiseOnly(new MemoryStore()), cookie: { secure: false } })
    const none = sessions.loadNow('theme=dark')
    assert.ok(none instanceof Session)
    assert.equal(none.state, 'none')
    const malformed = sessions.loadNow('sid=not-a-token')
    assert.ok(malformed instanceof Session)
    assert.match(malformed.takeSetCookie() ?? '', /^sid=; /, 'a malformed id is cleared')
  })

  it('returns a promise of the same session when the store only reads asynchronously', async () => {
    const { sessions, cookie } = await loggedIn({}, new InstrumentedStore(promiseOnly(new MemoryStore())))
    const pending = sessions.loadNow(cookie)
    assert.ok(pending instanceof Promise)
    assert.equal((await pending).userId, 'ada')
  })

  it('waits for the write when a touch is due, and for the cleanup of a dead session', async () => {
    const { sessions, store, clock, cookie } = await loggedIn({ touchInterval: '1m', idleTimeout: '10m' })
    clock.advance(2 * 60_000)
    const touched = sessions.loadNow(cookie)
    assert.ok(touched instanceof Promise)
    assert.equal((await touched).userId, 'ada')
    assert.equal(store.touches, 1)
    clock.advance(11 * 60_000)
    const dead = sessions.loadNow(cookie)
    assert.ok(dead instanceof Promise)
    const session = await dead
    assert.equal(session.userId, undefined)
    assert.equal(store.inner instanceof MemoryStore && store.inner.size, 0, 'the expired item was deleted before the answer')
  })

  it('never throws: a failing synchronous read is a rejected promise, or a logged-out session when asked', async () => {
    const failing = await loggedIn()
    failing.store.failWith = new Error('disk on fire')
    let result: unknown
    assert.doesNotThrow(() => {
      result = failing.sessions.loadNow(failing.cookie)
    })
    assert.ok(result instanceof Promise)
    await assert.rejects(result as Promise<unknown>, StoreUnavailableError)

    const lenient = await loggedIn({ onStoreError: 'unauthenticated' })
    lenient.store.failWith = new Error('disk on fire')
    const session = lenient.sessions.loadNow(lenient.cookie)
    assert.ok(session instanceof Session)
    assert.equal(session.state, 'unavailable')
    assert.equal(session.userId, undefined)
  })

  it("checks revocation on every read synchronously too ('every-read')", async () => {
    const { sessions, store, cookie } = await loggedIn({ revocationCheck: 'every-read' })
    const live = sessions.loadNow(cookie)
    assert.ok(live instanceof Session)
    assert.equal(live.userId, 'ada')
    assert.equal(store.userReads, 1)
    await sessions.revokeUser('ada')
    const revoked = await sessions.loadNow(cookie)
    assert.equal(revoked.userId, undefined)
  })
})

describe('cookieHeader', () => {
  const asRequest = (raw: string[], cookie?: string) => ({ rawHeaders: raw, headers: { cookie } }) as unknown as IncomingMessage

  it('reads Cookie lines from rawHeaders, any case, joined as node joins them', () => {
    assert.equal(cookieHeader(asRequest(['Host', 'x', 'Cookie', 'a=1'])), 'a=1')
    assert.equal(cookieHeader(asRequest(['cookie', 'a=1', 'Accept', '*/*', 'COOKIE', 'sid=2'])), 'a=1; sid=2')
    assert.equal(cookieHeader(asRequest(['Set-Cookie', 'a=1', 'Cookies', 'b=2', 'X-Cookie', 'c=3'])), undefined)
    assert.equal(cookieHeader(asRequest([])), undefined)
  })

  it('agrees with req.headers.cookie on real requests', async () => {
    const seen: Array<[string | undefined, string | undefined]> = []
    const server = createServer((req, res) => {
      seen.push([cookieHeader(req), req.headers.cookie])
      res.end()
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    const line = fc.tuple(fc.constantFrom('Cookie', 'cookie', 'COOKIE', 'X-Other'), fc.stringMatching(/^[a-z]{1,4}=[A-Za-z0-9_-]{0,8}$/))
    const samples = fc.sample(fc.array(line, { maxLength: 4 }), 40)
    try {
      for (const lines of samples) {
        const socket = connect(port, '127.0.0.1')
        const head = lines.map(([name, value]) => `${name}: ${value}\r\n`).join('')
        socket.end(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}Connection: close\r\n\r\n`)
        socket.resume()
        await once(socket, 'close')
      }
    } finally {
      server.close()
    }
    assert.equal(seen.length, samples.length)
    for (const [ours, node] of seen) assert.equal(ours, node)
  })
})

describe('loadNow on a broken clock', () => {
  it('rejects instead of throwing, so adapters answer it as they answer a store failure', async () => {
    let broken = false
    const store = new InstrumentedStore(new MemoryStore())
    const now = (): number => {
      if (broken) throw new Error('clock')
      return Date.now()
    }
    const sessions = createSessionManager({ store, cookie: { secure: false }, now })
    const first = await sessions.load(undefined)
    await first.login('ada')
    const cookie = first.takeSetCookie()!.split(';')[0]!
    broken = true
    let result: unknown
    assert.doesNotThrow(() => {
      result = sessions.loadNow(cookie)
    })
    await assert.rejects(result as Promise<unknown>, /clock/)
    await assert.rejects(sessions.load(cookie), /clock/)
  })
})
