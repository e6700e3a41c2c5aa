import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyzeTokens, checkPrediction, matchesPrediction, predictNext, type CompleteTokenAnalysis } from '../../src/tokens/index.js'
import { base32, digest, randomToken, times, uuidV1Generator } from './generators.js'

function analysed(tokens: string[], now = new Date()): CompleteTokenAnalysis {
  const a = analyzeTokens(tokens, { now })
  assert.equal(a.status, 'analysed')
  return a as CompleteTokenAnalysis
}

function fired(a: CompleteTokenAnalysis, id: string): boolean {
  return a.detections.some((d) => d.id === id && d.fired)
}

const COUNTERS: Array<{ name: string; make: (v: number) => string }> = [
  { name: 'decimal', make: (v) => String(v) },
  { name: 'zero-padded decimal', make: (v) => String(v).padStart(10, '0') },
  { name: 'hex', make: (v) => v.toString(16).padStart(16, '0') },
  { name: 'base36', make: (v) => v.toString(36) },
  {
    name: 'base64 of 8 big-endian bytes',
    make: (v) => {
      const b = Buffer.alloc(8)
      b.writeBigUInt64BE(BigInt(v))
      return b.toString('base64')
    },
  },
  {
    name: 'base32 of 8 big-endian bytes',
    make: (v) => {
      const b = Buffer.alloc(8)
      b.writeBigUInt64BE(BigInt(v))
      return base32(b)
    },
  },
]

for (const step of [1, 7, 1000]) {
  for (const enc of COUNTERS) {
    test(`a counter with step ${step} written in ${enc.name} is found, and its next value predicted`, () => {
      const start = 104_729
      const all = times(601, (i) => enc.make(start + step * i))
      const a = analysed(all.slice(0, 600))
      assert.ok(fired(a, 'counter'), a.detections.map((d) => d.summary).join('; '))
      assert.equal(a.verdict, 'predictable')
      assert.ok(a.effective.bits <= 1, `${a.effective.bits}`)
      assert.equal(a.predictions[0], all[600])
      assert.equal(matchesPrediction(a, all[600]!), true)
      assert.equal(matchesPrediction(a, randomToken(64, 'hex')), false)
    })
  }
}

test('a counter shared with other clients (gaps, some reordering) is still a counter and the next id matches', () => {
  let v = 500_000
  const issued: number[] = []
  for (let i = 0; i < 800; i++) {
    v += 3 * (1 + Math.floor(Math.random() * 4))
    issued.push(v)
  }
  // concurrent collection: neighbours swapped now and then
  for (let i = 0; i + 1 < issued.length; i += 9) [issued[i], issued[i + 1]] = [issued[i + 1]!, issued[i]!]
  const a = analysed(issued.map(String))
  assert.ok(fired(a, 'counter'))
  const spec = a.predictionSpec
  assert.ok(spec && spec.kind === 'counter' && spec.step === '3')
  assert.equal(matchesPrediction(a, String(v + 6)), true)
  assert.equal(matchesPrediction(a, String(v + 7)), false)
})

const UNITS = [
  { unit: 's', make: (ms: number, i: number) => String(Math.floor(ms / 1000) + Math.floor(i / 50)) },
  { unit: 'ms', make: (ms: number, i: number) => String(ms + i * 3) },
  { unit: 'us', make: (ms: number, i: number) => (BigInt(ms) * 1000n + BigInt(i * 417)).toString() },
  { unit: 'ns', make: (ms: number, i: number) => (BigInt(ms) * 1_000_000n + BigInt(i * 417_123)).toString() },
]

for (const u of UNITS) {
  test(`a timestamp id in ${u.unit} near scan time is recognised and the next one predicted`, () => {
    const ms = Date.now() - 2000
    const a = analysed(times(400, (i) => u.make(ms, i)))
    const t = a.detections.find((d) => d.id === 'timestamp' && d.fired)
    assert.ok(t, a.detections.map((d) => d.summary).join('; '))
    assert.equal(t.spec?.kind, 'timestamp')
    assert.equal(t.spec?.kind === 'timestamp' && t.spec.unit, u.unit)
    assert.equal(a.verdict, 'predictable')
    assert.ok(a.effective.bits < 32)
    assert.equal(matchesPrediction(a, u.make(ms, 401)), true)
  })
}

test('timestamps far from scan time are not called timestamps', () => {
  const old = Date.UTC(2001, 0, 1)
  const a = analysed(
    times(300, (i) => String(old + i * 7919 * 1000)),
    new Date(),
  )
  assert.equal(fired(a, 'timestamp'), false)
})

test('an ObjectId-like id (time prefix, random middle, counter tail) shows its time prefix', () => {
  const s = Math.floor(Date.now() / 1000)
  const a = analysed(
    times(600, (i) => (s + Math.floor(i / 200)).toString(16) + randomToken(64, 'hex').slice(0, 10) + i.toString(16).padStart(6, '0')),
  )
  const t = a.detections.find((d) => d.id === 'timestamp' && d.fired)
  assert.ok(t && !t.predictive, a.detections.map((d) => d.summary).join('; '))
  assert.match(t.summary, /first 8 characters .* seconds/)
  assert.ok(a.effective.bits < 64)
})

