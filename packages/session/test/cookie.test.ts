import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import {
  cookieValues,
  createSessionManager,
  generateToken,
  MemoryStore,
  parseCookieHeader,
  SessionConfigError,
} from '@sessionguard/session'
import { resolveCookieOptions } from '../src/cookie/options.js'
import { serializeSessionCookie } from '../src/cookie/serialize.js'
import { findCookieValue } from '../src/cookie/parse.js'

const nameChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&*+^`|~'.split(''))
const cookieName = fc.string({ unit: nameChar, minLength: 1, maxLength: 20 })
const cookieValue = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!#$%&()*+/:<>?@[]^`{|}'.split('')), maxLength: 40 })

describe('cookie parsing', () => {
  it('uses the first well-formed value when a cookie is tossed under the same name', async () => {
    const store = new MemoryStore()
    const sessions = createSessionManager({ store, cookie: { secure: false } })
    const s = await sessions.load(undefined)
    await s.set({ a: 1 })
    const mine = s.takeSetCookie()!.split(';')[0]!
    const loaded = await sessions.load(`sid=garbage; ${mine}; sid=${generateToken()}`)
    assert.deepEqual(loaded.data, { a: 1 })
  })

  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.string())), fc.string(), (header, name) => {
        cookieValues(header, name)
        parseCookieHeader(header)
      }),
    )
  })

  it('finds every value of a name among other cookies, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cookieName, cookieValue), { maxLength: 8 }),
        cookieName,
        fc.array(cookieValue, { minLength: 1, maxLength: 3 }),
        (others, name, mine) => {
          const filtered = others.filter(([n]) => n !== name)
          const pairs = [...filtered.map(([n, v]) => `${n}=${v}`), ...mine.map((v) => `${name}=${v}`)]
          assert.deepEqual(cookieValues(pairs.join('; '), name), mine)
        },
      ),
    )
  })

  it('the request-path scanner finds what cookieValues finds, on any header', () => {
    const header = fc.oneof(
      fc.string(),
      fc.array(fc.string()),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('sid', ' sid', 'sid ', '\tsid', 'xsid', 'sidx', '\u00a0sid', 'x', ''),
            fc.constantFrom('=', ' = ', '\t=\t', ';', '=;', '=="', '="', '= "'),
            cookieValue,
            fc.constantFrom('', ' ', '\t', '"', '\u00a0'),
          ),
          { maxLength: 8 },
        )
        .map((parts) => parts.map((p) => p.join('')).join(';')),
    )
    const accepts = [(v: string) => v.length > 2, (v: string) => v.startsWith('a'), () => false]
    fc.assert(
      fc.property(header, fc.constantFrom('sid', 'x', 'a'), fc.constantFrom(0, 1, 2), (h, name, which) => {
        const accept = accepts[which]!
        const values = cookieValues(h, name)
        const expected = values.find(accept) ?? (values.length > 0 ? null : undefined)
        assert.equal(findCookieValue(h, name, accept), expected)
      }),
      { numRuns: propertyRuns(2000) },
    )
  })

  it('round-trips the Set-Cookie it writes back into the token', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (bytes, secure) => {
        const token = Buffer.from(bytes).toString('base64url')
        const opts = resolveCookieOptions({ secure })
        const browserSends = serializeSessionCookie(token, opts).split(';')[0]!
        assert.deepEqual(cookieValues(`theme=dark; ${browserSends}; x=1`, opts.name), [token])
      }),
    )
  })
})

describe('cookie options', () => {
  it('defaults to __Host-sid, HttpOnly, Secure, SameSite=Lax, Path=/ and a browser-session lifetime', () => {
    assert.deepEqual(resolveCookieOptions(), {
      name: '__Host-sid',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      domain: undefined,
      maxAgeSeconds: undefined,
      partitioned: false,
    })
  })

  it('drops the prefix for local http development and uses __Secure- where __Host- cannot apply', () => {
    assert.equal(resolveCookieOptions({ secure: false }).name, 'sid')
    assert.equal(resolveCookieOptions({ domain: 'example.com' }).name, '__Secure-sid')
    assert.equal(resolveCookieOptions({ maxAge: '7d' }).maxAgeSeconds, 604800)
  })

  it('refuses combinations that browsers would reject or that weaken the cookie silently', () => {
    for (const bad of [
      { secure: false, name: '__Host-sid' },
      { secure: false, name: '__Secure-sid' },
      { name: '__Host-sid', path: '/app' },
      { sameSite: 'none' as const, secure: false },
      { name: 'bad name' },
      { path: 'nope' },
    ])
      assert.throws(() => resolveCookieOptions(bad), SessionConfigError, JSON.stringify(bad))
  })
})
