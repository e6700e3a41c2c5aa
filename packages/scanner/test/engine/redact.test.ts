import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { Redactor, mask } from '../../src/http/redact.js'

const token = 'f3a91c0de44b7a2e9d1c55f0a8b3e6d2'

test('a mask keeps a recognisable prefix and the length, never the token', () => {
  assert.equal(mask(token), 'f3a9…[32]')
  assert.equal(mask('12345'), '****…[5]')
})

test('passwords and known tokens are masked everywhere in an exchange, URL-encoded forms included', () => {
  const r = new Redactor()
  r.addPassword('s3cret "pass')
  r.addSecret(token)
  const out = r.exchange({
    actor: 'victim',
    request: { method: 'POST', url: `http://127.0.0.1/a?sid=${token}`, headers: { cookie: `sid=${token}; theme=dark`, authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }, body: `user=alice&password=${encodeURIComponent('s3cret "pass')}&pw2=s3cret "pass&${new URLSearchParams({ form: 's3cret "pass' }).toString()}&json=${JSON.stringify({ p: 's3cret "pass' })}` },
    response: { status: 200, headers: { 'set-cookie': [`sid=${token}; Path=/; HttpOnly`], 'x-session-id': token }, body: `<a href="/x;jsessionid=${token}">` },
  })
  const text = JSON.stringify(out)
  assert.ok(!text.includes(token), text)
  assert.ok(!text.includes('s3cret'), text)
  assert.ok(!text.includes('abcdefghijklmnopqrstuvwxyz'), text)
  assert.match(text, /Path=\/; HttpOnly/, 'cookie attributes stay readable')
})

test('every cookie value in Cookie and Set-Cookie headers is masked even when the scan never learned it', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{9,64}$/), (value) => {
      const r = new Redactor()
      const h = r.headers({ cookie: `a=${value}`, 'set-cookie': [`b=${value}; Secure`] })
      assert.ok(!JSON.stringify(h).includes(value))
    }),
  )
})
