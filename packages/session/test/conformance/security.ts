// Security semantics every store must give the manager (issue 16, items 1-5): no data fixation at
// login, revocation that holds under retries and races, logins bound to the epoch seen at the password
// check, both ids of a rotation ended together, and user ids that cannot collide in the store.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ConditionFailedError,
  createSessionManager,
  hashToken,
  SessionConflictError,
  SessionDataError,
  SessionRevokedError,
  StoreUnavailableError,
  type Session,
  type SessionManagerOptions,
  type WriteOp,
} from '@sessionguard/session'
import { TestClock } from '../helpers/clock.js'
import { InstrumentedStore } from '../helpers/instrumented-store.js'
import type { Engine } from '../helpers/engines.js'
import { MAX_RECENT_KEYS } from '../../src/core/session.js'
import { fillRecent } from './suite.js'

type Data = { cart?: string[]; returnTo?: string; csrf?: string; note?: string }

const sent = (s: Session<object>): string | undefined => s.takeSetCookie()?.split(';')[0]
const keyOf = (cookie: string): string => hashToken(cookie.slice(cookie.indexOf('=') + 1))
const throttle = (): Error =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' })

export function securityCases(engine: () => Engine): void {
  async function setup(extra: Partial<SessionManagerOptions> = {}) {
    const clock = new TestClock()
    const store = new InstrumentedStore(await engine().newStore())
    const sessions = createSessionManager<Data>({ store, now: clock.now, cookie: { secure: false }, ...extra })
    async function anonymous(data: Data): Promise<string> {
      const s = await sessions.load(undefined)
      await s.set(data)
      return sent(s)!
    }
    async function loggedIn(userId: string, cookie?: string): Promise<string> {
      const s = await sessions.load(cookie)
      await s.login(userId)
      return sent(s)!
    }
    const state = async (cookie: string) => (await sessions.load(cookie)).state
    return { clock, store, sessions, anonymous, loggedIn, state }
  }

  describe('no data fixation at login', () => {
    it("starts the victim's session with fresh data: an attacker-planted { returnTo, csrf } is gone", async () => {
      const { sessions, anonymous } = await setup()
      const planted = await anonymous({ returnTo: 'https://evil.example', csrf: 'attacker-known' })
      const victim = await sessions.load(planted)
      await victim.login('victim')
      assert.deepEqual(victim.data, {}, 'the request that logged in sees no planted data')
      const after = await sessions.load(sent(victim))
      assert.equal(after.userId, 'victim')
      assert.deepEqual(after.data, {}, 'nor does the next request')
    })

    it('carries exactly the keys listed in keep, and data given with them', async () => {
      const { sessions, anonymous } = await setup()
      const cookie = await anonymous({ cart: ['apple'], returnTo: 'https://evil.example', csrf: 'attacker-known' })
      const s = await sessions.load(cookie)
      await s.login('alice', { keep: ['cart', 'note'], data: { note: 'welcome' } })
      assert.deepEqual((await sessions.load(sent(s))).data, { cart: ['apple'], note: 'welcome' })
    })

    it('refuses session data passed the old way (login(id, data)) instead of dropping it silently', async () => {
      const { store, sessions, anonymous } = await setup()
      const s = await sessions.load(await anonymous({ cart: ['apple'] }))
      store.resetCounts()
      await assert.rejects(s.login('alice', { cart: ['x'] } as never), SessionDataError)
      await assert.rejects(s.login('alice', { keep: 'cart' } as never), SessionDataError)
      await assert.rejects(s.login('alice', { epoch: -1 }), SessionDataError)
      assert.equal(store.writes, 0)
      assert.equal(s.takeSetCookie(), undefined)
    })
  })

  describe('revokeUser under retries', () => {
    it('a retry after a throttled delete ends every earlier session, though the index lags', async () => {
      const { store, sessions, loggedIn, state } = await setup()
      const cookies = [await loggedIn('rita'), await loggedIn('rita'), await loggedIn('rita')]
      store.indexBlind = true
      let deletes = 0
      store.beforeWrite = (ops) => {
        if (ops[0]?.op === 'delete' && ++deletes === 2) throw throttle()
      }
      await assert.rejects(sessions.revokeUser('rita'), StoreUnavailableError)
      // Still stored (a session created by ordered writes is refused on read already: it checks its epoch).
      const left = (await Promise.all(cookies.map((c) => store.inner.get(keyOf(c))))).filter((r) => r !== undefined).length
      assert.ok(left > 0, 'the throttled call left a session behind')
      store.beforeWrite = undefined
      assert.equal(await sessions.revokeUser('rita'), left, 'the retry ends the ones the first call did not')
      for (const c of cookies) assert.equal(await state(c), 'none')
      assert.deepEqual((await store.inner.getUser('rita'))?.recent, [], 'the list is trimmed once every delete is done')
    })

    it('leaves alone a login that came after its epoch bump, even when the index already lists it', async () => {
      const { store, sessions, loggedIn, state } = await setup()
      const earlier = await loggedIn('rob')
      let later: string | undefined
      store.afterBump = async () => {
        store.afterBump = undefined
        later = await loggedIn('rob')
      }
      assert.equal(await sessions.revokeUser('rob'), 1)
      assert.equal(await state(earlier), 'none')
      assert.equal(await state(later!), 'live', 'a login after the bump is not revoked by the deletes that follow it')
      assert.deepEqual(
        (await store.inner.getUser('rob'))?.recent.map((r) => r.key),
        [keyOf(later!)],
        'only the ended keys were trimmed',
      )
    })
  })

  describe('a login bound to the epoch of its password check', () => {
    it('fails with 409 when revokeUser ran between the password check and the login', async () => {
      const { sessions, anonymous, loggedIn, state } = await setup()
      const other = await loggedIn('sue')
      const epoch = await sessions.userEpoch('sue') // the app reads it, then checks the password
      await sessions.revokeUser('sue') // "password changed, sign out everywhere"
      const cookie = await anonymous({ cart: ['apple'] })
      const s = await sessions.load(cookie)
      const err = await s.login('sue', { epoch }).then(
        () => undefined,
        (e: unknown) => e,
      )
      assert.ok(err instanceof SessionRevokedError, String(err))
      assert.ok(err instanceof SessionConflictError)
      assert.equal(err.statusCode, 409)
      assert.equal(err.code, 'SG_SESSION_REVOKED')
      assert.equal(s.takeSetCookie(), undefined, 'no new id')
      assert.equal(s.userId, undefined)
      assert.deepEqual(await sessions.listSessions('sue'), [])
      assert.equal(await state(other), 'none')
      assert.deepEqual((await sessions.load(cookie)).data, { cart: ['apple'] }, 'the anonymous session is untouched')
      const fresh = await sessions.userEpoch('sue')
      assert.equal(fresh, epoch + 1)
      const again = await sessions.load(cookie)
      await again.login('sue', { epoch: fresh })
      assert.equal((await sessions.load(sent(again))).userId, 'sue', 'a login bound to the current epoch works')
    })

    it('under a racing revokeUser, no login whose epoch was read before it outlives it', async () => {
      const { store, sessions, state } = await setup()
      store.indexBlind = true
      const attempt = async (i: number) => {
        const epoch = await sessions.userEpoch('vic')
        await new Promise((r) => setTimeout(r, i % 5)) // the password check
        const s = await sessions.load(undefined)
        try {
          await s.login('vic', { epoch })
          return { epoch, cookie: sent(s)! }
        } catch (err) {
          assert.ok(err instanceof SessionRevokedError, String(err))
          assert.equal(s.takeSetCookie(), undefined)
          return undefined
        }
      }
      const logins = Array.from({ length: 16 }, (_, i) => attempt(i))
      await new Promise((r) => setTimeout(r, 2))
      const [, results] = await Promise.all([sessions.revokeUser('vic'), Promise.all(logins)])
      const final = await sessions.userEpoch('vic')
      assert.equal(final, 1)
      for (const r of results)
        if (r && r.epoch < final) assert.equal(await state(r.cookie), 'none', 'a login checked before the revocation survived it')
    })

    it('a login whose write meets a revocation fails instead of retrying on the new epoch', async () => {
      const { store, sessions } = await setup()
      let raced = false
      store.beforeWrite = async (ops) => {
        if (raced || !ops.some((o) => o.op === 'addRecent')) return
        raced = true
        await sessions.revokeUser('tom')
      }
      const s = await sessions.load(undefined)
      await assert.rejects(s.login('tom'), SessionRevokedError)
      assert.ok(raced)
      assert.equal(s.takeSetCookie(), undefined)
      assert.deepEqual(await sessions.listSessions('tom'), [], 'nothing outlived the revocation')
    })
  })

  describe('a re-login of the user already logged in (step-up) keeps the session epoch', () => {
    for (const grace of ['10s', 0] as const) {
      it(`a re-login landing between revokeUser's epoch bump and its deletes fails with 409 and leaves no session alive (rotationGrace ${grace})`, async () => {
        const { store, sessions, loggedIn, state } = await setup({ rotationGrace: grace })
        const cookie = await loggedIn('step')
        const s = await sessions.load(cookie)
        let relogin: Promise<unknown> | undefined
        // Held at the worst point: the epoch is bumped, the session not deleted yet.
        store.afterBump = async () => {
          store.afterBump = undefined
          relogin = s.login('step').then(
            () => 'logged in',
            (e: unknown) => e,
          )
          await relogin
        }
        await sessions.revokeUser('step')
        const outcome = await relogin
        assert.ok(outcome instanceof SessionRevokedError, `the re-login outlived the revocation: ${String(outcome)}`)
        assert.match(s.takeSetCookie() ?? '', /Max-Age=0/, 'the revoked session is cleared, no new id handed out')
        assert.equal(await state(cookie), 'none')
        store.indexBlind = true
        assert.deepEqual(await sessions.listSessions('step'), [], 'nothing outlived the revocation')
      })
    }

    it('a re-login bound to an epoch read after the revocation works: the password was checked since', async () => {
      const { store, sessions, loggedIn, state } = await setup()
      const cookie = await loggedIn('bound')
      const s = await sessions.load(cookie)
      await store.inner.bumpEpoch('bound', Date.now() + 3_600_000) // revokeUser's bump; its deletes still to come
      const epoch = await sessions.userEpoch('bound') // then the password check
      await s.login('bound', { epoch })
      const fresh = sent(s)!
      assert.equal((await sessions.load(fresh)).userId, 'bound')
      assert.notEqual(await state(cookie), 'live', 'the old id is retired')
    })

    it('a re-login of the same user with the session still current rotates as any login does', async () => {
      const { sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      const cookie = await loggedIn('again')
      const s = await sessions.load(cookie)
      await s.login('again')
      assert.equal(await state(cookie), 'none')
      assert.equal((await sessions.load(sent(s))).userId, 'again')
      assert.equal((await sessions.listSessions('again')).length, 1)
    })
  })

  describe('the two ids a rotation leaves behind', () => {
    /** A login from an anonymous session, or a regenerate of a logged-in one: the old id in grace and the new one. */
    async function rotated(kind: 'login' | 'regenerate' = 'login') {
      const ctx = await setup({ rotationGrace: '10s' })
      const old = kind === 'login' ? await ctx.anonymous({ cart: ['apple'] }) : await ctx.loggedIn('uma')
      const s = await ctx.sessions.load(old)
      if (kind === 'login') await s.login('uma')
      else await s.regenerate()
      const now = sent(s)!
      assert.equal(await ctx.state(old), 'grace')
      assert.equal(await ctx.state(now), 'live')
      return { ...ctx, old, now }
    }

    for (const kind of ['login', 'regenerate'] as const) {
      it(`logout with the rotated-away id ends the new session too (${kind})`, async () => {
        const { sessions, old, now, state } = await rotated(kind)
        await (await sessions.load(old)).logout()
        assert.equal(await state(now), 'none')
        assert.equal(await state(old), 'none')
      })

      it(`logout with the new id ends the rotated-away one too (${kind})`, async () => {
        const { sessions, old, now, state } = await rotated(kind)
        await (await sessions.load(now)).logout()
        assert.equal(await state(old), 'none')
        assert.equal(await state(now), 'none')
      })
    }

    it('a logout that fails midway leaves the id it was called with, so the retry ends both', async () => {
      for (const which of ['old', 'now'] as const) {
        const { store, sessions, old, now, state } = await rotated()
        const held = which === 'old' ? old : now
        let deletes = 0
        store.beforeWrite = (ops) => {
          if (ops[0]?.op === 'delete' && ++deletes === 2) throw throttle()
        }
        await assert.rejects((await sessions.load(held)).logout(), StoreUnavailableError)
        store.beforeWrite = undefined
        assert.notEqual(await state(held), 'none', 'the id the client holds is still there to retry with')
        await (await sessions.load(held)).logout()
        assert.equal(await state(old), 'none', `logout with ${which}`)
        assert.equal(await state(now), 'none', `logout with ${which}`)
      }
    })

    it('a logout cut off midway through two rotations leaves the rest reachable: the retry ends the newest id', async () => {
      for (const which of ['first', 'middle'] as const) {
        const { store, sessions, old, now, state } = await rotated('regenerate')
        const s = await sessions.load(now)
        await s.regenerate()
        const newest = sent(s)!
        const held = which === 'first' ? old : now
        let deletes = 0
        store.beforeWrite = (ops) => {
          if (ops[0]?.op === 'delete' && ++deletes === 2) throw throttle()
        }
        await assert.rejects((await sessions.load(held)).logout(), StoreUnavailableError)
        store.beforeWrite = undefined
        // a walk that had deleted a middle id first would find nothing beyond it and report success
        await (await sessions.load(held)).logout()
        for (const id of [old, now, newest]) assert.equal(await state(id), 'none', `logout with the ${which} id`)
      }
    })

    it('revokeSession with either id ends both', async () => {
      for (const which of ['old', 'now'] as const) {
        const { store, sessions, old, now, state } = await rotated('regenerate')
        const handle = keyOf(which === 'old' ? old : now)
        assert.equal(await sessions.revokeSession('nobody', handle), false)
        store.resetCounts()
        for (const odd of ['', 'x'.repeat(5000), `${handle}=`, handle.slice(1)])
          assert.equal(await sessions.revokeSession('uma', odd), false)
        assert.equal(store.reads, 0, 'a malformed handle is never looked up')
        assert.equal(await state(now), 'live')
        assert.equal(await sessions.revokeSession('uma', handle), true)
        assert.equal(await state(old), 'none', `revoking ${which}`)
        assert.equal(await state(now), 'none', `revoking ${which}`)
      }
    })

    it('revokeUser ends both ids of a regenerate', async () => {
      const { sessions, old, now, state } = await rotated('regenerate')
      await sessions.revokeUser('uma')
      assert.equal(await state(old), 'none')
      assert.equal(await state(now), 'none')
    })

    it('concurrent logouts on both ids both succeed and end both', async () => {
      const { sessions, old, now, state } = await rotated()
      const [a, b] = [await sessions.load(old), await sessions.load(now)]
      await Promise.all([a.logout(), b.logout(), a.logout()])
      assert.equal(await state(old), 'none')
      assert.equal(await state(now), 'none')
    })

    it('logout with the old id racing a regenerate of the new one leaves no id alive', async () => {
      for (let round = 0; round < 4; round++) {
        const { sessions, old, now, state } = await rotated()
        const [a, b] = [await sessions.load(old), await sessions.load(now)]
        const results = await Promise.allSettled([round % 2 ? b.regenerate() : a.logout(), round % 2 ? a.logout() : b.regenerate()])
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof SessionConflictError, String(r.reason))
        const third = sent(b)
        for (const c of [old, now, ...(third ? [third] : [])])
          assert.equal(await state(c), 'none', `round ${round}: an id outlived the logout`)
      }
    })

    it('logout racing a regenerate of the same id with no grace window leaves no id alive', async () => {
      const { store, sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      const cookie = await loggedIn('una')
      const [tab, other] = [await sessions.load(cookie), await sessions.load(cookie)]
      let rotatedTo: string | undefined
      // The logout has read the session; before its delete goes out, another request on the same id
      // regenerates it (deleting the old id at once, as rotationGrace 0 does).
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.expectedSuccessor === undefined) return
        store.beforeWrite = undefined
        await other.regenerate()
        rotatedTo = sent(other)
      }
      await tab.logout()
      assert.ok(rotatedTo, 'the regenerate ran inside the logout')
      assert.equal(await state(cookie), 'none')
      assert.equal(await state(rotatedTo), 'none', 'the regenerated id outlived the logout')
    })

    it('revokeSession racing a regenerate of that session with no grace window leaves no id alive', async () => {
      const { store, sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      const phone = await loggedIn('una')
      const phoneSession = await sessions.load(phone)
      let rotatedTo: string | undefined
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.expectedSuccessor === undefined) return
        store.beforeWrite = undefined
        await phoneSession.regenerate()
        rotatedTo = sent(phoneSession)
      }
      await sessions.revokeSession('una', keyOf(phone))
      assert.ok(rotatedTo, 'the regenerate ran inside the revocation')
      assert.equal(await state(phone), 'none')
      assert.equal(await state(rotatedTo), 'none', 'the regenerated id outlived revokeSession')
    })

    it('logout racing two regenerates of the same id with no grace window leaves no id alive', async () => {
      const { store, sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      const cookie = await loggedIn('una')
      const [tab, other] = [await sessions.load(cookie), await sessions.load(cookie)]
      let rotatedTo: string | undefined
      // The logout has read the session; before its delete goes out, the other holder of the id
      // regenerates it, then regenerates the new id in turn: the id the logout's search for a
      // successor would find is itself rotated away by then.
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.expectedSuccessor === undefined) return
        store.beforeWrite = undefined
        await other.regenerate()
        const next = await sessions.load(sent(other))
        await next.regenerate()
        rotatedTo = sent(next)
      }
      await tab.logout()
      assert.ok(rotatedTo, 'both regenerates ran inside the logout')
      assert.equal(await state(cookie), 'none')
      assert.equal(await state(rotatedTo), 'none', 'the twice-regenerated id outlived the logout')
    })

    it('revokeSession racing two regenerates of that session with no grace window leaves no id alive', async () => {
      const { store, sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      const phone = await loggedIn('una')
      const phoneSession = await sessions.load(phone)
      let rotatedTo: string | undefined
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.expectedSuccessor === undefined) return
        store.beforeWrite = undefined
        await phoneSession.regenerate()
        const next = await sessions.load(sent(phoneSession))
        await next.regenerate()
        rotatedTo = sent(next)
      }
      await sessions.revokeSession('una', keyOf(phone))
      assert.ok(rotatedTo, 'both regenerates ran inside the revocation')
      assert.equal(await state(phone), 'none')
      assert.equal(await state(rotatedTo), 'none', 'the twice-regenerated id outlived revokeSession')
    })

    it("logout racing a regenerate past a full recent list with no grace window ends the new id, though the old id's holder sends it again", async () => {
      const { store, sessions, loggedIn, state } = await setup({ rotationGrace: 0 })
      await fillRecent(store.inner, 'una', MAX_RECENT_KEYS)
      const cookie = await loggedIn('una')
      const [tab, other] = [await sessions.load(cookie), await sessions.load(cookie)]
      let rotatedTo: string | undefined
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.expectedSuccessor === undefined) return
        store.beforeWrite = undefined
        // The list is full: the new id is on no list, and only the expired old id links to it.
        await other.regenerate()
        rotatedTo = sent(other)
        // Whoever holds the old id sends it once more: refused, and its read must leave the link in place.
        assert.equal(await state(cookie), 'none')
      }
      await tab.logout()
      assert.ok(rotatedTo, 'the regenerate ran inside the logout')
      assert.equal(await state(rotatedTo), 'none', 'the regenerated id outlived the logout')
    })

    for (const grace of ['10s', 0] as const) {
      it(`logout and revokeSession of a session rotated 100 times end it (rotationGrace ${grace})`, async () => {
        const { clock, sessions, loggedIn, state } = await setup({ rotationGrace: grace })
        const rotateMany = async (cookie: string): Promise<string> => {
          let current = cookie
          for (let i = 0; i < 100; i++) {
            // each id's grace window is over before the next rotation: a long-lived session that rotates often
            clock.advance(11_000)
            const s = await sessions.load(current)
            await s.regenerate()
            current = sent(s)!
          }
          return current
        }
        const laptop = await rotateMany(await loggedIn('una'))
        const s = await sessions.load(laptop)
        await s.logout()
        assert.equal(await state(laptop), 'none', 'logout ended the session')
        const phone = await rotateMany(await loggedIn('una'))
        assert.equal(await sessions.revokeSession('una', keyOf(phone)), true)
        assert.equal(await state(phone), 'none', 'revokeSession ended the session')
      })
    }

    it('logout and revokeSession of a session rotated 70 times within one grace window end its newest id', async () => {
      const { sessions, loggedIn, state } = await setup({ rotationGrace: '10s' })
      // no clock advance: every id rotated away is in its grace window, one chain of 71 ids
      const rotateMany = async (cookie: string): Promise<string> => {
        let current = cookie
        for (let i = 0; i < 70; i++) {
          const s = await sessions.load(current)
          await s.regenerate()
          current = sent(s)!
        }
        return current
      }
      const laptop = await rotateMany(await loggedIn('una'))
      await (await sessions.load(laptop)).logout()
      assert.equal(await state(laptop), 'none', 'logout ended the session')
      const phone = await rotateMany(await loggedIn('una'))
      assert.equal(await sessions.revokeSession('una', keyOf(phone)), true)
      assert.equal(await state(phone), 'none', 'revokeSession ended the session')
    })

    it('in grace the old id is never logged in: not after a login, an account switch or a regenerate', async () => {
      const { sessions, loggedIn, state } = await setup({ rotationGrace: '10s' })
      const alice = await loggedIn('alice')
      const bob = await loggedIn('bob', alice) // account switch in the same browser
      const old = await sessions.load(alice)
      assert.equal(old.state, 'grace')
      assert.equal(old.userId, undefined, "alice's rotated-away id keeps none of her rights")
      const s = await sessions.load(bob)
      await s.regenerate()
      const regenerated = await sessions.load(bob)
      assert.equal(regenerated.state, 'grace')
      assert.equal(regenerated.userId, undefined)
      assert.equal((await sessions.load(sent(s))).userId, 'bob')
      assert.equal(await state(alice), 'grace')
    })
  })

  describe('user ids that could collide in the store', () => {
    it('refuses user ids with lone surrogates everywhere, and keeps ids with paired ones', async () => {
      const { store, sessions, loggedIn, state } = await setup()
      const victim = await loggedIn('bob\uFFFD')
      store.resetCounts()
      for (const bad of ['bob\uD800', '\uDC00bob', 'bo\uD83Db']) {
        const s = await sessions.load(undefined)
        await assert.rejects(s.login(bad), (e: unknown) => e instanceof SessionDataError && /well-formed/.test(e.message))
        await assert.rejects(sessions.revokeUser(bad), SessionDataError)
        await assert.rejects(sessions.listSessions(bad), SessionDataError)
        await assert.rejects(sessions.userEpoch(bad), SessionDataError)
        await assert.rejects(sessions.revokeSession(bad, keyOf(victim)), SessionDataError)
      }
      assert.equal(store.writes, 0)
      assert.equal(await state(victim), 'live', "'bob\\uD800' cannot touch the sessions of 'bob\\uFFFD'")
      const emoji = await loggedIn('bob😀')
      assert.equal((await sessions.load(emoji)).userId, 'bob😀')
    })

    it("revokeUser deletes only the user's own sessions, whatever its list holds", async () => {
      const { store, sessions, loggedIn, state } = await setup()
      const alice = await loggedIn('alice')
      // A stray key on bob's item (as a collided id once wrote): revoking bob must not end alice.
      await store.inner.write([
        { op: 'addRecent', userId: 'bob', entry: { key: keyOf(alice), at: Date.now() }, expectedEpoch: 0, expiresAt: Date.now() + 60_000 },
      ])
      await sessions.revokeUser('bob')
      assert.equal(await state(alice), 'live')
    })

    it('a delete conditional on the owner or the epoch fails on another one', async () => {
      const { store, loggedIn } = await setup()
      const key = keyOf(await loggedIn('cleo'))
      const refused: WriteOp[] = [
        { op: 'delete', key, expectedUserId: 'cle' },
        { op: 'delete', key, epochBelow: 0 },
      ]
      for (const op of refused) await assert.rejects(store.inner.write([op]), ConditionFailedError)
      assert.ok(await store.inner.get(key))
      await store.inner.write([{ op: 'delete', key, expectedUserId: 'cleo', epochBelow: 1 }])
      assert.equal(await store.inner.get(key), undefined)
    })
  })
}
