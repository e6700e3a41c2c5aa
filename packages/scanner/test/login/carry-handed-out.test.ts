// r27br H1/H2: after typing, a header or URL id is carried only as the target handed it out. A page that
// could put its own word before a value the target wrote (`aaaa…a keep-alive`), or make the target echo its
// own URL pair, would choose what the scanner sends and the length its mask shows.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { carriedByPage } from '../../src/login/browser/transfer.js'
import type { Recorded } from '../../src/login/browser/record.js'
import { recorded } from './recorded.js'

const ORIGIN = 'http://127.0.0.1:9'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ'
const PASSWORD = 'pw-Hunter2-secret'
/** The request that carried the typed password (login-answer.ts): only its answer hands anything out. */
const LOGIN_BODY = JSON.stringify({ identifier: 'alice', password: PASSWORD })

const rec = (part: Partial<Recorded>): Recorded => recorded(ORIGIN, part)

const carried = (recs: Recorded[], finalUrl = `${ORIGIN}/app`) =>
  carriedByPage(recs, ORIGIN, [], finalUrl, { secrets: [PASSWORD] }).map((d) => `${d.kind} ${d.name}=${d.value}`)

test('a page word before a value the target wrote in an ordinary header is not carried (keep-alive)', () => {
  const recs = [
    rec({ headers: { connection: 'keep-alive', 'content-type': 'application/json; charset=utf-8' }, body: '{}' }),
    rec({ requestHeaders: { 'x-token': `${'a'.repeat(90)} keep-alive`, authorization: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa keep-alive' } }),
    rec({ requestHeaders: { 'x-auth-token': 'keep-alive' } }),
    rec({ requestHeaders: { 'x-access-token': 'application/json; charset=utf-8' } }),
  ]
  assert.deepEqual(carried(recs), [])
})

test('a handed-out token is carried alone or after Bearer/Token/JWT, never after a word the page chose', () => {
  const login = rec({
    rawMethod: 'POST',
    rawBody: LOGIN_BODY,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jwt: TOKEN, user: { username: 'alice' } }),
  })
  assert.deepEqual(carried([login, rec({ requestHeaders: { authorization: `Bearer ${TOKEN}` } })]), [
    `header Authorization=Bearer ${TOKEN}`,
  ])
  assert.deepEqual(carried([login, rec({ requestHeaders: { 'x-token': TOKEN } })]), [`header X-Token=${TOKEN}`])
  assert.deepEqual(carried([login, rec({ requestHeaders: { authorization: `JWT ${TOKEN}` } })]), [`header Authorization=JWT ${TOKEN}`])
  assert.deepEqual(carried([login, rec({ requestHeaders: { authorization: `aaaaaaaaaaaaa ${TOKEN}` } })]), [])
  const nested = rec({ rawMethod: 'POST', rawBody: LOGIN_BODY, body: JSON.stringify({ data: { token: TOKEN } }) })
  assert.deepEqual(carried([nested, rec({ requestHeaders: { authorization: `Bearer ${TOKEN}` } })]), [
    `header Authorization=Bearer ${TOKEN}`,
  ])
})

test('a short or word-like JSON string is no hand-out, nor a value the answer only echoed from its request', () => {
  const short = rec({ rawMethod: 'POST', rawBody: LOGIN_BODY, body: JSON.stringify({ status: 'logged-in-ok', key: 'abc1234' }) })
  assert.deepEqual(
    carried([short, rec({ requestHeaders: { 'x-token': 'logged-in-ok' } }), rec({ requestHeaders: { 'x-session-id': 'abc1234' } })]),
    [],
  )
  const chosen = 'Q1w2E3r4T5y6U7i8O9p0'
  const echo = rec({
    rawMethod: 'POST',
    rawBody: JSON.stringify({ password: PASSWORD, name: chosen }),
    body: JSON.stringify({ name: chosen }),
  })
  assert.deepEqual(carried([echo, rec({ requestHeaders: { 'x-token': chosen } })]), [])
})

test('a URL pair the target echoed from the request URL is not target-written; one it wrote in a redirect is', () => {
  const pageUrl = `${ORIGIN}/assets?sid7465726365732d32=abcdefgh1234`
  const reflected = rec({
    document: true,
    rawUrl: pageUrl,
    status: 301,
    headers: { location: '/assets/?sid7465726365732d32=abcdefgh1234' },
  })
  const landed = rec({ document: true, rawUrl: `${ORIGIN}/assets/?sid7465726365732d32=abcdefgh1234` })
  assert.deepEqual(carried([reflected, landed], landed.rawUrl), [])
  const issued = rec({
    document: true,
    rawMethod: 'POST',
    rawBody: `username=alice&password=${encodeURIComponent(PASSWORD)}`,
    id: 1,
    rawUrl: `${ORIGIN}/login`,
    status: 302,
    headers: { location: '/home;jsessionid=0123456789ABCDEF0123' },
  })
  const home = rec({ document: true, id: 2, redirectedFrom: 1, rawUrl: `${ORIGIN}/home;jsessionid=0123456789ABCDEF0123` })
  // the name is the target's only when it wrote it before typing (its session cookie on the login page)
  assert.deepEqual(carried([issued, home], `${ORIGIN}/home`), [])
  const loginPage = rec({
    document: true,
    afterTyping: false,
    scannerOpened: true,
    rawUrl: `${ORIGIN}/login`,
    headers: { 'set-cookie': ['JSESSIONID=FEDCBA98765432100000; Path=/; HttpOnly'] },
  })
  assert.deepEqual(carried([loginPage, issued, home], `${ORIGIN}/home`), ['path jsessionid=0123456789ABCDEF0123'])
})
