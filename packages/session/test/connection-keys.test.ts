import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { createSessionManager, generateToken, hashToken, MemoryStore } from '@sessionguard/session'
import { ConnectionKeys } from '../src/core/connection-keys.js'

/** Another string with the same characters (a plain .slice() hands back the very same string). */
const copy = (s: string): string => Buffer.from(s, 'latin1').toString('latin1')

describe('per-connection token keys', () => {
  it('hash a token once per connection while the client keeps sending it', () => {
    let hashes = 0
    const keys = new ConnectionKeys((t) => (hashes++, hashToken(t)))
    const socket = {}
    const token = generateToken()
    for (let i = 0; i < 5; i++) assert.equal(keys.keyOf(socket, `sid=${token}; theme=${i}`, copy(token)), hashToken(token))
    assert.equal(hashes, 1, 'the same token in a changing header is not hashed again')
    // another connection with the same token does its own hash
    assert.equal(keys.keyOf({}, `sid=${token}`, token), hashToken(token))
    assert.equal(hashes, 2)
    keys.forget(socket)
    assert.equal(keys.keyOf(socket, `sid=${token}`, token), hashToken(token))
    assert.equal(hashes, 3, 'a request without a token in between made the connection forget')
  })

  it('recall a header only when it is exactly the one the connection sent last', () => {
    const keys = new ConnectionKeys()
    const socket = {}
    const token = generateToken()
    const header = `sid=${token}`
    assert.equal(keys.recall(socket, header), undefined, 'nothing before the first request')
    keys.keyOf(socket, header, token)
    assert.deepEqual({ ...keys.recall(socket, copy(header)) }, { header, token, key: hashToken(token) })
    for (const other of [`${header} `, header.slice(0, -1) + (header.endsWith('A') ? 'E' : 'A'), `x${header.slice(1)}`, ''])
      assert.equal(keys.recall(socket, other), undefined, other)
    assert.equal(keys.recall({}, header), undefined, 'another connection remembers nothing')
    const long = `${header}; pad=${'x'.repeat(2000)}`
    keys.keyOf(socket, long, token)
    assert.equal(keys.recall(socket, ''), undefined, 'an empty Cookie header recalls nothing, not even after a long one')
    assert.equal(keys.recall(socket, header), undefined, 'after a long header, the short one before it is not recalled either')
    keys.keyOf(socket, header, token)
    keys.forget(socket)
    assert.equal(keys.recall(socket, header), undefined, 'forgotten')
  })

  it('give every token its own SHA-256 whatever interleaving one connection carries (a proxy multiplexing users)', () => {
    const tokens = Array.from({ length: 4 }, generateToken)
    // tokens differing only in their last character or first one are still told apart
    tokens.push(tokens[0]!.slice(0, 42) + (tokens[0]![42] === 'A' ? 'E' : 'A'), (tokens[0]![0] === 'A' ? 'B' : 'A') + tokens[0]!.slice(1))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), fc.nat(tokens.length), fc.boolean()), { maxLength: 60 }), (steps) => {
        const keys = new ConnectionKeys()
        const sockets = [{}, {}, {}]
        for (const [s, t, extra] of steps) {
          const socket = sockets[s]!
          // t === tokens.length: a request without a session token
          if (t === tokens.length) {
            keys.forget(socket)
            continue
          }
          const header = extra ? `a=1; sid=${tokens[t]}` : `sid=${tokens[t]}`
          const recalled = keys.recall(socket, header)
          const key = recalled ? recalled.key : keys.keyOf(socket, header, tokens[t]!)
          assert.equal(key, hashToken(tokens[t]!))
          if (recalled) assert.equal(recalled.token, tokens[t])
        }
      }),
    )
  })

  it('keep neither a long Cookie header nor, through the token sliced out of it, its bytes', () => {
    // Measured in a child with --expose-gc: 2,000 connections that each sent a 16 KiB Cookie header.
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', fileURLToPath(new URL('./helpers/retention.ts', import.meta.url))],
      { encoding: 'utf8' },
    )
    assert.equal(child.status, 0, child.stderr)
    const { retainedBytes, connections } = JSON.parse(child.stdout) as { retainedBytes: number; connections: number }
    assert.equal(connections, 2000)
    // a 43-character token and its key per connection is about 0.3 MiB; the headers would be 31 MiB
    assert.ok(retainedBytes < 4 * 1024 * 1024, `${(retainedBytes / 1048576).toFixed(1)} MiB kept for 2,000 connections`)
  })

  it('take a missing socket (null) as no connection instead of failing every authenticated request', async () => {
    const store = new MemoryStore()
    const sessions = createSessionManager({ store, cookie: { secure: false } })
    let cookie = ''
    const first = await sessions.load(undefined, { canSetCookie: () => true, setCookie: (v) => void (cookie = v.split(';')[0]!) })
    await first.login('alice')
    const again = await sessions.load(cookie, undefined, null as unknown as object)
    assert.equal(again.userId, 'alice')
  })
})
