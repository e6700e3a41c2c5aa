// Property-based fuzzing of everything the scanner does with cookies a target sends: the Set-Cookie
// reader, the cookie jar, and the redactor that masks them in evidence. No input may make them throw.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { isDeletion, lifetimeSeconds, parseSetCookie } from '../../src/http/set-cookie.js'
import { Jar } from '../../src/http/jar.js'
import { Redactor, mask } from '../../src/http/redact.js'
import type { Exchange } from '../../src/model/finding.js'
import { propertyRuns } from '@sessionguard/testkit/property-runs'

let runs = 0
after(() => console.log(`cookie fuzz runs: ${runs}`))
const count =
  <T extends unknown[]>(f: (...a: T) => void) =>
  (...a: T): void => {
    runs++
    f(...a)
  }

const URLS = ['http://127.0.0.1:8080/', 'https://127.0.0.1/a/b?c=d', 'http://127.0.0.1:9/x;jsessionid=1']
/** Pieces a Set-Cookie header is made of, and pieces that break it. */
const fragment = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.constantFrom(
    ';',
    '=',
    ' ',
    '\t',
    '\r\n',
    '\0',
    '\x1b[2J',
    '"',
    ',',
    '%0d%0a',
    '%00',
    '__Host-',
    '__Secure-',
    'Path=/',
    'Path=',
    'Domain=127.0.0.1',
    'Domain=.',
    'Domain=..',
    'Domain=com',
    'Secure',
    'HttpOnly',
    'SameSite=None',
    'SameSite=',
    'Max-Age=0',
    'Max-Age=-1',
    'Max-Age=99999999999999999999',
    'Max-Age=1e9',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'Expires=Fri, 31 Dec 9999 23:59:59 GMT',
    'Expires=not a date',
    'Partitioned',
    'Priority=High',
    'sid',
    'PHPSESSID',
  ),
)
const setCookie = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(''))
const url = fc.constantFrom(...URLS)

test('parseSetCookie never throws; what it returns is the header it read, with a name', () => {
  fc.assert(
    fc.property(
      setCookie,
      count((header) => {
        const c = parseSetCookie(header)
        if (!c) return
        assert.equal(c.raw, header)
        assert.ok(c.name.length > 0 || header.trimStart().startsWith('='))
        isDeletion(c, Date.now())
        const life = lifetimeSeconds(c, Date.now())
        assert.ok(life === undefined || typeof life === 'number')
      }),
    ),
    { numRuns: propertyRuns(3000) },
  )
})

test('the jar takes any Set-Cookie headers without throwing, and everything it hands back can be sent', () => {
  fc.assert(
    fc.property(
      fc.array(setCookie, { maxLength: 12 }),
      url,
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      count((headers, at, name, value) => {
        const jar = new Jar()
        jar.store(headers, at)
        for (const u of URLS) {
          const header = jar.header(u)
          // whatever was stored goes out in a Cookie header again: no CR, LF or NUL may survive into it
          assert.doesNotMatch(header, /[\r\n\0]/)
          for (const n of jar.names(u)) jar.get(n, u)
          const copy = jar.only(jar.names(u).slice(0, 1), u)
          copy.header(u)
          jar.without(jar.names(u)[0] ?? 'x', u).header(u)
        }
        // an attacker's planted cookie with any name or value: refused or stored, never a throw
        try {
          jar.set(name, value, at)
        } catch (err) {
          assert.fail(`Jar.set threw ${(err as Error).name}: ${(err as Error).message}`)
        }
        jar.clone().entries(at)
      }),
    ),
    { numRuns: propertyRuns(1500) },
  )
})

const tokenChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''))
const token = fc.array(tokenChars, { minLength: 16, maxLength: 64 }).map((c) => c.join(''))

test('the redactor never throws, and a token or password it knows is gone from text, headers and URLs', () => {
  fc.assert(
    fc.property(
      token,
      token,
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(setCookie, { maxLength: 4 }),
      count((secret, password, before, afterText, cookies) => {
        const r = new Redactor()
        r.addSecret(secret)
        r.addPassword(password)
        for (const c of cookies) r.addSecret(parseSetCookie(c)?.value)
        const text = `${before}${secret}${afterText} user=alice&password=${encodeURIComponent(password)}`
        const out = r.text(text)
        assert.ok(!out.includes(secret), 'token masked in text')
        assert.ok(!out.includes(password), 'password masked in text')
        const exchange: Exchange = {
          actor: 'scanner',
          request: {
            method: 'POST',
            url: `http://127.0.0.1/login?sid=${secret}&${before}`,
            headers: { cookie: `a=b; sid=${secret}; ${before}`, 'x-session-id': secret, authorization: `Bearer ${secret}` },
            body: JSON.stringify({ password, note: before }),
          },
          response: {
            status: 200,
            headers: { 'set-cookie': [...cookies, `sid=${secret}; Path=/`], location: `/next;jsessionid=${secret}` },
            body: `${afterText}${secret}`,
          },
          note: before,
        }
        const red = JSON.stringify(r.exchange(exchange))
        assert.ok(!red.includes(secret), 'token masked everywhere in an exchange')
        assert.ok(!red.includes(password), 'password masked everywhere in an exchange')
        mask(before)
      }),
    ),
    { numRuns: propertyRuns(1500) },
  )
})