for (const alg of ['md5', 'sha1', 'sha256'] as const) {
  test(`${alg} of a counter is found behind random-looking digests, with the input named`, () => {
    const all = times(501, (i) => digest(alg, String(1042 + i)))
    const a = analysed(all.slice(0, 500))
    // a digest passes the statistics: only the structure detector sees through it
    assert.deepEqual(
      a.tests.filter((t) => t.pass === false).map((t) => t.name),
      [],
    )
    const h = a.detections.find((d) => d.id === 'hash' && d.fired)
    assert.ok(h)
    assert.ok(
      h.evidence.some((e) => /^token \d+ = \w+ of token 0's input with counter \+ \d+$/.test(e)) &&
        h.summary.includes('a small integer counter'),
      h.evidence.join(' | '),
    )
    assert.equal(a.verdict, 'predictable')
    assert.equal(a.predictions[0], all[500])
    assert.equal(matchesPrediction(a, all[500]!), true)
  })

  test(`${alg} of the time (seconds and milliseconds) near scan time is found`, () => {
    const ms = Date.now()
    const s = Math.floor(ms / 1000)
    const secs = analysed(times(300, (i) => digest(alg, String(s - 299 + i))))
    assert.ok(fired(secs, 'hash'))
    assert.match(secs.detections.find((d) => d.id === 'hash')!.summary, /time in seconds/)
    const milli = analysed(times(300, (i) => digest(alg, String(ms - 3000 + i * 7))))
    assert.match(milli.detections.find((d) => d.id === 'hash')!.summary, /time in milliseconds/)
    assert.equal(matchesPrediction(milli, digest(alg, String(ms + 20))), true)
  })
}

test('md5 of a time/counter concatenation is found', () => {
  const s = Math.floor(Date.now() / 1000)
  const a = analysed(times(1200, (i) => digest('md5', `${s}-${i}`)))
  const h = a.detections.find((d) => d.id === 'hash' && d.fired)
  assert.ok(h, a.detections.map((d) => d.summary).join('; '))
  assert.match(h.summary, /time and counter \(\{t\}-\{c\}\)/)
  assert.match(h.evidence.join(' '), /md5 of token 0's input with counter \+ \d+, time \+ \d+/)
  assert.equal(a.verdict, 'predictable')
  assert.equal(checkPrediction(a, digest('md5', `${s}-1200`)).matched, true)
})

test('a base64-encoded sha256 of a counter is found through the encoding', () => {
  const a = analysed(times(300, (i) => Buffer.from(digest('sha256', String(i)), 'hex').toString('base64')))
  assert.ok(fired(a, 'hash'))
  assert.equal(a.predictions[0], Buffer.from(digest('sha256', '300'), 'hex').toString('base64'))
})

test('UUIDv1 gives away time and node, and the next one is predicted', () => {
  const gen = uuidV1Generator()
  const tokens = times(400, () => gen.next())
  const a = analysed(tokens)
  const v1 = a.detections.find((d) => d.id === 'uuid-v1')
  assert.ok(v1?.fired)
  const mac = gen.node.match(/../g)!.join(':')
  assert.ok(v1.summary.includes(mac), v1.summary)
  assert.ok(v1.evidence[0]!.includes('within an hour of scan time'), v1.evidence[0])
  assert.equal(a.verdict, 'predictable')
  assert.equal(matchesPrediction(a, gen.next()), true)
  assert.equal(matchesPrediction(a, uuidV1Generator().next()), false)
})

test('repeated ids in a wide token are reported with the birthday estimate', () => {
  const pool = times(40, () => randomToken(128, 'hex'))
  const a = analysed(times(400, (i) => pool[i % 40]!))
  const r = a.detections.find((d) => d.id === 'repeats')
  assert.ok(r?.fired)
  assert.equal(r.evidence[0], 'token 0 = token 40')
  assert.ok(a.effective.bits < 12, `${a.effective.bits}`)
  assert.equal(a.verdict, 'weak')
})

test('connect signed cookies are unwrapped and the id inside is analysed', () => {
  const tokens = times(500, (i) => `s%3A${String(77_000 + i)}.${randomToken(256, 'base64').replace(/=+$/, '')}`)
  const a = analysed(tokens)
  assert.equal(a.decoding.wrapper, 'connect-signed')
  assert.equal(a.decoding.urlEncoded, true)
  assert.match(a.decoding.varyingPart, /id inside the signed connect cookie/)
  assert.equal(a.decoding.encoding, 'decimal')
  assert.ok(fired(a, 'counter'))
  assert.equal(matchesPrediction(a, `s%3A77500.${randomToken(256, 'base64')}`), true)
})

test('a <payload>.<signature> token analyses the payload that varies', () => {
  const header = 'eyJhbGciOiJIUzI1NiJ9'
  const a = analysed(times(500, () => `${header}.${randomToken(128, 'base64url')}.${randomToken(256, 'base64url')}`))
  assert.equal(a.decoding.wrapper, 'dot-signed')
  assert.match(a.decoding.varyingPart, /part 2 of 3/)
  assert.equal(a.bits.capacity, 128)
  assert.equal(a.verdict, 'strong')
})

test('predictNext lists as many next ids as asked', () => {
  const a = analysed(times(200, (i) => String(10 + i * 2)))
  assert.deepEqual(predictNext(a, 3), ['410', '412', '414'])
})

test('random ids handed over sorted are not mistaken for a counter', () => {
  const a = analysed(times(1000, () => randomToken(128, 'hex')).sort())
  assert.deepEqual(
    a.detections.filter((d) => d.fired).map((d) => d.summary),
    [],
  )
  assert.equal(a.verdict, 'strong')
})
