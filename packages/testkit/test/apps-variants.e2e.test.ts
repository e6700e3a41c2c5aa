// Proves the hand-written carrier, lifecycle and login-variant apps behave as their header comments
// claim, driven with plain fetch as a user (and an attacker) would — independently of the scanner.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { configSchema } from '../../scanner/src/config/schema.js'
import {
  ALICE,
  formPost,
  inputValue,
  jsonPost,
  metaContent,
  plain,
  setCookieLine,
  setCookies,
  startContainerFormAuthApp,
  startDynalite,
  startExpressSession,
  startFastifySession,
  startHeaderSessionApp,
  startHiddenFieldsApp,
  startJsessionidApp,
  startJsonCsrfApp,
  startLogoutNoopApp,
  startMetaCsrfApp,
  startOldIdValidApp,
  startPermissiveApp,
  startPhpSessions,
  startQuerySessionApp,
  startTextbookApi,
  type TargetApp,
} from '../src/index.js'

const creds = { username: ALICE.username, password: ALICE.password }
const invent = () => randomBytes(24).toString('hex')

function useApp(start: () => Promise<TargetApp>): () => TargetApp {
  let app: TargetApp | undefined
  before(async () => {
    app = await start()
  })
  after(() => app?.close())
  return () => app!
}

async function get(app: TargetApp, path: string, cookie?: string) {
  const res = await fetch(app.url + path, plain(cookie))
  return { res, status: res.status, body: await res.text() }
}

describe('query-string session (?sid=)', () => {
  const app = useApp(startQuerySessionApp)

  it('issues the id in the Location of GET /login and in the form action, never in a cookie', async () => {
    const first = await get(app(), '/login')
    assert.equal(first.status, 302)
    const sid = /^\/login\?sid=(.+)$/.exec(first.res.headers.get('location') ?? '')?.[1]
    assert.ok(sid)
    assert.deepEqual(first.res.headers.getSetCookie(), [])
    const page = await get(app(), `/login?sid=${sid}`)
    assert.equal(page.status, 200)
    assert.ok(page.body.includes(`action="/login?sid=${sid}"`))
  })

  it("adopts an invented ?sid= that becomes alice's session after she logs in with it", async () => {
    const planted = invent()
    assert.equal((await get(app(), `/login?sid=${planted}`)).status, 200, 'no redirect to a server id: the planted one is kept')
    const login = await fetch(`${app().url}/login?sid=${planted}`, formPost(creds))
    assert.equal(login.status, 303)
    assert.equal(login.headers.get('location'), `/account?sid=${planted}`)
    const attacker = await get(app(), `/account?sid=${planted}`)
    assert.equal(attacker.status, 200)
    assert.match(attacker.body, /Welcome alice/)
    assert.ok(attacker.body.includes(`href="/?sid=${planted}"`), 'the id leaks into links')
  })

  it('rejects a wrong password and ends the session at logout', async () => {
    assert.equal((await fetch(`${app().url}/login`, formPost({ ...creds, password: 'wrong' }))).status, 401)
    const login = await fetch(`${app().url}/login`, formPost(creds))
    const account = login.headers.get('location')!
    assert.match(account, /^\/account\?sid=/)
    assert.equal((await get(app(), account)).status, 200)
    const sid = new URL(account, app().url).searchParams.get('sid')!
    assert.equal((await fetch(`${app().url}/logout?sid=${sid}`, plain(undefined, 'POST'))).status, 303)
    assert.equal((await get(app(), account)).status, 302)
    assert.equal((await get(app(), '/account')).status, 302)
  })
})

