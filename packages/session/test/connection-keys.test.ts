import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { generateToken, hashToken } from '@sessionguard/session'
import { ConnectionKeys } from '../src/core/connection-keys.js'

describe('per-connection token keys', () => {
  it('hash a token once per connection while the client keeps sending it', () => {
    let hashes = 0
    const keys = new ConnectionKeys((t) => (hashes++, hashToken(t)))
    const socket = {}
    const token = generateToken()
    for (let i = 0; i < 5; i++) assert.equal(keys.keyOf(socket, token.slice()), hashToken(token))
    assert.equal(hashes, 1)
    // another connection with the same token does its own hash
    assert.equal(keys.keyOf({}, token), hashToken(token))
    assert.equal(hashes, 2)
  })

  it('give every token its own SHA-256 whatever interleaving one connection carries (a proxy multiplexing users)', () => {
    const tokens = Array.from({ length: 4 }, generateToken)
    // tokens differing only in their last character or first one are still told apart
    tokens.push(tokens[0]!.slice(0, 42) + (tokens[0]![42] === 'A' ? 'E' : 'A'), (tokens[0]![0] === 'A' ? 'B' : 'A') + tokens[0]!.slice(1))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), fc.nat(tokens.length - 1)), { maxLength: 60 }), (steps) => {
        const keys = new ConnectionKeys()
        const sockets = [{}, {}, {}]
        for (const [s, t] of steps) assert.equal(keys.keyOf(sockets[s]!, tokens[t]!), hashToken(tokens[t]!))
      }),
    )
  })
})
