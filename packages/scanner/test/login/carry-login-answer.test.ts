// r29br E1, C2, L2: after typing, a page can make the target say anything it can store or decode (a JSON
// `\u0073` escape an honest "create" endpoint answers plainly, a note a list endpoint gives back later,
// base64 a target decodes, a `next=` encoded twice). So a header value or URL pair the page sends after
// typing is carried only from the login answer: the answer to the one request that carried the typed
// secret, and the redirects it started. With the source that narrow, the shapes real apps hand out
// (Laravel Sanctum's `N|…`, lower-case `bearer`, tokens under 16 characters) are carried from it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { carriedByPage } from '../../src/login/browser/transfer.js'
import type { Recorded } from '../../src/login/browser/record.js'
import { recorded } from './recorded.js'

const O = 'http://127.0.0.1:9'
const PASSWORD = 'pw-Hunter2-secret'
/** The password reversed, in hex: what a page spells into a URL pair's name. */
const HEX = '7465726365732d327265746e75482d7770'
const PAIR = `sid${HEX}=abcdefgh1234`
/** A value whose length (2 + a character code of the password) the report's mask would show. */
const VAL = 'A1' + 'b'.repeat(114)
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ'

const rec = (part: Partial<Recorded>): Recorded => recorded(O, part)

/** An SPA's login: the typed password in a JSON POST, the answer `answer`. */
const login = (answer: unknown, extra: Partial<Recorded> = {}) =>
  rec({
    rawMethod: 'POST',
    rawUrl: `${O}/api/login`,
    rawBody: JSON.stringify({ username: 'alice', password: PASSWORD }),
    requestHeaders: { 'content-type': 'application/json' },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer),
    ...extra,
  })

/** What the page does once it has what it wants "handed out": the six plain carriers, and a navigation to the pair. */
const use = (value = VAL) => [
  ...['x-token', 'x-auth-token', 'x-access-token', 'x-session-token', 'x-session-id'].map((h) => rec({ requestHeaders: { [h]: value } })),
  rec({ requestHeaders: { authorization: `Bearer ${value}` } }),
  rec({ rawUrl: `${O}/account?${PAIR}`, document: true }),
]

const carried = (recs: Recorded[], secrets = [PASSWORD], finalUrl = `${O}/account?${PAIR}`) =>
  carriedByPage(recs, O, [], finalUrl, { secrets }).map((d) => `${d.kind} ${d.name}=${d.value}`)

test('E1: a JSON escape an honest create endpoint answers plainly is not handed out (the escape variant)', () => {
  const raw = `{"text":"\\u0073id${HEX}=abcdefgh1234","h":["\\u0041${VAL.slice(1)}"]}`
  const echoed = rec({ rawMethod: 'POST', rawUrl: `${O}/api/items`, rawBody: raw, body: JSON.stringify({ id: 1, ...JSON.parse(raw) }) })
  let said = false
  assert.deepEqual(
    carriedByPage([login({ ok: true }), echoed, ...use()], O, [], `${O}/account?${PAIR}`, { secrets: [PASSWORD] }, () => (said = true)),
    [],
  )
  assert.ok(said, 'the refused headers are said in fixed words')
  // the escape is read in the login request too, when the page sends its text along with the password
  const withPassword = `{"username":"alice","password":"${PASSWORD}","text":"\\u0073id${HEX}=abcdefgh1234","h":["\\u0041${VAL.slice(1)}"]}`
  const echoLogin = login(JSON.parse(withPassword), { rawBody: withPassword, status: 302, headers: { location: `/account?${PAIR}` } })
  assert.deepEqual(carried([echoLogin, ...use()]), [])
})

test('E1: a stored note listed back by a later answer is not handed out (the stored variant)', () => {
  const stored = rec({
    rawMethod: 'POST',
    rawUrl: `${O}/api/notes`,
    rawBody: JSON.stringify({ text: PAIR, h: [VAL] }),
    body: '{"ok":true}',
  })
  const listed = rec({
    rawUrl: `${O}/api/notes`,
    body: JSON.stringify([{ text: PAIR, h: [VAL] }]),
    headers: { location: `/account?${PAIR}` },
  })
  assert.deepEqual(carried([login({ ok: true }), stored, listed, ...use()]), [])
})

