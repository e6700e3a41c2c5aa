// Second factors and step-up on every store (issue 26): a session records which factors it completed
// and when (amr, authenticatedAt); a login waiting for a factor is not logged in; completing a factor
// rotates the id with login()'s guarantees (fresh id, old id dead or logged-out in grace, the
// session's revocation epoch kept), so an id copied or planted between the steps gains nothing.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  createSessionManager,
  SessionDataError,
  SessionRevokedError,
  SessionRotatedError,
  type Session,
  type SessionManagerOptions,
} from '@sessionguard/session'
import { TestClock } from '../helpers/clock.js'
import { InstrumentedStore } from '../helpers/instrumented-store.js'
import { startEngine, type Engine, type EngineName } from '../helpers/engines.js'

const cookieOf = (s: Session<object>): string => s.takeSetCookie()!.split(';')[0]!

export function factorsSuite(engineName: EngineName): void {
  describe(`second factors and step-up on ${engineName}`, () => {
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
      const sessions = createSessionManager({ store, now: clock.now, cookie: { secure: false }, touchInterval: 0, ...extra })
      /** The password step of a login that still needs a code: the half-authenticated id. */
      async function passwordStep(user: string, cookie?: string): Promise<string> {
        const s = await sessions.load(cookie)
        await s.login(user, { amr: ['pwd'], pending: ['otp'] })
        return cookieOf(s)
      }
      return { clock, store, sessions, passwordStep }
    }

    it('a login waiting for a factor is not logged in: no userId, the user only as pendingUserId, nothing completed but the password', async () => {
      const { sessions, passwordStep } = await setup()
      const device = await sessions.load(undefined)
      await device.login('alice', { amr: ['pwd', 'otp'] }) // the real user, signed in elsewhere
      const elsewhere = cookieOf(device)
      const half = await sessions.load(await passwordStep('alice'))
      assert.equal(half.state, 'live')
      assert.equal(half.userId, undefined, 'a password-only session must not pass a userId check')
      assert.equal(half.pendingUserId, 'alice')
      assert.deepEqual(half.pendingFactors, ['otp'])
      assert.deepEqual(half.amr, ['pwd'])
      assert.equal(half.hasFactor('otp'), false)
      assert.equal(await half.revokeOthers(), 0, 'a password-only session cannot sign the user out elsewhere')
      assert.equal((await sessions.load(elsewhere)).userId, 'alice')
    })

    for (const grace of ['10s', 0] as const) {
      it(`completing the second factor issues a fresh id; the id held between the steps is dead or logged out (rotationGrace ${grace})`, async () => {
        const { sessions, passwordStep } = await setup({ rotationGrace: grace })
        // The attacker did the password step and plants this id in the victim's browser.
        const between = await passwordStep('alice')
        const victim = await sessions.load(between)
        await victim.completeFactor('otp')
        const full = cookieOf(victim)
        assert.notEqual(full, between, 'the second factor must issue a new id')
        assert.equal(victim.userId, 'alice')
        const attacker = await sessions.load(between)
        assert.equal(attacker.userId, undefined, "the attacker's copy is not logged in")
        assert.equal(attacker.pendingUserId, undefined, 'nor half logged in')
        assert.deepEqual(attacker.amr, [])
        assert.equal(attacker.state, grace === 0 ? 'none' : 'grace')
        if (grace !== 0)
          await assert.rejects(attacker.completeFactor('otp'), SessionRotatedError, 'a grace id cannot complete the factor again')
        const after = await sessions.load(full)
        assert.equal(after.userId, 'alice')
        assert.deepEqual(after.pendingFactors, [])
      })
    }

    it('amr and authenticatedAt record each factor and when, survive a read from the store, and regenerate keeps them', async () => {
      const { clock, sessions, passwordStep } = await setup()
      const passwordAt = clock.now()
      const between = await passwordStep('bob')
      assert.equal((await sessions.load(between)).authenticatedAt, passwordAt)
      clock.advance(30_000)
      const s = await sessions.load(between)
      await s.completeFactor('otp')
      const full = await sessions.load(cookieOf(s))
      assert.deepEqual(full.factors, [
        { method: 'pwd', at: passwordAt },
        { method: 'otp', at: passwordAt + 30_000 },
      ])
      assert.deepEqual(full.amr, ['pwd', 'otp'])
      assert.equal(full.authenticatedAt, passwordAt + 30_000, 'authenticatedAt is the latest factor')
      clock.advance(1_000)
      await full.regenerate()
      const regenerated = await sessions.load(cookieOf(full))
      assert.deepEqual(regenerated.factors, full.factors, 'a regenerate is not an authentication')
      assert.equal(regenerated.authenticatedAt, passwordAt + 30_000)
      assert.deepEqual(
        (await sessions.listSessions('bob')).map((i) => [i.amr, i.pendingFactors]),
        [[['pwd', 'otp'], undefined]],
      )
    })

    it('step-up: re-entering the password rotates the id; only the new id is elevated, and only for the window asked', async () => {
      const { clock, sessions } = await setup({ rotationGrace: '10s', idleTimeout: '2h' })
      const s = await sessions.load(undefined)
      await s.login('carol', { amr: ['pwd'] })
      const before = cookieOf(s)
      clock.advance(3_600_000) // an hour later: the login is too old for a sensitive action
      const low = await sessions.load(before)
      assert.equal(low.hasFactor('pwd', '5m'), false)
      await low.completeFactor('pwd') // "confirm your password"
      const elevated = cookieOf(low)
      assert.notEqual(elevated, before)
      const fresh = await sessions.load(elevated)
      assert.equal(fresh.userId, 'carol')
      assert.equal(fresh.hasFactor('pwd', '5m'), true)
      assert.equal(fresh.authenticatedAt, clock.now())
      const copy = await sessions.load(before)
      assert.equal(copy.userId, undefined, 'the pre-step-up id is logged out')
      assert.equal(copy.hasFactor('pwd'), false, 'and not elevated')
      clock.advance(5 * 60_000 + 1)
      assert.equal((await sessions.load(elevated)).hasFactor('pwd', '5m'), false, 'the elevation lapses with time')
      assert.equal((await sessions.load(elevated)).hasFactor('pwd'), true)
    })

    for (const grace of ['10s', 0] as const) {
      it(`a factor completed between revokeUser's epoch bump and its deletes fails with 409 and leaves no session alive (rotationGrace ${grace})`, async () => {
        const { store, sessions, passwordStep } = await setup({ rotationGrace: grace })
        const between = await passwordStep('dave')
        const s = await sessions.load(between)
        let completion: Promise<unknown> | undefined
        store.afterBump = async () => {
          store.afterBump = undefined
          completion = s.completeFactor('otp').then(
            () => 'completed',
            (e: unknown) => e,
          )
          await completion
        }
        await sessions.revokeUser('dave')
        const outcome = await completion
        assert.ok(outcome instanceof SessionRevokedError, `the completed login outlived the revocation: ${String(outcome)}`)
        assert.match(s.takeSetCookie() ?? '', /Max-Age=0/, 'the revoked session is cleared, no new id handed out')
        assert.equal((await sessions.load(between)).state, 'none')
        store.indexBlind = true
        assert.deepEqual(await sessions.listSessions('dave'), [], 'nothing outlived the revocation')
      })
    }

    it('revokeUser ends a half-done login too, and listSessions shows it with its pending factor', async () => {
      const { sessions, passwordStep } = await setup()
      const between = await passwordStep('erin')
      assert.deepEqual(
        (await sessions.listSessions('erin')).map((i) => [i.amr, i.pendingFactors]),
        [[['pwd'], ['otp']]],
      )
      assert.equal(await sessions.revokeUser('erin'), 1)
      const s = await sessions.load(between)
      assert.equal(s.state, 'none')
      await assert.rejects(s.completeFactor('otp'), SessionDataError, 'nothing left to complete')
    })

    it('two requests completing the factor on the same id: one fresh id, the other fails instead of minting a second', async () => {
      const { sessions, passwordStep } = await setup({ rotationGrace: '10s' })
      const between = await passwordStep('fay')
      const first = await sessions.load(between)
      const second = await sessions.load(between) // read before the first one wrote
      await first.completeFactor('otp')
      await assert.rejects(second.completeFactor('otp'), SessionRotatedError)
      assert.equal(second.takeSetCookie(), undefined, 'no second logged-in id')
      assert.equal((await sessions.listSessions('fay')).length, 1)
    })

    it('refuses what is not a factor completion, writing nothing: an anonymous session, odd method names, odd login lists', async () => {
      const { store, sessions } = await setup()
      const anonymous = await sessions.load(undefined)
      await anonymous.set({ cart: 1 })
      anonymous.takeSetCookie()
      store.resetCounts()
      await assert.rejects(anonymous.completeFactor('otp'), SessionDataError)
      for (const bad of ['', 'OTP', 'o tp', 'x'.repeat(33), '__proto__', 42])
        await assert.rejects(anonymous.completeFactor(bad as string), SessionDataError, `completeFactor(${String(bad)})`)
      await assert.rejects(anonymous.login('gus', { amr: 'pwd' as never }), SessionDataError)
      await assert.rejects(anonymous.login('gus', { pending: ['otp', 'Bad name'] }), SessionDataError)
      await assert.rejects(anonymous.login('gus', { amr: Array.from({ length: 9 }, (_, i) => `f${i}`) }), SessionDataError)
      assert.throws(() => anonymous.hasFactor('Bad'), SessionDataError)
      assert.equal(store.writes, 0)
      assert.equal(anonymous.takeSetCookie(), undefined)
    })

    it("completeFactor's data lands in the new session in the same write; the pending session's data stays as it was", async () => {
      const { store, sessions } = await setup({ rotationGrace: '10s' })
      const s = await sessions.load(undefined)
      await s.login('jo', { amr: ['pwd'], pending: ['otp'], data: { csrf: 'known-to-whoever-did-the-password-step', cart: 1 } })
      const between = cookieOf(s)
      const step = await sessions.load(between)
      store.resetCounts()
      await step.completeFactor('otp', { data: { csrf: 'fresh' } })
      assert.equal(store.writes, 1)
      assert.deepEqual((await sessions.load(cookieOf(step))).data, { csrf: 'fresh', cart: 1 })
      assert.deepEqual(
        (await sessions.load(between)).data,
        { csrf: 'known-to-whoever-did-the-password-step', cart: 1 },
        'the grace id is untouched',
      )
      await assert.rejects(step.completeFactor('otp', { data: [] as never }), SessionDataError)
      await assert.rejects(step.completeFactor('otp', { keep: ['cart'] } as never), SessionDataError)
    })

    it('completing a factor costs one store write (the rotation) and no store read', async () => {
      const { store, sessions, passwordStep } = await setup()
      const s = await sessions.load(await passwordStep('ivy'))
      store.resetCounts()
      await s.completeFactor('otp')
      assert.equal(store.writes, 1, 'one write: new session, user item and old id together')
      assert.equal(store.reads + store.userReads, 0)
    })

    it('a re-login from a half-done login replaces its factors: a new password step waits for the code again', async () => {
      const { sessions, passwordStep } = await setup()
      const s = await sessions.load(await passwordStep('hal'))
      await s.completeFactor('otp')
      const again = await sessions.load(cookieOf(s))
      await again.login('hal', { amr: ['pwd'], pending: ['otp'] })
      const relogged = await sessions.load(cookieOf(again))
      assert.equal(relogged.userId, undefined)
      assert.deepEqual(relogged.amr, ['pwd'])
    })
  })
}
