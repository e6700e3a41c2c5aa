// Unheld races on a real engine, counted: each round starts a request that rotates a session and a
// revocation of the same user, the second at a random moment of the first one's span (or just
// before it), lets both finish, then counts the sessions that survived. Held tests pin the worst order; these loops show the
// real engines, with their own timing, never leave a survivor either. SG_RACE_ROUNDS sets the rounds
// per scenario (the suite keeps it small; the figures come from one-off runs of thousands).
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createSessionManager, type Session, type SessionManager } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import { startEngine, type Engine } from '../helpers/engines.js'
import { logIn, send, startRevocationApp, type RevocationApp } from '../compat/revocation-app.js'

const cookieOf = (s: Session<object>): string => s.takeSetCookie()!.split(';')[0]!
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * When the second operation starts, relative to the first (the lead). Every other round sweeps the
 * first 25 ms in 1 ms steps, where a request's rotation meets the lead's reads and first writes on
 * these engines; the other rounds fall anywhere in the lead's usual span (the median of its last
 * runs, so a cold first call does not stretch it), or a little before it.
 */
class Window {
  readonly #recent: number[] = []
  #round = 0
  get span(): number {
    if (this.#recent.length === 0) return 8
    const sorted = [...this.#recent].sort((a, b) => a - b)
    return sorted[Math.floor(sorted.length / 2)]!
  }
  offset(): number {
    const round = this.#round++
    if (round % 2 === 0) return ((round / 2) % 25) - 2
    return this.span * (Math.random() * 1.25 - 0.25)
  }
  took(ms: number): void {
    this.#recent.push(ms)
    if (this.#recent.length > 9) this.#recent.shift()
  }
}

/** Starts `lead`, and `follower` at a random moment of the lead's window; both settle. */
async function race<A, B>(
  window: Window,
  lead: () => Promise<A>,
  follower: () => Promise<B>,
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  const offset = window.offset()
  const started = performance.now()
  const a = (offset < 0 ? pause(-offset) : Promise.resolve()).then(lead).finally(() => window.took(performance.now() - started))
  const b = (offset > 0 ? pause(offset) : Promise.resolve()).then(follower)
  return Promise.all([Promise.allSettled([a]).then(([r]) => r!), Promise.allSettled([b]).then(([r]) => r!)])
}

const outcomeOf = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled' ? 'ok' : ((r.reason as { code?: string })?.code ?? (r.reason as Error)?.name ?? 'error')

export interface RaceFigure {
  engine: string
  scenario: string
  rounds: number
  survivors: number
  /** How the racing request ended, by outcome (ok, SG_SESSION_REVOKED, …): proof the window was hit. */
  outcomes: Record<string, number>
}

export const figures: RaceFigure[] = []

export function raceSuite(engineName: 'dynalite' | 'dynamodb-local', defaultRounds: number): void {
  const rounds = Number(process.env.SG_RACE_ROUNDS ?? defaultRounds)

  describe(`unheld revocation races on ${engineName} (${rounds} rounds each)`, () => {
    let engine: Engine
    before(async () => {
      engine = await startEngine(engineName)
    })
    after(async () => {
      await engine?.stop()
      for (const f of figures.filter((x) => x.engine === engineName))
        console.log(
          `race ${f.engine} | ${f.scenario}: ${f.survivors} survivors in ${f.rounds} rounds; racing request ${JSON.stringify(f.outcomes)}`,
        )
    })

    async function library(grace: '10s' | 0 = '10s'): Promise<SessionManager> {
      return createSessionManager({ store: await engine.newStore(), cookie: { secure: false }, rotationGrace: grace })
    }

    async function count(
      scenario: string,
      round: (window: Window) => Promise<{ survivors: number; outcome: PromiseSettledResult<unknown> | string }>,
    ): Promise<void> {
      const figure: RaceFigure = { engine: engineName, scenario, rounds, survivors: 0, outcomes: {} }
      figures.push(figure)
      const window = new Window()
      for (let i = 0; i < rounds; i++) {
        const { survivors, outcome } = await round(window)
        figure.survivors += survivors
        const o = typeof outcome === 'string' ? outcome : outcomeOf(outcome)
        figure.outcomes[o] = (figure.outcomes[o] ?? 0) + 1
      }
      assert.equal(figure.survivors, 0, `${figure.survivors} sessions survived in ${rounds} rounds of ${scenario}`)
    }

    /** Live sessions of the user (the recent list and the index; both engines update the index at once). */
    const live = async (sessions: SessionManager, user: string): Promise<number> => (await sessions.listSessions(user)).length

    for (const [scenario, route] of [
      ['passport req.login(req.user) vs revokeUser', '/relogin'],
      ['express-session regenerate() keeping the user vs revokeUser', '/regenerate'],
    ] as const) {
      it(`${scenario}: no session survives`, async () => {
        const app: RevocationApp = await startRevocationApp(await engine.newStore())
        try {
          await count(scenario, async (window) => {
            const user = `u-${randomUUID().slice(0, 8)}`
            const cookie = await logIn(app, user)
            const [request] = await race(
              window,
              () => send(app, 'POST', route, cookie),
              () => app.sessions.revokeUser(user),
            )
            assert.equal(request.status, 'fulfilled')
            const status = request.status === 'fulfilled' ? request.value.status : 0
            // 200 (committed before the epoch bump: revokeUser then ends it), 409 (revoked), 401 (already gone)
            assert.ok([200, 401, 409].includes(status), `status ${status}`)
            return { survivors: await live(app.sessions, user), outcome: String(status) }
          })
        } finally {
          await app.server.close()
        }
      })
    }

    for (const [scenario, rotate] of [
      ['login() step-up vs revokeUser', (s: Session<object>, user: string) => s.login(user)],
      ['regenerate() vs revokeUser', (s: Session<object>) => s.regenerate()],
    ] as const) {
      it(`${scenario}: no session survives`, async () => {
        const sessions = await library()
        await count(scenario, async (window) => {
          const user = `u-${randomUUID().slice(0, 8)}`
          const first = await sessions.load(undefined)
          await first.login(user)
          const s = await sessions.load(cookieOf(first))
          const [rotation] = await race(
            window,
            () => rotate(s, user),
            () => sessions.revokeUser(user),
          )
          return { survivors: await live(sessions, user), outcome: rotation }
        })
      })
    }

    for (const grace of ['10s', 0] as const) {
      it(`revokeOthers vs regenerate() on the other device (rotationGrace ${grace}): the other device is signed out, this one stays`, async () => {
        const sessions = await library(grace)
        await count(`revokeOthers vs regenerate() on the other device, rotationGrace ${grace}`, async (window) => {
          const user = `u-${randomUUID().slice(0, 8)}`
          const here = await sessions.load(undefined)
          await here.login(user)
          const phone = await sessions.load(undefined)
          await phone.login(user)
          const hereNow = await sessions.load(cookieOf(here))
          const phoneNow = await sessions.load(cookieOf(phone))
          // revokeOthers leads: the dangerous moment is the other device's rotation landing between
          // its reads and its deletes.
          const [, regenerate] = await race(
            window,
            () => hereNow.revokeOthers(),
            () => phoneNow.regenerate(),
          )
          const left = await sessions.listSessions(user)
          assert.ok(
            left.some((i) => i.handle === hereNow.handle),
            'this device was signed out',
          )
          return { survivors: left.filter((i) => i.handle !== hereNow.handle).length, outcome: regenerate }
        })
      })
    }

    it('revokeOthers vs two regenerates in a row on the other device (rotationGrace 0): the other device is signed out, this one stays', async () => {
      const sessions = await library(0)
      await count('revokeOthers vs two regenerates in a row on the other device, rotationGrace 0', async (window) => {
        const user = `u-${randomUUID().slice(0, 8)}`
        const here = await sessions.load(undefined)
        await here.login(user)
        const phone = await sessions.load(undefined)
        await phone.login(user)
        const hereNow = await sessions.load(cookieOf(here))
        const phoneNow = await sessions.load(cookieOf(phone))
        // The first new id is rotated away again at once: nothing but the links leads to the second.
        const [, regenerate] = await race(
          window,
          () => hereNow.revokeOthers(),
          async () => {
            await phoneNow.regenerate()
            await phoneNow.regenerate()
          },
        )
        const left = await sessions.listSessions(user)
        assert.ok(
          left.some((i) => i.handle === hereNow.handle),
          'this device was signed out',
        )
        return { survivors: left.filter((i) => i.handle !== hereNow.handle).length, outcome: regenerate }
      })
    })

    for (const grace of ['10s', 0] as const) {
      it(`revokeOthers vs a regenerate of this device's id by a copy of it (rotationGrace ${grace}): no other id survives a call that succeeded`, async () => {
        const sessions = await library(grace)
        await count(`revokeOthers vs a regenerate of this device's id by a copy of it, rotationGrace ${grace}`, async (window) => {
          const user = `u-${randomUUID().slice(0, 8)}`
          const here = await sessions.load(undefined)
          await here.login(user)
          const phone = await sessions.load(undefined)
          await phone.login(user)
          // Two holders of this device's id: the user signs out other devices, a thief with a copy regenerates it.
          const cookie = cookieOf(here)
          const hereNow = await sessions.load(cookie)
          const copy = await sessions.load(cookie)
          let revoked = false
          let during = false
          const [revoke, regenerate] = await race(
            window,
            async () => {
              const n = await hereNow.revokeOthers()
              revoked = true
              return n
            },
            async () => {
              await copy.regenerate()
              during = !revoked
            },
          )
          const others = (await sessions.listSessions(user)).filter((i) => i.handle !== hereNow.handle)
          // A call that failed (409) said so; one that succeeded must have left no other id logged in,
          // unless the regenerate came after it (a session the call kept, rotated later).
          const counts = revoke.status === 'fulfilled' && (during || regenerate.status === 'rejected')
          return {
            survivors: counts ? others.length : 0,
            outcome: `${outcomeOf(revoke)}/${outcomeOf(regenerate)}${regenerate.status === 'fulfilled' ? (during ? ' during' : ' after') : ''}`,
          }
        })
      })
    }

    it('logout vs two regenerates in a row of the same id (rotationGrace 0): no id of the session survives', async () => {
      const sessions = await library(0)
      await count('logout vs two regenerates in a row of the same id, rotationGrace 0', async (window) => {
        const user = `u-${randomUUID().slice(0, 8)}`
        const first = await sessions.load(undefined)
        await first.login(user)
        const cookie = cookieOf(first)
        // Two holders of one id (a victim and whoever copied it): one logs out, the other regenerates twice.
        const tab = await sessions.load(cookie)
        const other = await sessions.load(cookie)
        const [, regenerate] = await race(
          window,
          () => tab.logout(),
          async () => {
            await other.regenerate()
            await other.regenerate()
          },
        )
        return { survivors: await live(sessions, user), outcome: regenerate }
      })
    })

    it('the store is a DynamoDBStore on this engine', async () => {
      assert.ok((await engine.newStore()) instanceof DynamoDBStore)
    })
  })
}
