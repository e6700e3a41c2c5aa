// Proves that each target app is what its header comment claims, by driving it as a user (and an
// attacker) would with plain fetch — independently of the scanner that will later attack it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  ALICE,
  inputValue,
  setCookieLine,
  setCookies,
  startDynalite,
  startDynamoDBLocal,
  startExpressSession,
  startFastifySession,
  startPhpSessions,
  startTextbookApi,
  type RunningDynamoDB,
  type TargetApp,
} from '../src/index.js'

const manual = { redirect: 'manual' } as const

function formBody(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  }
}

function withCookie(init: RequestInit, cookie: string | undefined): RequestInit {
  return cookie === undefined ? init : { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }
}

/** GET the login page, return the session cookie it issued and the value of the CSRF hidden input. */
async function preAuth(app: TargetApp, page: string, cookieName: string, csrfField: string, cookie?: string) {
  const res = await fetch(app.url + page, withCookie(manual, cookie))
  assert.equal(res.status, 200)
  const html = await res.text()
  const csrf = inputValue(html, csrfField)
  assert.ok(csrf, `login page has a ${csrfField} hidden input`)
  return { issued: setCookies(res).get(cookieName), csrf }
}

async function status(app: TargetApp, path: string, cookie?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(app.url + path, withCookie(manual, cookie))
  return { status: res.status, body: await res.text() }
}

