// Revocation through the express-session layer (passport), made deterministic by holding the store:
// a re-login or a regenerate landing between revokeUser's epoch bump and its deletes must not leave a
// session alive; a login bound to the epoch of its password check fails if revokeUser ran meanwhile;
// regenerate() then reload() keeps the rotation; passport storing a whole user object is refused; and
// the MemoryStore fallback warns in production, as express-session does.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { MemoryStore, SessionConflictError, SessionDataError, SessionRevokedError, createSessionManager } from '@sessionguard/session'
import * as compat from '@sessionguard/session/express-session'
import { InstrumentedStore } from './helpers/instrumented-store.js'
import { credentials, logIn, loggedInAs, send, startRevocationApp, type RevocationApp } from './compat/revocation-app.js'

describe('revocation through the express-session layer', () => {
  const apps: RevocationApp[] = []
  after(async () => {
    for (const a of apps) await a.server.close()
  })
  async function start(options: Parameters<typeof startRevocationApp>[1] = {}) {
    const store = new InstrumentedStore(new MemoryStore())
    const app = await startRevocationApp(store, options)
    apps.push(app)
    return { store, app }
  }

  for (const route of ['/relogin', '/regenerate'] as const) {
    it(`${route === '/relogin' ? "passport's req.login(req.user)" : 'regenerate() keeping the user'} between revokeUser's epoch bump and its deletes: 409, no session left`, async () => {
      const { store, app } = await start()
      const cookie = await logIn(app, 'ann')
      let raced: Awaited<ReturnType<typeof send>> | undefined
      store.afterBump = async () => {
        store.afterBump = undefined
        raced = await send(app, 'POST', route, cookie)
      }
      await app.sessions.revokeUser('ann')
      assert.ok(raced, 'the request ran inside the revocation')
      assert.equal(raced.status, 409, JSON.stringify(raced.body))
      assert.equal(raced.body.error, 'SG_SESSION_REVOKED')
      assert.equal(raced.cookie, undefined, 'no new id handed out')
      assert.equal(await loggedInAs(app, cookie), null)
      store.indexBlind = true
      assert.deepEqual(await app.sessions.listSessions('ann'), [], 'a session outlived revokeUser')
    })

    it(`${route} whose write meets a revokeUser that already ended the session: 409, and the end of the response does not log in afresh`, async () => {
      const { store, app } = await start()
      const cookie = await logIn(app, 'abe')
      let revoked = false
      // Held at another point: the request has loaded the session; before its rotation is written,
      // revokeUser runs to the end (bump and deletes).
      store.beforeWrite = async (ops) => {
        if (revoked || !ops.some((o) => o.op === 'create')) return
        revoked = true
        await app.sessions.revokeUser('abe')
      }
      const r = await send(app, 'POST', route, cookie)
      assert.ok(revoked)
      assert.equal(r.status, 409, JSON.stringify(r.body))
      assert.equal(r.cookie, undefined, 'no new id handed out')
      store.indexBlind = true
      assert.deepEqual(await app.sessions.listSessions('abe'), [], 'the failed login was stored again at the end of the response')
    })

    it(`${route} without a revocation rotates the id and keeps the user`, async () => {
      const { app } = await start()
      const cookie = await logIn(app, 'bea')
      const r = await send(app, 'POST', route, cookie)
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.ok(r.cookie && r.cookie !== cookie)
      assert.equal(await loggedInAs(app, r.cookie), 'bea')
      assert.equal(await loggedInAs(app, cookie), null)
    })
  }

  it('bindLoginEpoch: a passport login whose password check began before revokeUser fails with 409 and creates nothing', async () => {
    const { app } = await start()
    const other = await logIn(app, 'cid')
    app.duringPasswordCheck = async () => {
      app.duringPasswordCheck = undefined
      await app.sessions.revokeUser('cid') // "password changed: sign out everywhere", while this login hashes
    }
    const r = await send(app, 'POST', '/login-bound', undefined, credentials('cid'))
    assert.equal(r.status, 409, JSON.stringify(r.body))
    assert.equal(r.body.error, 'SG_SESSION_REVOKED')
    assert.equal(r.cookie, undefined)
    assert.equal(await loggedInAs(app, other), null)
    assert.deepEqual(await app.sessions.listSessions('cid'), [])
    const again = await send(app, 'POST', '/login-bound', undefined, credentials('cid'))
    assert.equal(again.status, 200, 'a login checked after the revocation works')
    assert.equal(await loggedInAs(app, again.cookie!), 'cid')
  })

  it('bindLoginEpoch refuses a request that did not go through the layer, and a login of another user than it names', async () => {
    assert.throws(() => compat.bindLoginEpoch({} as never, 'x', 0), TypeError)
    const sessions = createSessionManager({ store: new MemoryStore(), cookie: { secure: false } })
    const mw = compat.expressSession({ sessions })
    const req = { headers: {}, socket: {} } as never
    const res = { getHeader: () => undefined, setHeader: () => {}, end: () => {}, headersSent: false } as never
    await new Promise<void>((resolve, reject) => mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
    assert.throws(() => compat.bindLoginEpoch(req, 'x', -1), SessionDataError)
    compat.bindLoginEpoch(req, 'x', 0)
    const session = (req as { session: Record<string, unknown> & { save(cb: (e?: unknown) => void): void } }).session
    session.passport = { user: 'y' }
    const err = await new Promise<unknown>((resolve) => session.save(resolve))
    assert.ok(err instanceof SessionDataError, String(err))
  })

  it('bindLoginEpoch: a bound login refused by a revocation stays bound when the app retries it in the same request', async () => {
    const sessions = createSessionManager({ store: new MemoryStore(), cookie: { secure: false } })
    const mw = compat.expressSession({ sessions })
    const req = { headers: {}, socket: {} } as never
    const res = { getHeader: () => undefined, setHeader: () => {}, end: () => {}, headersSent: false } as never
    await new Promise<void>((resolve, reject) => mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
    const epoch = await sessions.userEpoch('eve')
    await sessions.revokeUser('eve') // the password changed while this login checked the old one
    compat.bindLoginEpoch(req, 'eve', epoch)
    const session = () => (req as { session: Record<string, unknown> & { save(cb: (e?: unknown) => void): void } }).session
    const save = () => new Promise<unknown>((resolve) => session().save(resolve))
    session().passport = { user: 'eve' }
    assert.equal((await save()) instanceof SessionRevokedError, true)
    // An app that tries once more (passport's req.login again) must not turn it into an unbound login.
    session().passport = { user: 'eve' }
    const retried = await save()
    assert.ok(retried instanceof SessionRevokedError, `the retry logged in after the revocation: ${String(retried)}`)
    assert.deepEqual(await sessions.listSessions('eve'), [])
  })

  it('regenerate() then reload() keeps the rotation: the old logged-in id is dead after the response', async () => {
    const { app } = await start()
    const cookie = await logIn(app, 'dot')
    const r = await send(app, 'POST', '/regenerate-reload', cookie)
    assert.equal(r.status, 200)
    assert.equal(r.body.reloadFailed, true, 'as in express-session, the regenerated session is not stored yet')
    assert.equal(await loggedInAs(app, cookie), null, 'the rotation was cancelled: the old id still logs in')
    assert.deepEqual(await app.sessions.listSessions('dot'), [])
  })

  it("reload() checks the revocation as a load does: with revocationCheck 'every-read', a session revoked since the request began fails to reload", async () => {
    const store = new InstrumentedStore(new MemoryStore())
    const sessions = createSessionManager({ store, cookie: { secure: false }, revocationCheck: 'every-read' })
    const mw = compat.expressSession({ sessions, userId: (data) => data.user as string | undefined })
    const first = await sessions.load(undefined)
    await first.login('fay', { data: { user: 'fay' } })
    const cookie = first.takeSetCookie()!.split(';')[0]!
    const req = { headers: { cookie }, rawHeaders: ['Cookie', cookie], socket: {} } as never
    const res = { getHeader: () => undefined, setHeader: () => {}, end: () => {}, headersSent: false } as never
    await new Promise<void>((resolve, reject) => mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
    const session = () => (req as { session: Record<string, unknown> & { reload(cb: (e?: unknown) => void): void } }).session
    assert.equal(session().user, 'fay', 'the request began logged in')
    // revokeUser's epoch bump has landed (its deletes have not reached this session yet); the app reloads.
    await store.inner.bumpEpoch('fay', Date.now() + 3_600_000)
    assert.equal((await sessions.load(cookie)).userId, undefined, 'a load now refuses the session')
    const err = await new Promise<unknown>((resolve) => session().reload(resolve))
    assert.ok(err instanceof SessionConflictError, `reload() brought the revoked session back: ${String(err)}`)
  })

  it('passport storing a whole user object as the session user is refused with the fix, and logs nobody in', async () => {
    const { app } = await start({ serialize: 'object' })
    const r = await send(app, 'POST', '/login', undefined, credentials('eve'))
    assert.equal(r.status, 500)
    assert.equal(r.cookie, undefined)
    assert.equal(app.errors.length > 0, true, 'the app saw the error')
    const err = app.errors[0] as SessionDataError
    assert.ok(err instanceof SessionDataError, String(err))
    assert.match(err.message, /serializeUser\(\(user, done\) => done\(null, user\.id\)\)/)
    assert.deepEqual(await app.sessions.listSessions('eve'), [])
    assert.deepEqual(
      await app.sessions.listSessions(JSON.stringify({ id: 'eve', username: 'eve' })),
      [],
      'no session under the JSON either',
    )
  })

  it('warns in production when no store is given, as express-session does; not with a store or outside production', async () => {
    const seen: Array<{ name: string; code?: string }> = []
    const listener = (w: Error & { code?: string }) => seen.push({ name: w.name, ...(w.code === undefined ? {} : { code: w.code }) })
    process.on('warning', listener)
    const env = process.env.NODE_ENV
    try {
      process.env.NODE_ENV = 'production'
      compat.expressSession({ cookie: { secure: false } })
      compat.expressSession({ store: new MemoryStore(), cookie: { secure: false } })
      process.env.NODE_ENV = 'development'
      compat.expressSession({ cookie: { secure: false } })
      await new Promise((r) => setImmediate(r))
    } finally {
      process.off('warning', listener)
      if (env === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = env
    }
    assert.deepEqual(seen, [{ name: 'SessionguardWarning', code: 'memory-store' }])
  })
})
