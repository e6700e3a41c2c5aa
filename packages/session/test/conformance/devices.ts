// Devices page and step-up, on every store: authenticatedAt, listSessions with its times and the
// opt-in client details, and revokeOthers() ("sign out other devices").
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  createSessionManager,
  SessionRotatedError,
  StoreUnavailableError,
  type ResponseContext,
  type Session,
  type SessionManagerOptions,
} from '@sessionguard/session'
import { TestClock } from '../helpers/clock.js'
import { InstrumentedStore } from '../helpers/instrumented-store.js'
import { startEngine, type Engine, type EngineName } from '../helpers/engines.js'
import { MAX_RECENT_KEYS } from '../../src/core/session.js'
import { fillRecent } from './suite.js'

const cookieOf = (s: Session<object>): string => s.takeSetCookie()!.split(';')[0]!
const throttle = (): Error => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' })
const from = (userAgent: string, ip: string): ResponseContext => ({ canSetCookie: () => true, client: () => ({ userAgent, ip }) })

export function devicesSuite(engineName: EngineName): void {
  describe(`devices and step-up on ${engineName}`, () => {
    let engine: Engine
    before(async () => {
      engine = await startEngine(engineName)
    })
    after(async () => {
      await engine?.stop()
    })

    async function setup(extra: Partial<SessionManagerOptions> = {}) {
      const clock = new TestClock()
      const store = new InstrumentedStore(await engine.newStore())
      const sessions = createSessionManager({ store, now: clock.now, cookie: { secure: false }, ...extra })
      async function device(user: string, ctx?: ResponseContext): Promise<string> {
        const s = await sessions.load(undefined, ctx)
        await s.login(user)
        return cookieOf(s)
      }
      return { clock, store, sessions, device }
    }

    it('authenticatedAt: set by login, kept by regenerate, renewed by the next login, none when anonymous', async () => {
      const { clock, sessions, device } = await setup({ touchInterval: 0 })
      const anonymous = await sessions.load(undefined)
      await anonymous.set({ a: 1 })
      assert.equal(anonymous.authenticatedAt, undefined)
      const loginAt = clock.now()
      const cookie = await device('alice')
      assert.equal((await sessions.load(cookie)).authenticatedAt, loginAt)
      clock.advance(60_000)
      const s = await sessions.load(cookie)
      await s.regenerate()
      const regenerated = cookieOf(s)
      assert.equal((await sessions.load(regenerated)).authenticatedAt, loginAt, 'a regenerate is not a password entry')
      clock.advance(60_000)
      const again = await sessions.load(regenerated)
      await again.login('alice')
      assert.equal((await sessions.load(cookieOf(again))).authenticatedAt, loginAt + 120_000)
    })

    it('listSessions: createdAt, authenticatedAt, lastSeenAt; no client details unless asked for', async () => {
      const { clock, sessions, device } = await setup({ touchInterval: '1s' })
      const t0 = clock.now()
      const cookie = await device('alice', from('Firefox', '192.0.2.1'))
      clock.advance(5_000)
      await sessions.load(cookie) // a touch
      const [info, ...rest] = await sessions.listSessions('alice')
      assert.equal(rest.length, 0)
      assert.equal(info!.createdAt, t0)
      assert.equal(info!.authenticatedAt, t0)
      assert.equal(info!.lastSeenAt, t0 + 5_000)
      assert.equal(info!.userAgent, undefined)
      assert.equal(info!.ip, undefined)
    })

    it('listSessions with recordDevice: user agent and IP as sent at login, cleaned and capped', async () => {
      const { sessions, device } = await setup({ recordDevice: { userAgent: true, ip: true } })
      const firefox = await device('alice', from('Mozilla/5.0 Firefox', '192.0.2.1'))
      await device('alice', from(`evil\u0000\r\nSet-Cookie: x=y ${'A'.repeat(1000)}\uD800`, '2001:db8::1'))
      const onlyUa = createSessionManager({ store: sessions.options.store, cookie: { secure: false }, recordDevice: { userAgent: true } })
      const s = await onlyUa.load(undefined, from('Safari', '198.51.100.7'))
      await s.login('alice')
      const list = await sessions.listSessions('alice')
      assert.equal(list.length, 3)
      const byUa = new Map(list.map((i) => [i.userAgent?.slice(0, 7), i]))
      assert.equal(byUa.get('Mozilla')!.ip, '192.0.2.1')
      const evil = byUa.get('evilSet')!
      assert.doesNotMatch(evil.userAgent!, /[\u0000-\u001f]/)
      assert.ok(evil.userAgent!.length <= 256)
      assert.equal(evil.ip, '2001:db8::1')
      assert.equal(byUa.get('Safari')!.ip, undefined, 'IP only when asked for')
      assert.equal((await sessions.load(firefox)).userId, 'alice')
    })

    it('revokeOthers: every other device of the user ends, this one and other users stay', async () => {
      const { clock, store, sessions, device } = await setup({ touchInterval: 0 })
      const laptop = await device('alice')
      const phone = await device('alice')
      const tablet = await device('alice')
      const bob = await device('bob')
      // the laptop's session rotated once: its old id is in its grace window
      const laptopSession = await sessions.load(laptop)
      await laptopSession.regenerate()
      const current = cookieOf(laptopSession)
      store.indexBlind = true // the index has not caught up: the user item's recent keys must suffice
      clock.advance(1)
      const here = await sessions.load(current)
      assert.equal(await here.revokeOthers(), 3) // phone, tablet and the laptop's rotated-away id
      store.indexBlind = false
      assert.equal((await sessions.load(current)).userId, 'alice', 'this device stays signed in')
      for (const c of [laptop, phone, tablet]) assert.equal((await sessions.load(c)).userId, undefined, 'other devices are signed out')
      assert.equal((await sessions.load(bob)).userId, 'bob', "another user's sessions are untouched")
      assert.deepEqual(
        (await sessions.listSessions('alice')).map((i) => i.handle),
        [here.handle],
      )
      assert.equal(await (await sessions.load(current)).revokeOthers(), 0, 'a second call has nothing left to end')
    })

    for (const grace of ['10s', 0] as const) {
      it(`revokeOthers racing a regenerate on the other device ends the new id too (rotationGrace ${grace})`, async () => {
        const { store, sessions, device } = await setup({ rotationGrace: grace })
        const here = await device('alice')
        const phone = await device('alice')
        const phoneSession = await sessions.load(phone)
        let phoneNow: string | undefined
        // Held at the worst point: revokeOthers has read the phone's key; before its first delete goes
        // out, the phone rotates its id (a regenerate after a privilege change, say).
        store.beforeWrite = async (ops) => {
          if (ops.length !== 1 || ops[0]!.op !== 'delete') return
          store.beforeWrite = undefined
          await phoneSession.regenerate()
          phoneNow = cookieOf(phoneSession)
        }
        await (await sessions.load(here)).revokeOthers()
        assert.ok(phoneNow, 'the regenerate ran inside the revocation')
        assert.equal((await sessions.load(phoneNow)).userId, undefined, "the phone's new id outlived sign out other devices")
        assert.equal((await sessions.load(phone)).userId, undefined)
        assert.equal((await sessions.load(here)).userId, 'alice', 'this device stays signed in')
        store.indexBlind = true
        assert.deepEqual(
          (await sessions.listSessions('alice')).map((i) => i.handle),
          [(await sessions.load(here)).handle],
        )
      })
    }

    for (const grace of ['10s', 0] as const) {
      it(`revokeOthers racing a regenerate on the other device while the user's recent list is full and the index lags ends the new id too (rotationGrace ${grace})`, async () => {
        const { store, sessions, device } = await setup({ rotationGrace: grace })
        // Full of keys the index covers: every login and rotation from now on is left off the list.
        await fillRecent(store.inner, 'alice', MAX_RECENT_KEYS)
        const here = await device('alice')
        const phone = await device('alice')
        const phoneSession = await sessions.load(phone)
        let phoneNow: string | undefined
        // revokeOthers found the phone (the index showed it); before its delete goes out, the phone
        // rotates, and the index has not caught up with the new id (the lag indexLagAllowance allows).
        store.beforeWrite = async (ops) => {
          if (ops.length !== 1 || ops[0]!.op !== 'delete') return
          store.beforeWrite = undefined
          await phoneSession.regenerate()
          phoneNow = cookieOf(phoneSession)
          store.indexBlind = true
        }
        await (await sessions.load(here)).revokeOthers()
        store.indexBlind = false
        assert.ok(phoneNow, 'the regenerate ran inside the revocation')
        assert.equal((await sessions.load(phoneNow)).userId, undefined, "the phone's new id outlived sign out other devices")
        assert.equal((await sessions.load(phone)).userId, undefined)
        assert.equal((await sessions.load(here)).userId, 'alice', 'this device stays signed in')
      })
    }

    it('revokeOthers racing two regenerates on the other device ends the newest id too (rotationGrace 0)', async () => {
      const { store, sessions, device } = await setup({ rotationGrace: 0 })
      const here = await device('alice')
      const phone = await device('alice')
      const phoneSession = await sessions.load(phone)
      let phoneNow: string | undefined
      // revokeOthers has read the phone's key; before its delete goes out, the phone rotates twice,
      // so the id it rotated to first is gone again by the time revokeOthers looks for successors.
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete') return
        store.beforeWrite = undefined
        await phoneSession.regenerate()
        const next = await sessions.load(cookieOf(phoneSession))
        await next.regenerate()
        phoneNow = cookieOf(next)
      }
      await (await sessions.load(here)).revokeOthers()
      assert.ok(phoneNow, 'both regenerates ran inside the revocation')
      assert.equal((await sessions.load(phoneNow)).userId, undefined, "the phone's newest id outlived sign out other devices")
      assert.equal((await sessions.load(here)).userId, 'alice', 'this device stays signed in')
    })

    it("revokeOthers racing a regenerate past a full recent list ends the new id though the old id's holder sends it again (rotationGrace 0)", async () => {
      const { store, sessions, device } = await setup({ rotationGrace: 0 })
      await fillRecent(store.inner, 'alice', MAX_RECENT_KEYS)
      const here = await device('alice')
      const phone = await device('alice')
      const phoneSession = await sessions.load(phone)
      let phoneNow: string | undefined
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete') return
        store.beforeWrite = undefined
        await phoneSession.regenerate()
        phoneNow = cookieOf(phoneSession)
        store.indexBlind = true
        // The old id's holder sends it again: refused, and that read must not remove the only link to the new id.
        assert.equal((await sessions.load(phone)).userId, undefined)
      }
      await (await sessions.load(here)).revokeOthers()
      store.indexBlind = false
      assert.ok(phoneNow, 'the regenerate ran inside the revocation')
      assert.equal((await sessions.load(phoneNow)).userId, undefined, "the phone's new id outlived sign out other devices")
      assert.equal((await sessions.load(here)).userId, 'alice', 'this device stays signed in')
    })

    for (const grace of ['10s', 0] as const) {
      it(`revokeOthers ends a device whose session rotated 100 times (rotationGrace ${grace})`, async () => {
        const { clock, sessions, device } = await setup({ rotationGrace: grace })
        const here = await device('alice')
        let phone = await device('alice')
        for (let i = 0; i < 100; i++) {
          clock.advance(11_000) // each rotated-away id is past its grace window before the next rotation
          const s = await sessions.load(phone)
          await s.regenerate()
          phone = cookieOf(s)
        }
        // the phone's newest id, and with a grace window the id it rotated away last (it still signs in)
        assert.equal(
          await (await sessions.load(here)).revokeOthers(),
          grace === 0 ? 1 : 2,
          'the kept dead ids of its chain are not counted as signed out',
        )
        assert.equal((await sessions.load(phone)).userId, undefined, 'the phone outlived sign out other devices')
        assert.equal((await sessions.load(here)).userId, 'alice')
      })
    }

    it('revokeOthers ends a stolen session rotated 70 times within one grace window, also when it rotates again meanwhile', async () => {
      const { store, sessions, device } = await setup({ rotationGrace: '10s' })
      const here = await device('alice')
      // the thief's copy: every id it rotated away is still in its grace window, one chain of 71 ids
      let thief = await device('alice')
      for (let i = 0; i < 70; i++) {
        const s = await sessions.load(thief)
        await s.regenerate()
        thief = cookieOf(s)
      }
      const thiefKey = (await sessions.load(thief)).handle!
      let rotatedTo: string | undefined
      store.beforeWrite = async (ops) => {
        // held: the delete of the thief's newest id, after its older ids were read and ended; it rotates now
        if (ops.length !== 1 || ops[0]!.op !== 'delete' || ops[0]!.key !== thiefKey) return
        store.beforeWrite = undefined
        const s = await sessions.load(thief)
        await s.regenerate()
        rotatedTo = cookieOf(s)
      }
      await (await sessions.load(here)).revokeOthers()
      assert.ok(rotatedTo, 'the rotation ran inside the revocation')
      assert.equal((await sessions.load(thief)).userId, undefined)
      assert.equal((await sessions.load(rotatedTo)).userId, undefined, "the thief's newest id outlived sign out other devices")
      assert.equal((await sessions.load(here)).userId, 'alice')
    })

    for (const grace of ['10s', 0] as const)
      it(`revokeOthers cut off midway past a full list with the index lagging: the retry ends the newest id (rotationGrace ${grace})`, async () => {
        const { store, sessions, device } = await setup({ rotationGrace: grace })
        await fillRecent(store.inner, 'alice', MAX_RECENT_KEYS - 2)
        const here = await device('alice')
        const phone = await device('alice') // the list is full now
        store.indexBlind = true // the ids the phone rotates to next are on no list and not yet in the index
        let newest = phone
        for (let i = 0; i < 2; i++) {
          const s = await sessions.load(newest)
          await s.regenerate()
          newest = cookieOf(s)
        }
        let deletes = 0
        store.beforeWrite = (ops) => {
          if (ops[0]?.op === 'delete' && ++deletes === 2) throw throttle()
        }
        await assert.rejects((await sessions.load(here)).revokeOthers(), StoreUnavailableError)
        store.beforeWrite = undefined
        // a walk that had deleted the middle id first would leave the newest one out of the retry's reach
        await (await sessions.load(here)).revokeOthers()
        assert.equal((await sessions.load(newest)).userId, undefined, 'the newest id outlived a retried sign out other devices')
        assert.equal((await sessions.load(here)).userId, 'alice')
      })

    it('revokeOthers: a login that commits after it began stays', async () => {
      const { store, sessions, device } = await setup({ rotationGrace: 0 })
      const here = await device('alice')
      const phone = await device('alice')
      const hereSession = await sessions.load(here)
      let later: string | undefined
      store.beforeWrite = async (ops) => {
        if (ops.length !== 1 || ops[0]!.op !== 'delete') return
        store.beforeWrite = undefined
        later = await device('alice') // a new device signs in while the call runs
      }
      assert.equal(await hereSession.revokeOthers(), 1)
      assert.equal((await sessions.load(phone)).userId, undefined)
      assert.equal((await sessions.load(later!)).userId, 'alice', 'a login after the call began is not its business')
      assert.equal((await sessions.load(here)).userId, 'alice')
    })

    for (const [grace, full] of [
      ['10s', false],
      [0, false],
      ['10s', true],
      [0, true],
    ] as const)
      it(`revokeOthers racing a regenerate of this very session by a copy of its id ends the new id (rotationGrace ${grace}${full ? ', past a full list with the index lagging' : ''})`, async () => {
        const { store, sessions, device } = await setup({ rotationGrace: grace })
        if (full) await fillRecent(store.inner, 'alice', MAX_RECENT_KEYS - 2)
        const here = await device('alice')
        const phone = await device('alice')
        const hereSession = await sessions.load(here)
        let thief: string | undefined
        store.beforeWrite = async (ops) => {
          // held: the first delete of the call; a thief holding a copy of this id regenerates it now
          if (ops.length !== 1 || ops[0]!.op !== 'delete') return
          store.beforeWrite = undefined
          store.indexBlind = full // the new id is on no list (full) and not yet in the index
          const s = await sessions.load(here)
          await s.regenerate()
          thief = cookieOf(s)
        }
        await hereSession.revokeOthers()
        store.indexBlind = false
        assert.ok(thief, 'the regenerate ran inside the revocation')
        assert.equal((await sessions.load(phone)).userId, undefined)
        assert.equal((await sessions.load(thief)).userId, undefined, 'the id this session was rotated to outlived sign out other devices')
      })

    it('revokeOthers: 0 for an anonymous session, refused on a rotated-away id', async () => {
      const { sessions, device } = await setup()
      const anonymous = await sessions.load(undefined)
      assert.equal(await anonymous.revokeOthers(), 0)
      const cookie = await device('alice')
      const s = await sessions.load(cookie)
      await s.regenerate()
      const grace = await sessions.load(cookie)
      assert.equal(grace.state, 'grace')
      await assert.rejects(grace.revokeOthers(), SessionRotatedError)
    })
  })
}
