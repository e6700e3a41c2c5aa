// Cookie parsing and the cookie MAC, rule by rule at their edges (issue 29: parseCookieHeader could be
// emptied, the MAC separator dropped, and the 32-byte and 4-secret limits moved without a failing test).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { createSessionManager, MemoryStore, SessionConfigError, type Session } from '@sessionguard/session'
import { cookieValues, findCookieValue, parseCookieHeader } from '../src/cookie/parse.js'
import { CookieMac } from '../src/cookie/mac.js'
import { TOKEN_LENGTH } from '../src/core/token.js'

test('parseCookieHeader maps every cookie to its first value, trimmed of spaces and tabs and unquoted', () => {
  const parsed = parseCookieHeader(' a=1;b = "two" ;\tc=\t3\t; a=again; =nameless; flag; d=""; e="x; f=')
  assert.deepEqual(
    [...parsed],
    [
      ['a', '1'],
      ['b', 'two'],
      ['c', '3'],
      ['d', ''],
      ['e', '"x'],
      ['f', ''],
    ],
  )
  assert.deepEqual(
    [...parseCookieHeader(['x=1', 'y=2; x=3'])],
    [
      ['x', '1'],
      ['y', '2'],
    ],
  )
  assert.deepEqual([...parseCookieHeader(undefined)], [])
  assert.deepEqual([...parseCookieHeader(null)], [])
  // only spaces and tabs are whitespace: a line feed or a no-break space is part of the name or value
  assert.deepEqual(
    [...parseCookieHeader('\na=1; b=\u00a02')],
    [
      ['\na', '1'],
      ['b', '\u00a02'],
    ],
  )
  // a single quote character is a value, not an empty quoted one; a value quoted at one end only keeps its quote
  assert.deepEqual([...parseCookieHeader('q="')], [['q', '"']])
  assert.deepEqual([...parseCookieHeader('r=x"')], [['r', 'x"']])
})

test('cookieValues lists every value sent for a name in order, and nothing for other names', () => {
  assert.deepEqual(cookieValues('sid=a; other=b; sid = "c" ;sidx=d; xsid=e; sid=', 'sid'), ['a', 'c', ''])
  assert.deepEqual(cookieValues(['sid=1', 'sid=2'], 'sid'), ['1', '2'])
  assert.deepEqual(cookieValues(undefined, 'sid'), [])
  assert.deepEqual(cookieValues('sid', 'sid'), [])
  assert.deepEqual(cookieValues('sid="', 'sid'), ['"'])
  // an empty quoted value is empty; a value quoted at one end only keeps its quote
  assert.deepEqual(cookieValues('sid=""; sid=x"; sid="y', 'sid'), ['', 'x"', '"y'])
})

test('the empty name: cookieValues and findCookieValue both read the nameless pairs (=v) as its values', () => {
  assert.deepEqual(cookieValues('=a; b=c; = d', ''), ['a', 'd'])
  assert.equal(
    findCookieValue('b=c; =a', '', () => true),
    'a',
  )
})

test('findCookieValue returns the first accepted value, null when the name came with none accepted, undefined when absent', () => {
  const accept = (v: string): boolean => v.startsWith('ok')
  assert.equal(findCookieValue('sid=bad; sid=ok1; sid=ok2', 'sid', accept), 'ok1')
  assert.equal(findCookieValue('sid = "ok-quoted" ', 'sid', accept), 'ok-quoted')
  assert.equal(findCookieValue('\tsid=\tok-tab\t', 'sid', accept), 'ok-tab')
  assert.equal(findCookieValue('sid=bad', 'sid', accept), null)
  assert.equal(findCookieValue('sidx=ok; xsid=ok', 'sid', accept), undefined)
  assert.equal(findCookieValue('other=1; sid', 'sid', accept), undefined)
  assert.equal(findCookieValue('other=1', 'sid', accept), undefined)
  assert.equal(findCookieValue(undefined, 'sid', accept), undefined)
  assert.equal(findCookieValue(['a=1', 'sid=ok-array'], 'sid', accept), 'ok-array')
  // a quote alone is the value, not an empty quoted string
  assert.equal(
    findCookieValue('sid="', 'sid', (v) => v === '"'),
    '"',
  )
  assert.equal(
    findCookieValue('sid=""', 'sid', (v) => v === ''),
    '',
  )
  assert.equal(findCookieValue('a=1;sid=ok-last', 'sid', accept), 'ok-last')
  // a part whose name is as long as the one asked for is not that name
  assert.equal(findCookieValue('abc=ok-other; sid=ok-mine', 'sid', accept), 'ok-mine')
  // an empty first part (a header that starts with ';') is skipped, not the end of the scan
  assert.equal(findCookieValue(';sid=ok-after', 'sid', accept), 'ok-after')
  assert.equal(findCookieValue('; ;sid=ok-after', 'sid', accept), 'ok-after')
  // a value quoted at one end only keeps its quote, as cookieValues keeps it
  for (const v of ['x"', '"x'])
    assert.equal(
      findCookieValue(`sid=${v}`, 'sid', (got) => got === v),
      v,
    )
})

