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
    for (let i = 0; i < 5; i++) assert.equal(keys.keyOf(socket, `sid=${token}; theme=${i}`, token.slice()), hashToken(token))
    assert.equal(hashes, 1, 'the same token in a changing header is not hashed again')
    // another connection with the same token does its own hash
    assert.equal(keys.keyOf({}, `sid=${token}`, token), hashToken(token))
    assert.equal(hashes, 2)
  })

  it('recall a header only when it is exactly the one the connection sent last', () => {
    const keys = new ConnectionKeys()
    const socket = {}
    const token = generateToken()
    const header = `sid=${token}`
    assert.equal(keys.recall(socket, header), undefined, 'nothing before the first request')
    keys.keyOf(socket, header, token)
    assert.deepEqual({ ...keys.recall(socket, `sid=${token}`.slice()) }, { header, token, key: hashToken(token) })
    for (const other of [`${header} `, header.slice(0, -1) + (header.endsWith('A') ? 'E' : 'A'), `x${header.slice(1)}`, '']) assert.equal(keys.recall(socket, other), undefined, other)
    assert.equal(keys.recall({}, header), undefined, 'another connection remembers nothing')
    const long = `${header}; pad=${'x'.repeat(2000)}`
    keys.keyOf(socket, long, token)
    assert.equal(keys.recall(socket, long), undefined, 'long headers are scanned each time')
    assert.equal(keys.recall(socket, ''), undefined, 'an empty Cookie header recalls nothing, not even after a long one')
  })

  it('give every token its own SHA-256 whatever interleaving one connection carries (a proxy multiplexing users)', () => {
    const tokens = Array.from({ length: 4 }, generateToken)
    // tokens differing only in their last character or first one are still told apart
    tokens.push(tokens[0]!.slice(0, 42) + (tokens[0]![42] === 'A' ? 'E' : 'A'), (tokens[0]![0] === 'A' ? 'B' : 'A') + tokens[0]!.slice(1))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), fc.nat(tokens.length - 1), fc.boolean()), { maxLength: 60 }), (steps) => {
        const keys = new ConnectionKeys()
        const sockets = [{}, {}, {}]
        for (const [s, t, extra] of steps) {
          const header = extra ? `a=1; sid=${tokens[t]}` : `sid=${tokens[t]}`
          const recalled = keys.recall(sockets[s]!, header)
          const key = recalled ? recalled.key : keys.keyOf(sockets[s]!, header, tokens[t]!)
          assert.equal(key, hashToken(tokens[t]!))
          if (recalled) assert.equal(recalled.token, tokens[t])
        }
      }),
    )
  })
})
