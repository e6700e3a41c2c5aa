// The MFA example over HTTP on loopback, with the clock of sessions and codes moved by hand: what the
// scanner's SG-FIX-MFA, SG-MFA-PARTIAL and SG-FIX-STEPUP attack must hold here.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, describe, it } from 'node:test'
import { Secret, TOTP } from 'otpauth'
import { MemoryStore } from '@sessionguard/session'
import { listen, type RunningServer } from '@sessionguard/testkit'
import { createMfaApp, DEMO_TOTP_SECRETS, MAX_CODE_TRIES } from '../src/index.js'

const alice = new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRETS['u-alice']!) })

describe('MFA example app', () => {
  const servers: RunningServer[] = []
  after(async () => {
    for (const s of servers) await s.close()
  })

  async function start() {
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0)
    const { app } = createMfaApp({ store: new MemoryStore({ now: () => clock }), totpSecrets: DEMO_TOTP_SECRETS, now: () => clock })
    const server = await listen(createServer(app))
    servers.push(server)
    async function send(method: string, path: string, cookie?: string, form?: Record<string, string>) {
      const headers: Record<string, string> = {}
      if (cookie) headers.cookie = cookie
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
      const body = form ? new URLSearchParams(form).toString() : null
      const res = await fetch(server.url + path, { method, headers, body, redirect: 'manual' })
      const setCookie = res.headers.getSetCookie()[0]?.split(';')[0]
      return { status: res.status, location: res.headers.get('location'), text: await res.text(), cookie: setCookie }
    }
    /** Posts a form as a browser does: its page first (the CSRF token, and the session the page may start), then the form. */
    async function submit(formPage: string, action: string, cookie: string | undefined, fields: Record<string, string>) {
      const got = await send('GET', formPage, cookie)
      const token = /name="_csrf" value="([^"]+)"/.exec(got.text)?.[1] ?? ''
      return send('POST', action, got.cookie ?? cookie, { ...fields, _csrf: token })
    }
    const code = () => alice.generate({ timestamp: clock })
    const login = (password: string) => submit('/login', '/login', undefined, { username: 'alice', password })
    const passwordStep = async () => (await login('alice-demo-password')).cookie!
    const enterCode = (cookie: string, value: string) => submit('/2fa', '/2fa', cookie, { code: value })
    return { send, submit, code, login, passwordStep, enterCode, advance: (ms: number) => void (clock += ms) }
  }

  it('the password alone reaches nothing; the code logs in under a new id, and the id of the password step is dead', async () => {
    const { send, code, login, passwordStep, enterCode } = await start()
    assert.equal((await login('nope')).status, 401)
    const anonymous = (await send('GET', '/login')).cookie
    assert.ok(anonymous, 'the login form starts a session (its CSRF token)')
    const half = await passwordStep()
    assert.notEqual(half, anonymous)
    assert.equal(
      (await send('GET', '/account', half)).location,
      '/login',
      'SG-MFA-PARTIAL: the half-authenticated id reaches no protected page',
    )
    assert.equal((await send('GET', '/2fa', half)).status, 200)
    const done = await enterCode(half, code())
    assert.equal(done.location, '/account')
    assert.ok(done.cookie && done.cookie !== half, 'SG-FIX-MFA: the second factor issues a new id')
    assert.match((await send('GET', '/account', done.cookie)).text, /Signed in as alice/)
    assert.equal((await send('GET', '/account', half)).location, '/login', "the attacker's copy from between the steps")
  })

  it('a code is accepted once: a second login in the same period is refused, one in the next period works', async () => {
    const { code, passwordStep, enterCode, advance } = await start()
    const first = code()
    assert.equal((await enterCode(await passwordStep(), first)).location, '/account')
    const again = await passwordStep()
    assert.equal((await enterCode(again, first)).status, 401)
    advance(30_000)
    assert.equal((await enterCode(again, code())).location, '/account')
  })

  it(`${MAX_CODE_TRIES} wrong codes end the password step`, async () => {
    const { send, code, passwordStep, enterCode } = await start()
    const half = await passwordStep()
    const wrong = String((Number(code()) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 1; i < MAX_CODE_TRIES; i++) assert.equal((await enterCode(half, wrong)).status, 401)
    assert.equal((await enterCode(half, wrong)).status, 429)
    assert.equal((await send('GET', '/2fa', half)).location, '/login', 'the password step is over: the right code comes too late')
  })

  it('form posts without the CSRF token of their session are refused', async () => {
    const { send, code, passwordStep, enterCode } = await start()
    const anonymous = (await send('GET', '/login')).cookie
    assert.equal((await send('POST', '/login', anonymous, { username: 'alice', password: 'alice-demo-password' })).status, 403)
    const half = await passwordStep()
    assert.equal((await send('POST', '/2fa', half, { code: code(), _csrf: 'guess' })).status, 403)
    assert.equal((await enterCode(half, code())).location, '/account')
  })

  it('step-up: security settings need the password confirmed after login; the pre-step-up id is logged out; it lapses after 5 minutes', async () => {
    const { send, submit, code, passwordStep, enterCode, advance } = await start()
    const full = (await enterCode(await passwordStep(), code())).cookie!
    assert.equal((await send('GET', '/settings/security', full)).location, '/sudo', 'the login itself does not elevate')
    assert.equal((await submit('/sudo', '/sudo', full, { password: 'nope' })).status, 401)
    const sudo = await submit('/sudo', '/sudo', full, { password: 'alice-demo-password' })
    assert.equal(sudo.location, '/settings/security')
    assert.ok(sudo.cookie && sudo.cookie !== full, 'SG-FIX-STEPUP: the step-up issues a new id')
    assert.match((await send('GET', '/settings/security', sudo.cookie)).text, /Elevated/)
    assert.equal((await send('GET', '/settings/security', full)).location, '/login', 'the copy from before the step-up')
    advance(5 * 60_000 + 1)
    assert.equal((await send('GET', '/settings/security', sudo.cookie)).location, '/sudo')
  })
})