// The MAC through the library's own API, so these hold whatever the MAC covers besides the token.
const secret = (bytes: number): string => 'k'.repeat(bytes)
const cookieOf = (s: Session<object>): string => s.takeSetCookie()!.split(';')[0]!

async function signedCookie(
  secrets: Array<string | Buffer>,
  signer = secrets,
): Promise<{ cookie: string; load: (c: string) => Promise<string | undefined> }> {
  const store = new MemoryStore()
  const signing = createSessionManager({ store, cookie: { secure: false, secrets: signer } })
  const verifying = createSessionManager({ store, cookie: { secure: false, secrets } })
  const s = await signing.load(undefined)
  await s.login('alice')
  return { cookie: cookieOf(s), load: async (c) => (await verifying.load(c)).userId }
}

test('a signed cookie needs the dot between token and MAC: any other separator is refused', async () => {
  const { cookie, load } = await signedCookie([randomBytes(32)])
  assert.equal(await load(cookie), 'alice')
  const at = cookie.indexOf('=') + 1 + TOKEN_LENGTH
  assert.equal(cookie[at], '.')
  for (const sep of ['X', '_', '-', ':'])
    assert.equal(await load(`${cookie.slice(0, at)}${sep}${cookie.slice(at + 1)}`), undefined, `separator ${sep}`)
  assert.equal(await load(`${cookie}A`), undefined, 'one character too many')
  assert.equal(await load(cookie.slice(0, -1)), undefined, 'one character too few')
})

test('a MAC secret of exactly 32 bytes is accepted, 31 bytes is refused, counted in UTF-8 bytes', async () => {
  for (const ok of [secret(32), randomBytes(32), 'é'.repeat(16)]) {
    const { cookie, load } = await signedCookie([ok])
    assert.equal(await load(cookie), 'alice')
  }
  for (const [i, secrets] of [
    [0, [secret(31)]],
    [0, [randomBytes(31)]],
    [0, ['é'.repeat(15) + 'k']],
    [1, [secret(32), secret(31)]],
  ] as const) {
    assert.throws(
      () => createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets: [...secrets] } }),
      (err: unknown) => {
        assert.ok(err instanceof SessionConfigError)
        assert.match(err.message, new RegExp(`^cookie\\.secrets\\[${i}\\] must be a string or Buffer of at least 32 bytes`))
        return true
      },
    )
  }
})

test('up to four MAC secrets are accepted and every one verifies; five or none are refused', async () => {
  const four = [secret(32), secret(33), secret(34), secret(35)]
  for (const signer of four) {
    const { cookie, load } = await signedCookie(four, [signer])
    assert.equal(await load(cookie), 'alice', `signed with secret of ${signer.length}`)
  }
  const { cookie, load } = await signedCookie(four, [secret(36)])
  assert.equal(await load(cookie), undefined, 'a secret not listed')
  for (const secrets of [[...four, secret(36)], []]) {
    assert.throws(
      () => createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets } }),
      (err: unknown) => err instanceof SessionConfigError && /^cookie\.secrets must list 1 to 4 secrets/.test(err.message),
    )
  }
})

test('a token that is not well-formed is refused even with the MAC the secret makes for it', () => {
  // constructed with the cookie name too, which a MAC that covers the name takes
  const mac = new (CookieMac as unknown as new (secrets: string[], cookieName: string) => CookieMac)([secret(32)], 'sid')
  const good = 'A'.repeat(TOKEN_LENGTH)
  assert.equal(mac.verify(mac.sign(good)), true)
  assert.equal(mac.tokenOf(mac.sign(good)), good)
  for (const bad of ['!'.repeat(TOKEN_LENGTH), `${'A'.repeat(TOKEN_LENGTH - 1)}=`]) assert.equal(mac.verify(mac.sign(bad)), false, bad)
})

test('values shaped like a signed cookie but a character longer or shorter cost no MAC check and leave the budget to the real one', async () => {
  const { cookie, load } = await signedCookie([randomBytes(32)])
  const token = 'A'.repeat(TOKEN_LENGTH)
  // a well-formed token and the dot, with a MAC part of 42 or 44 characters: never a signed cookie
  const near = [42, 44].flatMap((n) => Array.from({ length: 10 }, () => `sid=${token}.${'B'.repeat(n)}`))
  assert.equal(await load([...near, cookie].join('; ')), 'alice')
})

test('one secret given as a string or Buffer instead of a list is refused with the message that asks for a list', () => {
  for (const secrets of [secret(64), randomBytes(64), { 0: secret(32), length: 1 }])
    assert.throws(
      () => createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets: secrets as never } }),
      (err: unknown) => err instanceof SessionConfigError && /^cookie\.secrets must list 1 to 4 secrets/.test(err.message),
    )
})
