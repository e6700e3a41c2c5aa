import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyzeTokens } from '../../src/tokens/index.js'
import { randomToken, times, uuidV4, type RandomEncoding } from './generators.js'

const ENCODINGS: RandomEncoding[] = ['hex', 'base64', 'base64url', 'base32', 'decimal']
const EXPECTED_NAME: Record<RandomEncoding, string[]> = {
  hex: ['hex'],
  base64: ['base64'],
  base64url: ['base64url'],
  base32: ['base32'],
  decimal: ['decimal'],
}

for (const bits of [64, 128, 256]) {
  for (const encoding of ENCODINGS) {
    test(`crypto-random ${bits}-bit ids in ${encoding} are decoded, pass the battery and score about ${bits} bits`, () => {
      const tokens = times(1500, () => randomToken(bits, encoding))
      const a = analyzeTokens(tokens)
      assert.equal(a.status, 'analysed')
      if (a.status !== 'analysed') return
      assert.ok(EXPECTED_NAME[encoding].includes(a.decoding.encoding), `decoded as ${a.decoding.encoding}`)
      assert.deepEqual(
        a.tests.filter((t) => t.pass === false).map((t) => `${t.name}: ${t.detail}`),
        [],
      )
      assert.deepEqual(
        a.detections.filter((d) => d.fired).map((d) => d.summary),
        [],
      )
      assert.ok(a.effective.bits <= bits + 1.5, `${a.effective.bits} bits claimed for a ${bits}-bit id`)
      assert.ok(a.effective.bits >= bits - 1.5, `${a.effective.bits} bits (${a.effective.method}) for a ${bits}-bit id`)
      assert.equal(a.verdict, bits >= 128 ? 'strong' : 'marginal')
      assert.deepEqual(a.predictions, [])
    })
  }
}

test('FIPS 140-2 runs over every full 20,000-bit block of the varying bits', () => {
  const a = analyzeTokens(times(2000, () => randomToken(128, 'hex')))
  assert.equal(a.status, 'analysed')
  if (a.status !== 'analysed') return
  assert.equal(a.fips.blocks, Math.floor((2000 * 128) / 20000))
  assert.equal(a.fips.pass, true)
})

test('UUIDv4 is recognised as random: 122 bits, no structure that fires', () => {
  const a = analyzeTokens(times(1500, uuidV4))
  assert.equal(a.status, 'analysed')
  if (a.status !== 'analysed') return
  assert.equal(a.decoding.encoding, 'uuid')
  const v4 = a.detections.find((d) => d.id === 'uuid-v4')
  assert.ok(v4 && !v4.fired)
  assert.equal(a.bits.capacity, 122)
  assert.ok(a.effective.bits >= 120.5 && a.effective.bits <= 122, `${a.effective.bits}`)
  assert.equal(a.verdict, 'marginal')
})

test('Math.random().toString(36) ids are recognised as float digits and judged weak', () => {
  const a = analyzeTokens(times(1500, () => Math.random().toString(36).substring(2, 15)))
  assert.equal(a.status, 'analysed')
  if (a.status !== 'analysed') return
  assert.ok(
    a.detections.some((d) => d.id === 'float' && d.fired),
    JSON.stringify(a.detections.map((d) => d.summary)),
  )
  assert.ok(a.effective.bits < 64)
  assert.equal(a.verdict, 'weak')
})

test('ids built from Math.floor(Math.random() * 1e9) are weak', () => {
  const a = analyzeTokens(times(1500, () => String(Math.floor(Math.random() * 1e9))))
  assert.equal(a.status, 'analysed')
  if (a.status !== 'analysed') return
  assert.ok(a.effective.bits < 31, `${a.effective.bits}`)
  assert.equal(a.verdict, 'weak')
})

test('fixed prefix and suffix around a random part are found and left out of the entropy', () => {
  const a = analyzeTokens(times(1000, () => `sess_${randomToken(128, 'hex')}_v2`))
  assert.equal(a.status, 'analysed')
  if (a.status !== 'analysed') return
  assert.equal(a.decoding.prefix, 'sess_')
  assert.equal(a.decoding.suffix, '_v2')
  assert.equal(a.decoding.encoding, 'hex')
  assert.equal(a.verdict, 'strong')
})

test('a sample too small for a verdict says how many samples it needs', () => {
  const a = analyzeTokens(times(40, () => randomToken(128, 'hex')))
  assert.equal(a.status, 'insufficient')
  if (a.status !== 'insufficient') return
  assert.match(a.message, /need at least 100 samples.*got 40/)
  assert.equal('verdict' in a, false)
  const b = analyzeTokens(
    times(40, () => randomToken(128, 'hex')),
    { minSamples: 500 },
  )
  assert.match(b.summary, /need at least 500/)
})

test('with 20,000 tokens FIPS 140-2 also runs per bit position: random passes, a slow counter in the low bits fails', () => {
  const random = analyzeTokens(times(20_000, () => randomToken(64, 'hex')))
  assert.equal(random.status, 'analysed')
  if (random.status !== 'analysed') return
  const col = random.tests.find((t) => t.name === 'FIPS 140-2 per bit position')!
  assert.equal(col.pass, true, col.detail)
  assert.match(col.detail, /of 64 bit positions/)
  // random high half, and a low half that only changes every 1,000 tokens: each column is long runs
  const mixed = analyzeTokens(
    times(
      20_000,
      (i) =>
        randomToken(64, 'hex') +
        Math.floor(i / 1000)
          .toString(16)
          .padStart(16, '0'),
    ),
  )
  assert.equal(mixed.status, 'analysed')
  if (mixed.status !== 'analysed') return
  assert.equal(mixed.tests.find((t) => t.name === 'FIPS 140-2 per bit position')!.pass, false)
})
