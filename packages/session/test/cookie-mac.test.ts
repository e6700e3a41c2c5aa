// The optional cookie MAC: forged but well-formed ids are refused before any store read; the first
// secret signs, every listed secret verifies.
import assert from 'node:assert/strict'
import { createHmac, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { createSessionManager, generateToken, MemoryStore, SessionConfigError, type Session } from '@sessionguard/session'
import { InstrumentedStore } from './helpers/instrumented-store.js'

const OLD = randomBytes(32).toString('base64')
const NEW = randomBytes(32).toString('base64')
const cookieOf = (s: Session<object>): string => s.takeSetCookie()!.split(';')[0]!
const valueOf = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1)

async function loggedIn(sessions: ReturnType<typeof createSessionManager>, user = 'alice'): Promise<string> {
  const s = await sessions.load(undefined)
  await s.login(user)
  return cookieOf(s)
}

describe('cookie MAC', () => {
  it('signs the cookie as <token>.<mac>, and the signed cookie authenticates', async () => {
    const sessions = createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets: [NEW] } })
    const cookie = await loggedIn(sessions)
    assert.match(valueOf(cookie), /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/)
    assert.equal((await sessions.load(cookie)).userId, 'alice')
  })

  it('refuses forged, unsigned and wrongly signed ids without reading the store', async () => {
    const store = new InstrumentedStore(new MemoryStore())
    const sessions = createSessionManager({ store, cookie: { secure: false, secrets: [NEW] } })
    const cookie = await loggedIn(sessions)
    const token = valueOf(cookie).slice(0, 43)
    const mac = valueOf(cookie).slice(44)
    const otherSigner = createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets: [OLD] } })
    const wronglySigned = `sid=${token}.${createHmac('sha256', OLD).update(token).digest('base64url')}` // the real token, a secret not listed
    const forged = [
      `sid=${generateToken()}.${mac}`, // a MAC lifted from another cookie
      `sid=${token}`, // the real token, unsigned
      wronglySigned,
      `sid=${token}.${'A'.repeat(42)}A`, // well-formed, wrong MAC
      `sid=${token}.${mac.slice(0, 42)}${mac[42] === 'A' ? 'B' : 'A'}`, // last character changed
      `sid=${token}.${mac}x`, // too long
      `sid=${token}${mac}`, // no separator
      `sid="${token}.${mac}`, // unbalanced quote
    ]
    assert.notEqual(wronglySigned, cookie)
    const readsBefore = store.reads
    for (const c of [...forged, `sid=${valueOf(await loggedIn(otherSigner))}`]) {
      const s = await sessions.load(c)
      assert.equal(s.state, 'none', c)
      assert.equal(s.userId, undefined)
      assert.match(s.takeSetCookie() ?? '', /^sid=; .*Max-Age=0/, `cookie cleared for ${c}`)
    }
    assert.equal(store.reads, readsBefore, 'no store read for any forged cookie')
    // Without a MAC the same forged-but-well-formed id costs one store read: what the MAC saves.
    const plainStore = new InstrumentedStore(new MemoryStore())
    const plain = createSessionManager({ store: plainStore, cookie: { secure: false } })
    await plain.load(`sid=${generateToken()}`)
    assert.equal(plainStore.reads, 1)
  })

  it('rotation: the first secret signs, all verify', async () => {
    const store = new MemoryStore()
    const before = createSessionManager({ store, cookie: { secure: false, secrets: [OLD] } })
    const after = createSessionManager({ store, cookie: { secure: false, secrets: [NEW, OLD] } })
    const oldCookie = await loggedIn(before, 'alice')
    assert.equal((await after.load(oldCookie)).userId, 'alice', 'a cookie signed with the old secret still works')
    const newCookie = await loggedIn(after, 'bob')
    assert.equal((await after.load(newCookie)).userId, 'bob')
    assert.equal((await before.load(newCookie)).userId, undefined, 'new cookies are signed with the first secret, not the old one')
    const dropped = createSessionManager({ store, cookie: { secure: false, secrets: [NEW] } })
    assert.equal((await dropped.load(oldCookie)).userId, undefined, 'dropping the old secret ends its cookies')
    // A rotation of the id (login) re-signs with the current first secret.
    const s = await after.load(oldCookie)
    await s.login('alice')
    assert.equal((await dropped.load(cookieOf(s))).userId, 'alice')
  })

  it('keeps working for a keep-alive connection that sends the same signed cookie again', async () => {
    const store = new InstrumentedStore(new MemoryStore())
    const sessions = createSessionManager({ store, cookie: { secure: false, secrets: [NEW] } })
    const cookie = await loggedIn(sessions)
    const socket = {}
    assert.equal((await sessions.load(cookie, undefined, socket)).userId, 'alice')
    assert.equal((await sessions.load(cookie, undefined, socket)).userId, 'alice')
    const forged = `sid=${valueOf(cookie).slice(0, 44)}${'A'.repeat(43)}`
    assert.equal((await sessions.load(forged, undefined, socket)).userId, undefined)
  })

  it('covers the cookie name: a value signed for one cookie is refused under another on the same table and secret', async () => {
    const store = new MemoryStore()
    const users = createSessionManager({ store, cookie: { secure: false, secrets: [NEW] } })
    const admins = createSessionManager({ store, cookie: { secure: false, name: 'admin_sid', secrets: [NEW] } })
    const userCookie = await loggedIn(users, 'alice')
    assert.equal((await users.load(userCookie)).userId, 'alice')
    assert.equal((await admins.load(`admin_sid=${valueOf(userCookie)}`)).userId, undefined, 'signed for sid, sent as admin_sid')
    const adminCookie = await loggedIn(admins, 'root')
    assert.equal((await admins.load(adminCookie)).userId, 'root')
    assert.equal((await users.load(`sid=${valueOf(adminCookie)}`)).userId, undefined, 'signed for admin_sid, sent as sid')
  })

  it('verifies at most 4 signed-looking values of a crafted Cookie header, whatever it holds', async () => {
    const store = new InstrumentedStore(new MemoryStore())
    const sessions = createSessionManager({ store, cookie: { secure: false, secrets: [NEW, OLD] } })
    const good = await loggedIn(sessions)
    const forged = (n: number) => Array.from({ length: n }, () => `sid=${generateToken()}.${generateToken()}`)
    // A browser sends a handful of same-name cookies at most (one per path and domain): those work.
    assert.equal((await sessions.load([...forged(3), good].join('; '))).userId, 'alice')
    // Values that are not even shaped like a signed token cost no HMAC and do not count.
    assert.equal((await sessions.load([...Array.from({ length: 50 }, () => 'sid=junk'), good].join('; '))).userId, 'alice')
    // Past the fourth signed-looking value nothing is verified: a header of 170 forged values costs 4 checks, not 170.
    const crafted = await sessions.load([...forged(4), good].join('; '))
    assert.equal(crafted.userId, undefined, 'a fifth candidate was verified')
    assert.equal(crafted.state, 'none')
    const readsBefore = store.reads
    await sessions.load([...forged(170), good].join('; '))
    assert.equal(store.reads, readsBefore, 'and nothing was read from the store')
  })

  it('refuses weak or missing secrets at startup', () => {
    for (const secrets of [[], ['short'], [Buffer.alloc(31)], Array.from({ length: 5 }, () => NEW), [42 as unknown as string]])
      assert.throws(() => createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets } }), SessionConfigError)
  })
})
