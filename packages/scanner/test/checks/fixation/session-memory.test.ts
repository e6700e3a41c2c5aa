import assert from 'node:assert/strict'
import { test } from 'node:test'
import { echoed, judgeMemory, pageMarkers, type Baseline } from '../../../src/checks/fixation/session-memory.js'
import type { HttpResponse } from '../../../src/http/client.js'

// "Kept" is not "used": a server that leaves an unknown id alone without ever storing anything under it
// must not read as one that adopted it. The login page's per-session values (an anti-CSRF token) tell.

function page(token: string | undefined, extra = ''): HttpResponse {
  const hidden = token === undefined ? '' : `<input type="hidden" name="csrf_token" value="${token}">`
  return {
    status: 200,
    url: 'http://127.0.0.1:9/login',
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<form method="post" action="/login">${hidden}<input type="hidden" name="lang" value="en"><input name="username"><input type="password" name="password"></form>${extra}`,
    setCookies: [],
    exchanges: [],
  } as unknown as HttpResponse
}

const own = (a: string, b: string): Baseline => ({ first: pageMarkers(page(a)), second: pageMarkers(page(b)), exchanges: [] })
const TOKEN = 'hidden field csrf_token (form 1)'

test('a per-session token the invented id keeps across two visits, unlike the server’s own session’s, is state carried', () => {
  assert.deepEqual(
    judgeMemory(own('own-token-1', 'own-token-1'), pageMarkers(page('planted-tok')), pageMarkers(page('planted-tok')), '/login'),
    {
      verdict: 'carried',
      key: TOKEN,
    },
  )
})

test('a new token on each visit with the invented id, where the server keeps one per session of its own, is an id served as no session', () => {
  assert.deepEqual(
    judgeMemory(own('own-token-1', 'own-token-1'), pageMarkers(page('anon-one-1')), pageMarkers(page('anon-two-2')), '/login'),
    {
      verdict: 'forgotten',
      key: TOKEN,
    },
  )
})

test('nothing to compare is no verdict: no token, a token that changes for the server’s own session too, or one that never changes', () => {
  const noToken = judgeMemory(own('own-token-1', 'own-token-1'), pageMarkers(page(undefined)), pageMarkers(page(undefined)), '/login')
  assert.equal(noToken.verdict, 'unknown')
  assert.match((noToken as { why: string }).why, /\/login shows no value the server keeps per session/)
  // a token masked per request (Rails, Django) changes for the server's own session: it says nothing
  assert.equal(
    judgeMemory(own('own-token-1', 'own-token-2'), pageMarkers(page('a-token-11')), pageMarkers(page('a-token-22')), '/login').verdict,
    'unknown',
  )
  // a value every visitor gets (a build id) is not session state
  assert.equal(
    judgeMemory(own('constant-1', 'constant-1'), pageMarkers(page('constant-1')), pageMarkers(page('constant-1')), '/login').verdict,
    'unknown',
  )
})

test('short hidden values (a language, a page number) are not taken for session state, and only 2xx HTML pages are read', () => {
  assert.deepEqual([...pageMarkers(page('csrf-value-1')).keys()], [TOKEN])
  assert.equal(pageMarkers({ ...page('csrf-value-1'), status: 302 } as HttpResponse).size, 0)
  assert.equal(pageMarkers({ ...page('csrf-value-1'), headers: { 'content-type': 'application/json' } } as unknown as HttpResponse).size, 0)
  const meta = pageMarkers(page(undefined, '<meta name="csrf-token" content="meta-token-value">'))
  assert.equal(meta.get('meta csrf-token'), 'meta-token-value')
})

test('the server setting the invented value itself is an echo; setting another value, or none, is not', () => {
  const res = (header?: string) =>
    ({ ...page(undefined), setCookies: header ? [{ url: 'http://127.0.0.1:9/', header }] : [] }) as HttpResponse
  const sid = { kind: 'cookie' as const, name: 'sid' }
  assert.equal(echoed(res('sid=planted-value; Path=/'), sid, 'planted-value'), true)
  assert.equal(echoed(res('sid=other-value; Path=/'), sid, 'planted-value'), false)
  assert.equal(echoed(res(), sid, 'planted-value'), false)
})

test('a per-session value under a long name is named by its place, never by the start of its name (a password the page writes there is not cut in two)', () => {
  const PASSWORD = 'Zq7vHorse-Battery-9'
  const long = `${'x'.repeat(45)}${PASSWORD}_token`
  const res = page(
    undefined,
    `<form><input type="hidden" name="a" value="v"><input type="hidden" name="${long}" value="tok-12345678"></form><meta name="${long}" content="tok-87654321">`,
  )
  const markers = pageMarkers(res)
  assert.deepEqual(
    [...markers],
    [
      [`hidden field number 2 (its name is ${long.length} characters) (form 2)`, 'tok-12345678'],
      [`meta number 1 (its name is ${long.length} characters)`, 'tok-87654321'],
    ],
  )
  // a short name is shown as it is
  assert.ok(pageMarkers(page('own-token-1')).has(TOKEN))
})
