import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseDuration, SessionConfigError } from '@sessionguard/session'

describe('durations', () => {
  it('reads milliseconds and unit strings', () => {
    assert.equal(parseDuration(1500), 1500)
    assert.equal(parseDuration('250ms'), 250)
    assert.equal(parseDuration('30s'), 30_000)
    assert.equal(parseDuration('30m'), 1_800_000)
    assert.equal(parseDuration('12h'), 43_200_000)
    assert.equal(parseDuration('7d'), 604_800_000)
    assert.equal(parseDuration('1.5h'), 5_400_000)
  })

  it('agrees with the unit arithmetic for any whole amount', () => {
    const factor = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.constantFrom('ms', 's', 'm', 'h', 'd') as fc.Arbitrary<keyof typeof factor>, (n, unit) => {
        assert.equal(parseDuration(`${n}${unit}`), n * factor[unit])
      }),
    )
  })

  it('refuses anything it would have to guess', () => {
    for (const bad of ['', '30', '30 minutes', '-5m', 'm', '1w', -1, Number.NaN, Infinity])
      assert.throws(() => parseDuration(bad), SessionConfigError, String(bad))
  })
})
