// r24r F2: a cookie a page script set is the page's text; the report shows neither its name nor any piece of its value.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PAGE_COOKIES_WITHHELD, Redactor } from '../../src/http/redact.js'
import { pageMadeCookies } from '../../src/login/browser/page-cookies.js'
import type { Recorded } from '../../src/login/browser/record.js'

const rec = (cookie: string | undefined, setCookies: string[]): Recorded =>
  ({ requestHeaders: cookie ? { cookie } : {}, setCookies }) as unknown as Recorded

test('a cookie no Set-Cookie made and the scanner did not plant is the page script’s; HttpOnly ones are the server’s', () => {
  const made = pageMadeCookies(
    [rec(undefined, ['sid=abc123def456; Path=/; HttpOnly']), rec('sid=abc123def456; c0=pw-Hzzzzz; planted=p1p2p3', [])],
    [
      { name: 'sid', value: 'abc123def456', httpOnly: true },
      { name: 'c4', value: 'untezzzzz', httpOnly: false },
      { name: 'srv', value: 'overwritten', httpOnly: true },
    ],
    [['planted', 'p1p2p3']],
  )
  assert.deepEqual(made, [
    ['c0', 'pw-Hzzzzz'],
    ['c4', 'untezzzzz'],
  ])
})

test('a Cookie header shows one marker for the page-made cookies, and their values nowhere else', () => {
  const r = new Redactor()
  r.addPageCookie('c0', 'pw-Hzzzzz')
  r.addPageCookie('c4', 'untezzzzz')
  const h = r.headers({ cookie: 'sid=abc; c0=pw-Hzzzzz; c4=untezzzzz' })
  assert.equal(h['cookie'], `sid=***…[3]; ${PAGE_COOKIES_WITHHELD}`)
  assert.equal(r.headers({ cookie: 'c0=pw-Hzzzzz' })['cookie'], PAGE_COOKIES_WITHHELD)
  assert.equal(r.text('echo: pw-Hzzzzz'), 'echo: ********')
})

// r26r R2: `document.cookie = 'abc'` makes a cookie with no name, written bare in the Cookie header; it was
// kept as '=abc' and so never matched, showing the number of such cookies and their lengths.
test('a nameless cookie a page script made is withheld like a named one', () => {
  const made = pageMadeCookies(
    [rec('sid=abc123def456; pw-H; k1=unte', [])],
    [{ name: '', value: 'pw-H', httpOnly: false }],
    [['sid', 'abc123def456']],
  )
  assert.deepEqual(made, [
    ['', 'pw-H'],
    ['k1', 'unte'],
  ])
  const r = new Redactor()
  for (const [n, v] of made) r.addPageCookie(n, v)
  const h = r.headers({ cookie: 'sid=abc123def456; pw-H; k1=unte' })['cookie'] as string
  assert.ok(!/pw-H|unte|\[4\]/.test(h), h)
  assert.ok(h.startsWith('sid=') && h.endsWith(`; ${PAGE_COOKIES_WITHHELD}`), h)
  assert.equal(h.split(';').length, 2, h)
})