describe(';jsessionid path parameter and JSESSIONID cookie', () => {
  const app = useApp(startJsessionidApp)

  it('issues a JSESSIONID cookie and rewrites the form action with ;jsessionid= on first contact', async () => {
    const page = await get(app(), '/login')
    const id = setCookies(page.res).get('JSESSIONID')
    assert.ok(id)
    assert.match(setCookieLine(page.res, 'JSESSIONID') ?? '', /; Path=\/; HttpOnly$/)
    assert.ok(page.body.includes(`action="/login;jsessionid=${id}"`))
  })

  it("adopts an invented ;jsessionid= that becomes alice's session after she logs in with it", async () => {
    const planted = invent()
    const page = await get(app(), `/login;jsessionid=${planted}`)
    assert.equal(setCookies(page.res).get('JSESSIONID'), planted)
    const login = await fetch(`${app().url}/login;jsessionid=${planted}`, formPost(creds))
    assert.equal(login.status, 303)
    assert.equal(login.headers.get('location'), `/account;jsessionid=${planted}`)
    const attacker = await get(app(), `/account;jsessionid=${planted}`)
    assert.equal(attacker.status, 200)
    assert.match(attacker.body, /Welcome alice/)
  })

  it('replaces an invented JSESSIONID cookie', async () => {
    const planted = invent()
    const page = await get(app(), '/login', `JSESSIONID=${planted}`)
    const issued = setCookies(page.res).get('JSESSIONID')
    assert.ok(issued && issued !== planted)
  })

  it('logs in by cookie without rewriting URLs, keeps the pre-auth id, and invalidates at logout', async () => {
    const id = setCookies((await get(app(), '/login')).res).get('JSESSIONID')!
    const login = await fetch(`${app().url}/login`, formPost(creds, `JSESSIONID=${id}`))
    assert.equal(login.headers.get('location'), '/account')
    assert.equal(setCookies(login).get('JSESSIONID'), undefined, 'no new id at login')
    const account = await get(app(), '/account', `JSESSIONID=${id}`)
    assert.equal(account.status, 200)
    assert.match(account.body, /Welcome alice/)
    assert.ok(!account.body.includes('jsessionid'))
    assert.equal((await fetch(`${app().url}/logout`, plain(`JSESSIONID=${id}`, 'POST'))).status, 303)
    assert.equal((await get(app(), '/account', `JSESSIONID=${id}`)).status, 302)
  })
})

for (const adopt of [true, false]) {
  describe(`X-Session-Id header API (adopt: ${adopt})`, () => {
    const app = useApp(() => startHeaderSessionApp({ adopt }))

    it('issues the id in the X-Session-Id response header, serves /me with it, and ends it at logout', async () => {
      const login = await fetch(`${app().url}/login`, jsonPost(creds))
      assert.equal(login.status, 200)
      assert.deepEqual(login.headers.getSetCookie(), [])
      const sid = login.headers.get('x-session-id')!
      assert.equal(Buffer.from(sid, 'base64url').length, 32)
      const me = await fetch(`${app().url}/me`, { headers: { 'x-session-id': sid } })
      assert.deepEqual(await me.json(), { user: 'alice' })
      assert.equal((await fetch(`${app().url}/me`)).status, 401)
      assert.equal((await fetch(`${app().url}/login`, jsonPost({ ...creds, password: 'wrong' }))).status, 401)
      assert.equal((await fetch(`${app().url}/logout`, plain(undefined, 'POST', { 'x-session-id': sid }))).status, 200)
      assert.equal((await fetch(`${app().url}/me`, { headers: { 'x-session-id': sid } })).status, 401)
    })

    it(adopt ? "adopts an invented X-Session-Id as alice's session" : 'ignores an invented X-Session-Id at login', async () => {
      const planted = invent()
      const login = await fetch(`${app().url}/login`, jsonPost(creds, { 'x-session-id': planted }))
      const attacker = await fetch(`${app().url}/me`, { headers: { 'x-session-id': planted } })
      if (adopt) {
        assert.equal(login.headers.get('x-session-id'), planted)
        assert.equal(attacker.status, 200)
      } else {
        assert.notEqual(login.headers.get('x-session-id'), planted)
        assert.equal(attacker.status, 401)
      }
    })
  })
}

/** GET /login, then POST it with the hidden csrf_token: the plain form apps built on formLoginHandler. */
async function formLogin(app: TargetApp, cookie?: string) {
  const page = await get(app, '/login', cookie)
  const preAuth = setCookies(page.res).get('sid') ?? cookie?.replace(/^sid=/, '')
  assert.ok(preAuth)
  const csrf = inputValue(page.body, 'csrf_token')!
  const login = await fetch(app.url + '/login', formPost({ ...creds, csrf_token: csrf }, `sid=${preAuth}`))
  assert.equal(login.status, 303)
  const sid = setCookies(login).get('sid')
  assert.ok(sid && sid !== preAuth, 'a new id is issued at login')
  const account = await get(app, '/account', `sid=${sid}`)
  assert.equal(account.status, 200)
  assert.match(account.body, /Welcome alice/)
  return { preAuth, sid, pageRes: page.res }
}

