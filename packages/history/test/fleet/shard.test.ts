import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseShard, selectShard, shardOf } from '../../src/fleet/index.js'

const keys = Array.from({ length: 1000 }, (_, i) => ({ key: `http://127.0.${Math.floor(i / 250)}.${i % 250}:${3000 + (i % 7)}` }))

describe('shards', () => {
  it('splits a targets file so that every target is in exactly one share, for any number of workers', () => {
    for (const n of [1, 2, 3, 5, 8, 16]) {
      const shares = Array.from({ length: n }, (_, i) => selectShard(keys, { index: i, count: n }))
      assert.equal(
        shares.reduce((sum, s) => sum + s.length, 0),
        keys.length,
      )
      assert.equal(new Set(shares.flat()).size, keys.length)
    }
  })

  it('decides a share from the target alone: the order of the file and the spelling of the URL do not matter', () => {
    const reversed = [...keys].reverse()
    for (const k of keys.slice(0, 50)) {
      assert.equal(shardOf(k.key, 7), shardOf(`${k.key.toUpperCase().replace('HTTP://', 'http://')}/`, 7))
    }
    assert.deepEqual(
      selectShard(reversed, { index: 2, count: 5 })
        .map((k) => k.key)
        .sort(),
      selectShard(keys, { index: 2, count: 5 })
        .map((k) => k.key)
        .sort(),
    )
  })

  it('moves targets only to the new worker when one is added, and keeps the shares even', () => {
    for (let n = 1; n < 12; n++) {
      for (const k of keys) {
        const before = shardOf(k.key, n)
        const after = shardOf(k.key, n + 1)
        assert.ok(after === before || after === n, `${k.key}: ${before} → ${after} when going from ${n} to ${n + 1} workers`)
      }
    }
    const sizes = Array.from({ length: 4 }, (_, i) => selectShard(keys, { index: i, count: 4 }).length)
    for (const size of sizes) assert.ok(size > 200 && size < 300, `uneven shares: ${sizes.join(', ')}`)
  })

  it('reads i/n and refuses anything else with a config error', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 })
    assert.deepEqual(parseShard(' 0 / 1 '), { index: 0, count: 1 })
    for (const bad of ['3/3', '1', '-1/3', '1/0', 'a/b', '1/3/4', '0/5000', '']) {
      assert.throws(() => parseShard(bad), { code: 'SG_MONITOR_CONFIG' }, bad)
    }
  })
})