function signedSessionSuite(
  label: string,
  start: (o: { regenerate: boolean }) => Promise<TargetApp>,
  cookie: string,
  invented: () => string,
) {
  describe(label, () => {
    for (const regenerate of [false, true]) {
      describe(`regenerate: ${regenerate}`, () => {
        let app: TargetApp
        before(async () => {
          app = await start({ regenerate })
        })
        after(() => app.close())

        const loginAs = (sid: string | undefined, csrf: string, password: string = ALICE.password) =>
          fetch(app.url + '/login', withCookie(formBody({ _csrf: csrf, username: ALICE.username, password }), `${cookie}=${sid}`))

        it('redirects /account to /login without a session', async () => {
          const res = await fetch(app.url + '/account', manual)
          assert.equal(res.status, 302)
          assert.equal(res.headers.get('location'), '/login')
        })

        it(`issues a pre-auth ${cookie} on GET /login and rejects a login without the CSRF token`, async () => {
          const { issued } = await preAuth(app, '/login', cookie, '_csrf')
          assert.ok(issued)
          const res = await fetch(
            app.url + '/login',
            withCookie(formBody({ username: ALICE.username, password: ALICE.password }), `${cookie}=${issued}`),
          )
          assert.equal(res.status, 403)
        })

        it(
          regenerate
            ? 'rotates the session id at login; the pre-auth id stays anonymous'
            : "keeps the pre-auth session id through login, so it becomes alice's session",
          async () => {
            const { issued, csrf } = await preAuth(app, '/login', cookie, '_csrf')
            assert.ok(issued)
            const login = await loginAs(issued, csrf!)
            assert.equal(login.status, 303)
            assert.equal(login.headers.get('location'), '/account')
            const after = setCookies(login).get(cookie)
            const preAuthReplay = await status(app, '/account', `${cookie}=${issued}`)
            if (regenerate) {
              assert.ok(after && after !== issued, `a new ${cookie} is issued at login`)
              assert.equal(preAuthReplay.status, 302)
              const account = await status(app, '/account', `${cookie}=${after}`)
              assert.equal(account.status, 200)
              assert.match(account.body, /Welcome alice/)
            } else {
              assert.ok(after === undefined || after === issued, 'no different cookie at login')
              assert.equal(preAuthReplay.status, 200)
              assert.match(preAuthReplay.body, /Welcome alice/)
            }
          },
        )

        it(`never adopts an invented ${cookie}`, async () => {
          const planted = invented()
          const res = await fetch(app.url + '/login', withCookie(manual, `${cookie}=${planted}`))
          const issued = setCookies(res).get(cookie)
          assert.ok(issued && issued !== planted)
        })

        it('issues the cookie HttpOnly with Path=/ and without SameSite, Secure or a lifetime', async () => {
          const line = setCookieLine(await fetch(app.url + '/login', manual), cookie) ?? ''
          assert.match(line, /; HttpOnly/)
          assert.match(line, /; Path=\//)
          assert.doesNotMatch(line, /SameSite|Secure|Expires|Max-Age/i)
        })

        it('ends the session on the server at logout', async () => {
          const { issued, csrf } = await preAuth(app, '/login', cookie, '_csrf')
          const login = await loginAs(issued, csrf!)
          const sid = setCookies(login).get(cookie) ?? issued
          assert.equal((await status(app, '/account', `${cookie}=${sid}`)).status, 200)
          const logout = await fetch(app.url + '/logout', withCookie({ method: 'POST', redirect: 'manual' }, `${cookie}=${sid}`))
          assert.equal(logout.status, 303)
          assert.equal(setCookies(logout).get(cookie), '')
          assert.equal((await status(app, '/account', `${cookie}=${sid}`)).status, 302)
        })

        it('rejects a wrong password', async () => {
          const { issued, csrf } = await preAuth(app, '/login', cookie, '_csrf')
          assert.equal((await loginAs(issued, csrf!, 'wrong')).status, 401)
          assert.equal((await status(app, '/account', `${cookie}=${issued}`)).status, 302)
        })
      })
    }
  })
}

signedSessionSuite(
  'express + express-session',
  startExpressSession,
  'connect.sid',
  () => `s%3A${randomBytes(18).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
)
signedSessionSuite(
  'fastify + @fastify/session',
  startFastifySession,
  'sessionId',
  () => `${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
)

async function jsonLogin(app: TargetApp, headers: Record<string, string> = {}, password: string = ALICE.password) {
  return fetch(app.url + '/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: ALICE.username, password }),
  })
}

function textbookSuite(engineName: string, startEngine: () => Promise<RunningDynamoDB>, variants: boolean[]) {
  describe(`textbook DynamoDB API on ${engineName}`, () => {
    let engine: RunningDynamoDB
    before(async () => {
      engine = await startEngine()
    })
    after(() => engine.stop())

    for (const fixed of variants) {
      describe(fixed ? 'fixed' : 'vulnerable', () => {
        let app: TargetApp
        before(async () => {
          app = await startTextbookApi({ endpoint: engine.endpoint, region: engine.region, credentials: engine.credentials, fixed })
        })
        after(() => app.close())

        it('logs alice in with JSON, answers /me with her name, and 401 without a session', async () => {
          const login = await jsonLogin(app)
          assert.equal(login.status, 200)
          const sid = login.headers.get('x-session-id')
          assert.ok(sid)
          assert.equal(setCookies(login).get('session_id'), sid)
          const me = await fetch(app.url + '/me', { headers: { cookie: `session_id=${sid}` } })
          assert.equal(me.status, 200)
          assert.deepEqual(await me.json(), { user: 'alice' })
          assert.equal((await fetch(app.url + '/me')).status, 401)
          assert.equal((await jsonLogin(app, {}, 'wrong')).status, 401)
        })

        for (const carrier of ['cookie', 'header'] as const) {
          it(
            fixed
              ? `ignores an id planted in the ${carrier} and issues a fresh 256-bit one`
              : `adopts an id planted in the ${carrier} as alice's session`,
            async () => {
              const planted = `attacker-${randomBytes(8).toString('hex')}`
              const plant: Record<string, string> = carrier === 'cookie' ? { cookie: `session_id=${planted}` } : { 'x-session-id': planted }
              const login = await jsonLogin(app, plant)
              assert.equal(login.status, 200)
              const issued = login.headers.get('x-session-id')
              // The attacker replays the planted id through the same carrier.
              const replay = await fetch(app.url + '/me', { headers: plant })
              if (fixed) {
                assert.notEqual(issued, planted)
                assert.equal(Buffer.from(issued!, 'base64url').length, 32)
                assert.equal(replay.status, 401)
              } else {
                assert.equal(issued, planted)
                assert.equal(replay.status, 200)
                assert.deepEqual(await replay.json(), { user: 'alice' })
              }
            },
          )
        }

        it(fixed ? 'deletes the session item at logout' : 'only clears the cookie at logout; the id still authenticates', async () => {
          const login = await jsonLogin(app)
          const sid = login.headers.get('x-session-id')!
          const logout = await fetch(app.url + '/logout', { method: 'POST', headers: { cookie: `session_id=${sid}` } })
          assert.equal(logout.status, 200)
          assert.equal(setCookies(logout).get('session_id'), '')
          const replay = await fetch(app.url + '/me', { headers: { 'x-session-id': sid } })
          assert.equal(replay.status, fixed ? 401 : 200)
        })

        it(fixed ? 'sets the cookie HttpOnly; SameSite=Lax; Path=/' : 'sets the cookie without any attribute', async () => {
          const line = setCookieLine(await jsonLogin(app), 'session_id') ?? ''
          if (fixed) assert.match(line, /^session_id=[^;]+; HttpOnly; SameSite=Lax; Path=\/$/)
          else assert.match(line, /^session_id=[^;]+$/)
        })
      })
    }
  })
}

textbookSuite('dynalite', startDynalite, [false, true])
textbookSuite('DynamoDB Local', startDynamoDBLocal, [false])

describe('PHP native sessions (php -S)', () => {
  const login = (app: TargetApp, cookie: string, csrf: string, password: string = ALICE.password) =>
    fetch(app.url + '/login.php', withCookie(formBody({ csrf_token: csrf, username: ALICE.username, password }), cookie))

  for (const mode of ['lax', 'strict-no-regenerate', 'correct', 'trans-sid'] as const) {
    describe(`mode ${mode}`, () => {
      let app: TargetApp
      before(async () => {
        app = await startPhpSessions({ mode })
      })
      after(() => app.close())

      it('logs alice in through the form, shows her account, and logs her out on the server', async () => {
        assert.equal((await status(app, '/account.php')).status, 302)
        const { issued, csrf } = await preAuth(app, '/login.php', 'PHPSESSID', 'csrf_token')
        assert.ok(issued)
        assert.equal((await login(app, `PHPSESSID=${issued}`, csrf!, 'wrong')).status, 401)
        const res = await login(app, `PHPSESSID=${issued}`, csrf!)
        assert.equal(res.status, 303)
        assert.equal(res.headers.get('location'), '/account.php')
        const sid = setCookies(res).get('PHPSESSID') ?? issued
        const account = await status(app, '/account.php', `PHPSESSID=${sid}`)
        assert.equal(account.status, 200)
        assert.match(account.body, /Welcome alice/)
        const logout = await fetch(app.url + '/logout.php', withCookie({ method: 'POST', redirect: 'manual' }, `PHPSESSID=${sid}`))
        assert.equal(logout.status, 303)
        // PHP writes an expired `PHPSESSID=deleted` to clear the cookie.
        assert.match(setCookieLine(logout, 'PHPSESSID') ?? '', /^PHPSESSID=deleted; expires=Thu, 01 Jan 1970/)
        assert.equal((await status(app, '/account.php', `PHPSESSID=${sid}`)).status, 302)
      })

      const adopts = mode === 'lax'
      it(
        adopts
          ? "adopts an invented PHPSESSID, which is alice's session after she logs in"
          : 'replaces an invented PHPSESSID (strict mode)',
        async () => {
          const invented = randomBytes(16).toString('hex')
          const { issued, csrf } = await preAuth(app, '/login.php', 'PHPSESSID', 'csrf_token', `PHPSESSID=${invented}`)
          if (!adopts) {
            assert.ok(issued && issued !== invented)
            return
          }
          assert.equal(issued, undefined, 'PHP keeps the invented id: no new cookie')
          await login(app, `PHPSESSID=${invented}`, csrf!)
          const attacker = await status(app, '/account.php', `PHPSESSID=${invented}`)
          assert.equal(attacker.status, 200)
          assert.match(attacker.body, /Welcome alice/)
        },
      )

      const keeps = mode === 'lax' || mode === 'strict-no-regenerate'
      it(keeps ? 'keeps the pre-auth PHPSESSID through login' : 'regenerates the id at login; the pre-auth id is dead', async () => {
        const { issued, csrf } = await preAuth(app, '/login.php', 'PHPSESSID', 'csrf_token')
        const res = await login(app, `PHPSESSID=${issued}`, csrf!)
        const rotated = setCookies(res).get('PHPSESSID')
        const replay = await status(app, '/account.php', `PHPSESSID=${issued}`)
        if (keeps) {
          assert.equal(rotated, undefined)
          assert.equal(replay.status, 200)
        } else {
          assert.ok(rotated && rotated !== issued)
          assert.equal(replay.status, 302)
        }
      })

      const safeCookie = mode === 'correct' || mode === 'trans-sid'
      it(safeCookie ? 'issues PHPSESSID HttpOnly; SameSite=Lax' : 'issues PHPSESSID without HttpOnly or SameSite', async () => {
        const line = setCookieLine(await fetch(app.url + '/login.php'), 'PHPSESSID') ?? ''
        assert.match(line, /; path=\//)
        if (safeCookie) assert.match(line, /; HttpOnly; SameSite=Lax$/)
        else assert.doesNotMatch(line, /HttpOnly|SameSite/i)
      })

      const url = mode === 'trans-sid'
      it(url ? 'accepts the session id in ?PHPSESSID= and writes it into links' : 'ignores a session id in the URL', async () => {
        const { issued, csrf } = await preAuth(app, '/login.php', 'PHPSESSID', 'csrf_token')
        const res = await login(app, `PHPSESSID=${issued}`, csrf!)
        const sid = setCookies(res).get('PHPSESSID') ?? issued
        const viaQuery = await status(app, `/account.php?PHPSESSID=${sid}`)
        if (url) {
          assert.equal(viaQuery.status, 200)
          assert.match(viaQuery.body, /Welcome alice/)
          assert.ok(viaQuery.body.includes(`/index.php?PHPSESSID=${sid}`), 'link rewritten with the id')
        } else {
          assert.equal(viaQuery.status, 302)
        }
      })
    })
  }
})