test('E1: base64 the target decodes, and a next= encoded twice that a redirect decodes, are not handed out', () => {
  const b = Buffer.from(JSON.stringify({ text: PAIR, h: [VAL] })).toString('base64')
  const decoded = rec({ rawUrl: `${O}/decode?d=${b}`, body: Buffer.from(b, 'base64').toString() })
  assert.deepEqual(carried([login({ ok: true }), decoded, ...use()]), [])
  const twice = `next=%252Faccount%253F${PAIR.replace('=', '%253D')}`
  const redirect = rec({ rawUrl: `${O}/r?${twice}`, status: 302, headers: { location: `/account?${PAIR}` } })
  assert.deepEqual(carried([login({ ok: true }), redirect, ...use()]), [])
  // in the login request itself: decoded twice by the target, or once beside a broken escape the page added
  for (const body of [
    `username=alice&password=${encodeURIComponent(PASSWORD)}&${twice}`,
    `username=alice&password=${encodeURIComponent(PASSWORD)}&next=%2Faccount%3F${PAIR.replace('=', '%3D')}&x=%ZZ`,
  ]) {
    const formLogin = rec({
      rawMethod: 'POST',
      rawUrl: `${O}/login`,
      rawBody: body,
      status: 302,
      id: 1,
      headers: { location: `/account?${PAIR}` },
    })
    const landed = rec({ rawUrl: `${O}/account?${PAIR}`, document: true, id: 2, redirectedFrom: 1 })
    assert.deepEqual(carried([formLogin, landed]), [], body)
  }
})

test("E1: a page that sends the typed password to a second endpoint makes no answer the login's", () => {
  const token = 'Zx7Qm2Lp9Vt4Rk8Wn3Ys6Bd1Zx7Qm2Lp9Vt4'
  const list = rec({ rawUrl: `${O}/api/notes?p=${encodeURIComponent(PASSWORD)}`, body: JSON.stringify([{ h: VAL }]) })
  assert.deepEqual(carried([login({ token }), list, ...use()]), [])
  assert.deepEqual(carried([login({ token }), list, rec({ requestHeaders: { 'x-token': token } })]), [])
  // a body the scanner cannot read as the target does (compressed) might carry it too
  const gz = rec({ rawMethod: 'POST', rawBody: 'x', requestHeaders: { 'content-encoding': 'gzip' }, body: JSON.stringify({ h: VAL }) })
  assert.deepEqual(carried([login({ token }), gz, rec({ requestHeaders: { 'x-token': token } })]), [])
  // nor can one past what the scanner reads for a login (4 MiB of request text: a page chooses how much it posts)
  const bulk = Array.from({ length: 5 }, () => rec({ rawMethod: 'POST', rawBody: ' '.repeat(1_000_000) }))
  assert.deepEqual(carried([login({ token }), ...bulk, rec({ requestHeaders: { 'x-token': token } })]), [])
  // alone, the login's token is carried
  assert.deepEqual(carried([login({ token }), rec({ requestHeaders: { 'x-token': token } })]), [`header X-Token=${token}`])
})

test('L2: of many handed-out tokens listed by another answer, none is carried', () => {
  const toks = Array.from({ length: 64 }, (_, i) => 'A1' + 'c'.repeat(16 + i))
  const keys = rec({ rawUrl: `${O}/api/keys`, body: JSON.stringify({ keys: toks }) })
  assert.deepEqual(carried([login({ ok: true }), keys, rec({ requestHeaders: { 'x-token': toks[37]! } })]), [])
})

test('C2: Sanctum, lower-case bearer and short tokens are carried from the login answer, and from no other answer', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['3|WvGzYtPq8r6xJk2LmN4oP5qR7sT9uV1wX3yZ5aB7', 'token', { authorization: 'Bearer 3|WvGzYtPq8r6xJk2LmN4oP5qR7sT9uV1wX3yZ5aB7' }],
    ['12|abcDEF123ghiJKL456mnoPQR789stuVWX0yz', 'plainTextToken', { 'x-token': '12|abcDEF123ghiJKL456mnoPQR789stuVWX0yz' }],
    [JWT, 'access', { authorization: `bearer ${JWT}` }],
    ['a1b2c3d4e5f6', 'key', { authorization: 'Bearer a1b2c3d4e5f6' }],
    ['a1b2c3d4', 'session', { 'x-session-id': 'a1b2c3d4' }],
  ]
  for (const [token, key, header] of cases) {
    const [[name, value]] = Object.entries(header) as [[string, string]]
    const shown =
      name === 'authorization' ? 'Authorization' : name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())
    assert.deepEqual(carried([login({ data: { [key]: token } }), rec({ requestHeaders: header })]), [`header ${shown}=${value}`], token)
    const elsewhere = rec({ rawUrl: `${O}/api/session`, body: JSON.stringify({ [key]: token }) })
    assert.deepEqual(carried([login({ ok: true }), elsewhere, rec({ requestHeaders: header })]), [], `${token} elsewhere`)
  }
  // the floor: under 8 characters is no token, whatever answer holds it
  assert.deepEqual(carried([login({ key: 'a1b2c3d' }), rec({ requestHeaders: { 'x-session-id': 'a1b2c3d' } })]), [])
})