describe('lifecycle variants', () => {
  describe('old id still valid after login', () => {
    const app = useApp(startOldIdValidApp)
    it('issues a new id at login but the pre-auth id also reaches /account as alice', async () => {
      const { preAuth } = await formLogin(app())
      const replay = await get(app(), '/account', `sid=${preAuth}`)
      assert.equal(replay.status, 200)
      assert.match(replay.body, /Welcome alice/)
    })
    it('replaces an invented cookie and de-authenticates both ids at logout', async () => {
      const planted = invent()
      assert.notEqual(setCookies((await get(app(), '/login', `sid=${planted}`)).res).get('sid'), undefined)
      const { preAuth, sid } = await formLogin(app())
      await fetch(app().url + '/logout', plain(`sid=${sid}`, 'POST'))
      assert.equal((await get(app(), '/account', `sid=${sid}`)).status, 302)
      assert.equal((await get(app(), '/account', `sid=${preAuth}`)).status, 302)
    })
  })

  describe('logout only clears the cookie', () => {
    const app = useApp(startLogoutNoopApp)
    it('rotates at login: the pre-auth id stays anonymous', async () => {
      const { preAuth } = await formLogin(app())
      assert.equal((await get(app(), '/account', `sid=${preAuth}`)).status, 302)
    })
    it('still serves /account to the id after logout', async () => {
      const { sid } = await formLogin(app())
      const logout = await fetch(app().url + '/logout', plain(`sid=${sid}`, 'POST'))
      assert.equal(logout.status, 303)
      assert.equal(setCookies(logout).get('sid'), '')
      const replay = await get(app(), '/account', `sid=${sid}`)
      assert.equal(replay.status, 200)
      assert.match(replay.body, /Welcome alice/)
    })
  })

  describe('permissive: accepts invented ids before login, rotates at login', () => {
    const app = useApp(startPermissiveApp)
    it('keeps anonymous state under an invented id without issuing another one', async () => {
      const planted = invent()
      const add = await fetch(app().url + '/cart', formPost({ item: 'book' }, `sid=${planted}`))
      assert.deepEqual(add.headers.getSetCookie(), [])
      const cart = await fetch(app().url + '/cart', plain(`sid=${planted}`))
      assert.deepEqual(await cart.json(), { items: ['book'] })
    })
    it('replaces the invented id at login; the planted id never reaches /account', async () => {
      const planted = invent()
      const { preAuth, sid } = await formLogin(app(), `sid=${planted}`)
      assert.equal(preAuth, planted)
      assert.notEqual(sid, planted)
      assert.equal((await get(app(), '/account', `sid=${planted}`)).status, 302)
    })
    it('ends the session at logout', async () => {
      const { sid } = await formLogin(app())
      await fetch(app().url + '/logout', plain(`sid=${sid}`, 'POST'))
      assert.equal((await get(app(), '/account', `sid=${sid}`)).status, 302)
    })
  })
})

