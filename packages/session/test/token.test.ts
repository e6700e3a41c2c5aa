import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { generateToken, hashToken, isWellFormedToken } from '@sessionguard/session'
import { safeEqual } from '../src/core/token.js'

describe('session tokens', () => {
  it('are 32 CSPRNG bytes in canonical base64url and never repeat', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const token = generateToken()
      assert.equal(Buffer.from(token, 'base64url').length, 32)
      assert.ok(isWellFormedToken(token))
      seen.add(token)
    }
    assert.equal(seen.size, 2000)
  })

  it('accepts exactly the encodings of 32-byte values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        assert.ok(isWellFormedToken(Buffer.from(bytes).toString('base64url')))
      }),
    )
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }).filter((b) => b.length !== 32),
        (bytes) => {
          assert.equal(isWellFormedToken(Buffer.from(bytes).toString('base64url')), false)
        },
      ),
    )
  })

  it('rejects any string that is not a canonical token', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (value) => {
        const canonical = /^[A-Za-z0-9_-]{43}$/.test(value) && Buffer.from(value, 'base64url').toString('base64url') === value
        assert.equal(isWellFormedToken(value), canonical)
      }),
    )
    const token = generateToken()
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // The last character of 32 bytes carries 2 zero bits; setting one gives a decodable but non-canonical alias.
    const alias = token.slice(0, 42) + alphabet[alphabet.indexOf(token[42]!) + 1]
    for (const bad of [token + '=', ` ${token}`, token.slice(0, 42), token.slice(0, 42) + '+', alias])
      assert.equal(isWellFormedToken(bad), false, bad)
    assert.equal(isWellFormedToken(undefined), false)
    assert.equal(isWellFormedToken(42), false)
  })

  it('are stored as their SHA-256, which does not reveal them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const token = Buffer.from(bytes).toString('base64url')
        const key = hashToken(token)
        assert.equal(key, createHash('sha256').update(token).digest('base64url'))
        assert.notEqual(key, token)
        assert.ok(!key.includes(token.slice(0, 16)))
      }),
    )
  })

  it('compare equal exactly when equal, whatever the lengths or characters', () => {
    fc.assert(fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (a, b) => assert.equal(safeEqual(a, b), a === b)))
    // Any code units, lone surrogates included, on both sides of the preallocated-buffer limit (64).
    const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 })
    fc.assert(fc.property(units, (a) => safeEqual(a, a.split('').join(''))))
    fc.assert(fc.property(units, units, (a, b) => assert.equal(safeEqual(a, b), a === b)))
    fc.assert(
      fc.property(units, fc.nat(), fc.integer({ min: 1, max: 0xffff }), (a, at, delta) => {
        fc.pre(a.length > 0)
        const i = at % a.length
        const changed = a.slice(0, i) + String.fromCharCode((a.charCodeAt(i) + delta) % 0x10000) + a.slice(i + 1)
        assert.equal(safeEqual(a, changed), false)
      }),
    )
    assert.equal(safeEqual('\uD800', '\uD801'), false, 'two lone surrogates are different strings')
    assert.equal(safeEqual('x'.repeat(70) + '\uD800', 'x'.repeat(70) + '\uDFFF'), false)
    const token = generateToken()
    assert.ok(safeEqual(token, token.slice()))
    // each other string differs from the token whatever its random characters (a token starting with B is 1 in 64)
    for (const other of [
      token.slice(0, 42),
      token + 'A',
      (token[0] === 'B' ? 'C' : 'B') + token.slice(1),
      token.slice(0, 42) + (token[42] === 'A' ? 'E' : 'A'),
      '',
    ])
      assert.equal(safeEqual(token, other), false)
  })
})