test("a second factor's login answer is the code step's; a redirect chain's Location counts only from the login", () => {
  const code = '492817'
  const pw = login({ token: JWT })
  const mfa = rec({
    rawMethod: 'POST',
    rawUrl: `${O}/api/mfa`,
    rawBody: JSON.stringify({ code }),
    body: JSON.stringify({ access: 'k9Xw2Qp7Lm4Rt8Vz1Ny6' }),
  })
  const both = [pw, mfa, rec({ requestHeaders: { authorization: 'Bearer k9Xw2Qp7Lm4Rt8Vz1Ny6' } })]
  assert.deepEqual(carried(both, [PASSWORD, code]), ['header Authorization=Bearer k9Xw2Qp7Lm4Rt8Vz1Ny6'])
  assert.deepEqual(carried([pw, mfa, rec({ requestHeaders: { authorization: `Bearer ${JWT}` } })], [PASSWORD, code]), [])
  // login POST → 302 → 302 to the app with the token in the query: the header is carried; the query pair
  // only under a name the target wrote before typing (r31br N1: a name first seen after typing may be the
  // page's, repeated by a stored "return to" URL), and never from a Location off the chain
  const form = rec({
    rawMethod: 'POST',
    rawUrl: `${O}/login`,
    rawBody: `u=alice&p=${PASSWORD}`,
    status: 302,
    id: 1,
    headers: { location: '/next' },
  })
  const hop = rec({ rawUrl: `${O}/next`, status: 302, id: 2, redirectedFrom: 1, headers: { location: `/app?access_token=${JWT}` } })
  const app = rec({ rawUrl: `${O}/app?access_token=${JWT}`, document: true, id: 3, redirectedFrom: 2 })
  const bearer = rec({ requestHeaders: { authorization: `Bearer ${JWT}` }, id: 4 })
  assert.deepEqual(carried([form, hop, app, bearer], [PASSWORD], `${O}/app`), [`header Authorization=Bearer ${JWT}`])
  const opened = rec({
    afterTyping: false,
    scannerOpened: true,
    document: true,
    status: 302,
    rawUrl: `${O}/app`,
    headers: { location: `/login?access_token=${'0'.repeat(16)}` },
  })
  assert.deepEqual(carried([opened, form, hop, app, bearer], [PASSWORD], `${O}/app`), [
    `header Authorization=Bearer ${JWT}`,
    `query access_token=${JWT}`,
  ])
  const offChain = rec({ rawUrl: `${O}/next`, status: 302, id: 2, headers: { location: `/app?access_token=${JWT}` } })
  assert.deepEqual(carried([opened, form, offChain, app, bearer], [PASSWORD], `${O}/app`), [])
})

test('a token an answer handed out before typing is carried when the page sends it with the credentials (session upgraded at login)', () => {
  const TOKEN = 'ukSI4oRvAB5SPyu5tWQbW-JWeOJtC530'
  const session = rec({ rawUrl: `${O}/api/session`, afterTyping: false, body: JSON.stringify({ token: TOKEN }) })
  const upgrade = login({ ok: true }, { requestHeaders: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
  const me = rec({ rawUrl: `${O}/api/me`, requestHeaders: { authorization: `Bearer ${TOKEN}` } })
  assert.deepEqual(carried([session, upgrade, me], [PASSWORD], `${O}/account`), [`header Authorization=Bearer ${TOKEN}`])
  // the same answer after typing, from another endpoint than the login's, hands nothing out
  assert.deepEqual(carried([upgrade, { ...session, afterTyping: true }, me], [PASSWORD], `${O}/account`), [])
})