describe('login variants', () => {
  describe('JSON login with double-submit XSRF-TOKEN', () => {
    const app = useApp(startJsonCsrfApp)
    it('issues a script-readable XSRF-TOKEN and an HttpOnly session cookie before login', async () => {
      const res = await fetch(app().url + '/login', plain())
      assert.match(setCookieLine(res, 'XSRF-TOKEN') ?? '', /^XSRF-TOKEN=[0-9a-f]{32}; Path=\/; SameSite=Lax$/)
      assert.match(setCookieLine(res, 'session') ?? '', /; HttpOnly; SameSite=Lax; Path=\/$/)
    })
    it('accepts the login only when X-XSRF-TOKEN echoes the cookie, rotates the session, and logs out', async () => {
      const pre = setCookies(await fetch(app().url + '/login', plain()))
      const session = pre.get('session')!
      const token = pre.get('XSRF-TOKEN')!
      const cookie = `session=${session}; XSRF-TOKEN=${token}`
      assert.equal((await fetch(app().url + '/login', jsonPost(creds, { cookie }))).status, 403)
      assert.equal((await fetch(app().url + '/login', jsonPost(creds, { cookie, 'x-xsrf-token': invent() }))).status, 403)
      const login = await fetch(app().url + '/login', jsonPost(creds, { cookie, 'x-xsrf-token': token }))
      assert.equal(login.status, 200)
      const after = setCookies(login)
      assert.ok(after.get('session') && after.get('session') !== session)
      assert.ok(after.get('XSRF-TOKEN') && after.get('XSRF-TOKEN') !== token)
      const me = await fetch(app().url + '/me', plain(`session=${after.get('session')}`))
      assert.deepEqual(await me.json(), { user: 'alice' })
      assert.equal((await fetch(app().url + '/me', plain(`session=${session}`))).status, 401)
      await fetch(app().url + '/logout', plain(`session=${after.get('session')}`, 'POST'))
      assert.equal((await fetch(app().url + '/me', plain(`session=${after.get('session')}`))).status, 401)
    })
  })

  describe('CSRF token only in a meta tag', () => {
    const app = useApp(startMetaCsrfApp)
    for (const via of ['form field _token', 'X-CSRF-Token header'] as const) {
      it(`logs in with the meta token sent as the ${via}, rotating the session`, async () => {
        const page = await get(app(), '/login')
        const token = metaContent(page.body, 'csrf-token')
        assert.ok(token)
        assert.equal(inputValue(page.body, '_token'), undefined, 'no hidden input carries the token')
        const pre = setCookies(page.res).get('app_session')!
        assert.equal((await fetch(app().url + '/login', formPost(creds, `app_session=${pre}`))).status, 419)
        const login =
          via === 'form field _token'
            ? await fetch(app().url + '/login', formPost({ ...creds, _token: token }, `app_session=${pre}`))
            : await fetch(app().url + '/login', formPost(creds, `app_session=${pre}`, { 'x-csrf-token': token }))
        assert.equal(login.status, 303)
        const sid = setCookies(login).get('app_session')
        assert.ok(sid && sid !== pre)
        assert.match((await get(app(), '/account', `app_session=${sid}`)).body, /Welcome alice/)
        assert.equal((await get(app(), '/account', `app_session=${pre}`)).status, 302)
        await fetch(app().url + '/logout', plain(`app_session=${sid}`, 'POST'))
        assert.equal((await get(app(), '/account', `app_session=${sid}`)).status, 302)
      })
    }
  })

  describe('container FORM auth (j_security_check)', () => {
    const app = useApp(startContainerFormAuthApp)
    it('answers the protected URL with 200 and the login form when there is no login', async () => {
      const page = await get(app(), '/account')
      assert.equal(page.status, 200)
      assert.ok(page.body.includes('action="j_security_check"'))
      assert.ok(page.body.includes('name="j_username"') && page.body.includes('name="j_password"'))
      assert.doesNotMatch(page.body, /alice/)
      assert.match(setCookieLine(page.res, 'JSESSIONID') ?? '', /; Path=\/; HttpOnly$/)
    })
    it('refuses j_security_check without the session of the login page', async () => {
      assert.equal(
        (await fetch(app().url + '/j_security_check', formPost({ j_username: ALICE.username, j_password: ALICE.password }))).status,
        408,
      )
    })
    it('logs in with a new JSESSIONID, shows the account, and invalidates at logout', async () => {
      const pre = setCookies((await get(app(), '/account')).res).get('JSESSIONID')!
      const bad = await fetch(
        app().url + '/j_security_check',
        formPost({ j_username: ALICE.username, j_password: 'wrong' }, `JSESSIONID=${pre}`),
      )
      assert.equal(bad.status, 200)
      assert.match(await bad.text(), /Invalid username or password/)
      const login = await fetch(
        app().url + '/j_security_check',
        formPost({ j_username: ALICE.username, j_password: ALICE.password }, `JSESSIONID=${pre}`),
      )
      assert.equal(login.status, 303)
      assert.equal(login.headers.get('location'), '/account')
      const sid = setCookies(login).get('JSESSIONID')
      assert.ok(sid && sid !== pre)
      assert.match((await get(app(), '/account', `JSESSIONID=${sid}`)).body, /Welcome alice/)
      assert.doesNotMatch((await get(app(), '/account', `JSESSIONID=${pre}`)).body, /alice/)
      await fetch(app().url + '/logout', plain(`JSESSIONID=${sid}`, 'POST'))
      assert.doesNotMatch((await get(app(), '/account', `JSESSIONID=${sid}`)).body, /alice/)
    })
  })

  describe('unusual field names, hidden nonce, required extra field', () => {
    const app = useApp(startHiddenFieldsApp)
    it('serves a search form before a login form with user_login, user_pass, nonce and remember', async () => {
      const page = await get(app(), '/signin')
      assert.ok(page.body.indexOf('action="/search"') < page.body.indexOf('action="/signin"'))
      for (const name of ['user_login', 'user_pass', 'remember', 'nonce', 'redirect_to'])
        assert.ok(page.body.includes(`name="${name}"`), name)
    })
    it('requires remember, then logs in with a rotated id and logs out', async () => {
      const page = await get(app(), '/signin')
      const pre = setCookies(page.res).get('wp_session')!
      const fields = {
        user_login: ALICE.username,
        user_pass: ALICE.password,
        nonce: inputValue(page.body, 'nonce')!,
        redirect_to: '/dashboard',
      }
      assert.equal((await fetch(app().url + '/signin', formPost(fields, `wp_session=${pre}`))).status, 400)
      const login = await fetch(app().url + '/signin', formPost({ ...fields, remember: '0' }, `wp_session=${pre}`))
      assert.equal(login.status, 303)
      assert.equal(login.headers.get('location'), '/dashboard')
      const sid = setCookies(login).get('wp_session')
      assert.ok(sid && sid !== pre)
      assert.match((await get(app(), '/dashboard', `wp_session=${sid}`)).body, /Howdy, alice/)
      assert.equal((await get(app(), '/dashboard', `wp_session=${pre}`)).status, 302)
      await fetch(app().url + '/signout', plain(`wp_session=${sid}`, 'POST'))
      assert.equal((await get(app(), '/dashboard', `wp_session=${sid}`)).status, 302)
    })
  })
})

describe('scan configs', () => {
  it("every app's config is valid for the scanner's config schema and logs alice in", async (t) => {
    const dynamo = await startDynalite()
    t.after(() => dynamo.stop())
    const starters: Array<() => Promise<TargetApp>> = [
      () => startExpressSession({ regenerate: true }),
      () => startFastifySession({ regenerate: true }),
      () => startTextbookApi({ endpoint: dynamo.endpoint, region: dynamo.region, credentials: dynamo.credentials }),
      () => startPhpSessions({ mode: 'correct' }),
      startQuerySessionApp,
      startJsessionidApp,
      () => startHeaderSessionApp({ adopt: false }),
      startOldIdValidApp,
      startLogoutNoopApp,
      startPermissiveApp,
      startJsonCsrfApp,
      startMetaCsrfApp,
      startContainerFormAuthApp,
      startHiddenFieldsApp,
    ]
    for (const start of starters) {
      const app = await start()
      try {
        const parsed = configSchema.parse(app.config)
        assert.equal(parsed.target, app.url, app.name)
        const login = parsed.login!
        assert.deepEqual(login.credentials, { username: 'alice', password: 'alice-password-1' }, app.name)
        assert.equal(login.check.contains, 'alice', app.name)
        assert.deepEqual(
          app.accounts?.map((a) => a.username),
          ['alice', 'bob'],
          app.name,
        )
        // The check URL must not show the marker to an anonymous visitor, or a scanner could not prove a login.
        const anon = await fetch(app.url + login.check.url, plain())
        assert.ok(!(anon.status === 200 && (await anon.text()).includes('alice')), `${app.name}: anonymous check page shows the marker`)
      } finally {
        await app.close()
      }
    }
  })
})
