// The analysis works on packed bits, byte histograms, transposed columns and its own hash functions
// for speed. Each of those is held here against a plain, bit-by-bit way of getting the same thing, so
// a fast path can never quietly change what is measured.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hash, randomBytes, randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { analyzeTokens, type CompleteTokenAnalysis } from '../../src/tokens/index.js'
import { codeTable, decodeSample, digitTable, makeEncoding, toBigInt, urlDecode, type Decoded } from '../../src/tokens/decode/index.js'
import { unwrap } from '../../src/tokens/decode/wrapper.js'
import { compareDigits } from '../../src/tokens/detect/counter.js'
import { DIGEST_WORDS, hashInput, hashWords, writeAscii, writeInteger } from '../../src/tokens/detect/digest.js'
import { fipsBlock, fipsPerPosition, FIPS_BLOCK_BITS } from '../../src/tokens/stats/fips.js'
import { bitPositions, maskIndices, statStream } from '../../src/tokens/stats/positions.js'
import { base32, times } from './generators.js'

const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const

const hexWords = (out: Int32Array, words: number): string =>
  Array.from(out.subarray(0, words), (w) => (w >>> 0).toString(16).padStart(8, '0')).join('')

/** A token's bits as the analysis defines them, one character (or, for numbers, the kept low bits) at a time. */
function referenceBits(d: Decoded, t: number): number[] {
  const v = d.varying[t]!
  const enc = d.encoding
  if (enc.wholeBits) {
    const out: number[] = []
    for (let i = 0; i < v.length; i++) {
      const digit = d.table.get(v[i]!) ?? 0
      for (let b = enc.bitsPerChar - 1; b >= 0; b--) out.push((digit >> b) & 1)
    }
    return out
  }
  const total = Math.floor(v.length * enc.bitsPerChar)
  const keep = total - 10 >= 8 ? total - 10 : Math.max(0, total)
  const value = toBigInt(v, enc, d.table)
  return Array.from({ length: keep }, (_, i) => Number((value >> BigInt(keep - 1 - i)) & 1n))
}

function packedBits(d: Decoded, t: number): number[] {
  const off = d.byteOffsets[t]!
  return Array.from({ length: d.bitCounts[t]! }, (_, j) => (d.packed[off + (j >> 3)]! >> (7 - (j & 7))) & 1)
}

/** FIPS 140-2 on one block, straight from the standard: every bit visited in order. */
function referenceFips(bits: number[]): { monobit: boolean; poker: boolean; runs: boolean; longRun: boolean } {
  let ones = 0
  for (const b of bits) ones += b
  const poker = new Array<number>(16).fill(0)
  for (let i = 0; i < bits.length; i += 4) poker[bits[i]! * 8 + bits[i + 1]! * 4 + bits[i + 2]! * 2 + bits[i + 3]!]!++
  const x = (16 / 5000) * poker.reduce((s, c) => s + c * c, 0) - 5000
  const runs = [new Array<number>(6).fill(0), new Array<number>(6).fill(0)]
  let longest = 0
  let i = 0
  while (i < bits.length) {
    let j = i
    while (j < bits.length && bits[j] === bits[i]) j++
    runs[bits[i]!]![Math.min(j - i, 6) - 1]!++
    longest = Math.max(longest, j - i)
    i = j
  }
  const min = [2315, 1114, 527, 240, 103, 103]
  const max = [2685, 1386, 723, 384, 209, 209]
  const runsOk = runs.every((r) => r.every((c, k) => c >= min[k]! && c <= max[k]!))
  return { monobit: ones > 9725 && ones < 10275, poker: x > 2.16 && x < 46.17, runs: runsOk, longRun: longest < 26 }
}

const toBits = (bytes: Uint8Array): number[] => Array.from({ length: bytes.length * 8 }, (_, j) => (bytes[j >> 3]! >> (7 - (j & 7))) & 1)

test('the JavaScript MD5, SHA-1 and SHA-256 give node:crypto digests for every input length, across the block boundary', () => {
  const out = new Int32Array(8)
  for (const alg of ALGORITHMS) {
    for (let len = 0; len <= 130; len++) {
      const input = Array.from(randomBytes(len), (b) => String.fromCharCode(32 + (b % 95))).join('')
      hashWords(alg, input, out)
      assert.equal(hexWords(out, DIGEST_WORDS[alg]), hash(alg, input, 'hex'), `${alg} of ${len} bytes`)
    }
    // non-ASCII input goes to node:crypto (UTF-8) and still comes back as the same words
    hashWords(alg, 'é-1700000000', out)
    assert.equal(hexWords(out, DIGEST_WORDS[alg]), hash(alg, 'é-1700000000', 'hex'))
  }
})

test('candidates written into the hash buffer are the decimal strings String() gives, and hash the same', () => {
  const out = new Int32Array(8)
  fc.assert(
    fc.property(
      fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      fc.string({ maxLength: 3 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      fc.constantFrom(...ALGORITHMS),
      (x, sep, alg) => {
        const at = writeInteger(writeAscii(0, sep), x)
        hashInput(alg, at, out)
        assert.equal(hexWords(out, DIGEST_WORDS[alg]), hash(alg, sep + String(x), 'hex'))
      },
    ),
    { numRuns: 300 },
  )
})

test('a FIPS 140-2 block scored a byte at a time agrees with walking it bit by bit, near every threshold', () => {
  const blocks: Uint8Array[] = []
  // densities around the monobit bounds, long runs planted at byte and odd offsets, periodic patterns
  for (const threshold of [0, 118, 124, 128, 132, 138, 256]) {
    for (let r = 0; r < 4; r++) {
      const raw = randomBytes(20_000)
      const b = new Uint8Array(2500)
      for (let i = 0; i < 20_000; i++) if (raw[i]! < threshold) b[i >> 3]! |= 0x80 >> (i & 7)
      blocks.push(b)
    }
  }
  for (const runLength of [25, 26, 27, 40]) {
    for (const start of [0, 3, 1001, 19_970]) {
      const b = new Uint8Array(randomBytes(2500))
      for (let i = start; i < Math.min(20_000, start + runLength); i++) b[i >> 3]! |= 0x80 >> (i & 7)
      // make sure the planted run is bounded by zeros
      if (start > 0) b[(start - 1) >> 3]! &= ~(0x80 >> ((start - 1) & 7))
      if (start + runLength < 20_000) b[(start + runLength) >> 3]! &= ~(0x80 >> ((start + runLength) & 7))
      blocks.push(b)
    }
  }
  blocks.push(new Uint8Array(2500).fill(0xaa), new Uint8Array(2500).fill(0xcc), new Uint8Array(2500).fill(0xf0), new Uint8Array(2500))
  // plain random blocks: nearly all pass
  for (let r = 0; r < 20; r++) blocks.push(new Uint8Array(randomBytes(2500)))
  let passed = 0
  let failed = 0
  for (const b of blocks) {
    const got = fipsBlock(b, 0)
    assert.deepEqual(got, referenceFips(toBits(b)))
    if (got.monobit && got.poker && got.runs && got.longRun) passed++
    else failed++
  }
  // the sample is only a check if it has both outcomes
  assert.ok(passed > 0 && failed > 0, `${passed} passed, ${failed} failed`)
})

test('per-bit-position FIPS columns cut from packed rows by 8×8 transposes hold bit j of each token in order', () => {
  // one uniform sample (rows back to back) and one of ragged lengths (shorter tokens give 0s)
  const biasedByte = (): number => {
    const r = randomBytes(8)
    let v = 0
    for (let i = 0; i < 8; i++) v = (v << 1) | (r[i]! < 150 ? 1 : 0)
    return v
  }
  const uniform = times(FIPS_BLOCK_BITS, () => {
    const b = randomBytes(4)
    b[2] = biasedByte() // positions 16–23 lean to 1: their columns fail monobit
    return b.toString('hex')
  })
  const ragged = times(FIPS_BLOCK_BITS, (i) => randomBytes(3 + (i % 3)).toString('hex') + (i % 7 === 0 ? 'f' : ''))
  for (const tokens of [uniform, ragged]) {
    const d = decodeSample(tokens)
    const positions = Int32Array.from({ length: d.maxBits }, (_, j) => j)
    const got = fipsPerPosition(d.packed, d.byteOffsets, d.bitCounts, positions, 1e-6)
    const rows = tokens.map((_, t) => referenceBits(d, t))
    const expectedFailed: number[] = []
    for (let j = 0; j < d.maxBits; j++) {
      const column = rows.map((bits) => bits[j] ?? 0)
      const r = referenceFips(column)
      if (!(r.monobit && r.poker && r.runs && r.longRun)) expectedFailed.push(j)
    }
    assert.equal(got.positions, d.maxBits)
    assert.deepEqual(got.failed, expectedFailed)
  }
  const d = decodeSample(uniform)
  const got = fipsPerPosition(
    d.packed,
    d.byteOffsets,
    d.bitCounts,
    Int32Array.from({ length: 32 }, (_, j) => j),
    1e-6,
  )
  assert.ok(
    [16, 17, 18, 19, 20, 21, 22, 23].every((j) => got.failed.includes(j)),
    `failed ${got.failed.join(',')}`,
  )
})

test('decoding packs each character’s bits in order on every route: native hex/base64, ASCII bytes, per character, numbers', () => {
  const samples: Record<string, string[]> = {
    'hex, even length (native)': times(300, () => randomBytes(16).toString('hex')),
    'HEX, odd lengths': times(300, (i) =>
      randomBytes(8)
        .toString('hex')
        .toUpperCase()
        .slice(0, 9 + (i % 6)),
    ),
    'base64url, 32 characters (native)': times(300, () => randomBytes(24).toString('base64url')),
    'base64url, 22 characters (ASCII bytes)': times(300, () => randomBytes(16).toString('base64url')),
    'base64 with padding': times(300, () => randomBytes(16).toString('base64')),
    base32: times(300, () => base32(randomBytes(20))),
    UUIDs: times(300, () => randomUUID()),
    'decimal (low bits of the number)': times(300, () => BigInt('0x' + randomBytes(12).toString('hex')).toString()),
    'base62-ish text with a prefix': times(300, () => 'sid-' + randomBytes(18).toString('base64').replace(/[+/=]/g, 'x')),
    'non-ASCII text': times(300, () => Array.from(randomBytes(12), (b) => String.fromCharCode(0x3b1 + (b % 16))).join('')),
  }
  for (const [name, tokens] of Object.entries(samples)) {
    const d = decodeSample(tokens)
    for (let t = 0; t < tokens.length; t++) assert.deepEqual(packedBits(d, t), referenceBits(d, t), `${name}: token ${t}`)
    // padding past a token's last bit is zero: nothing beyond the count can add ones
    for (let t = 0; t < tokens.length; t++) {
      const count = d.bitCounts[t]!
      if (count % 8 === 0) continue
      const last = d.packed[d.byteOffsets[t]! + (count >> 3)]!
      assert.equal(last & (0xff >> (count & 7)), 0, `${name}: token ${t} padding`)
    }
  }
})

test('bit positions counted from byte histograms and the statistics stream equal a bit-by-bit walk, holes and ragged lengths included', () => {
  const samples = [
    times(500, () => randomUUID()), // fixed version and variant bits: holes in the mask
    times(500, (i) =>
      randomBytes(2 + (i % 5))
        .toString('hex')
        .slice(0, 3 + (i % 8)),
    ), // ragged
    times(500, () => randomBytes(24).toString('base64url')), // every position varies: the stream is the rows
    times(500, () => randomBytes(32).toString('base64url')), // two trailing padding bits never vary: whole bytes copied
    times(500, (i) => (i % 2 ? 'ff' : 'f0') + randomBytes(3).toString('hex')), // constant and near-constant bits
  ]
  for (const tokens of samples) {
    const d = decodeSample(tokens)
    const bits = tokens.map((_, t) => referenceBits(d, t))
    const bp = bitPositions(d, 1e-6)
    for (let j = 0; j < d.maxBits; j++) {
      const present = bits.filter((b) => b.length > j)
      const ones = present.reduce((s, b) => s + b[j]!, 0)
      const constant = present.length < 2 || ones === 0 || ones === present.length
      assert.equal(bp.varyingMask[j], constant ? 0 : 1, `position ${j}`)
      assert.equal(bp.constant.includes(j), constant)
    }
    const idx = Array.from(maskIndices(bp.varyingMask))
    const flat: number[] = []
    for (const b of bits) for (const j of idx) if (j < b.length) flat.push(b[j]!)
    const expected = new Uint8Array(flat.length >> 3)
    for (let i = 0; i < expected.length * 8; i++) expected[i >> 3]! |= flat[i]! << (7 - (i & 7))
    const stream = statStream(d, bp.varyingMask)
    assert.deepEqual(Array.from(stream.bytes), Array.from(expected))
    assert.equal(stream.bitLength, expected.length * 8)
  }
})

test('URL-decoding matches decodeURIComponent and leaves a token it rejects as it was', () => {
  const reference = (t: string): string => {
    if (!/%[0-9A-Fa-f]{2}/.test(t)) return t
    try {
      return decodeURIComponent(t)
    } catch {
      return t
    }
  }
  for (const t of ['s%3Aabc.def', '%', '%4', 'a%zz', '%E2%82%AC', '%E2%82', '%41%42x%2f%2F', '%%41', '%C3%A9%41', 'a%41%', '%80', '%7F%7e'])
    assert.equal(urlDecode(t), reference(t), t)
  const piece = fc.oneof(
    fc.constantFrom('%', '%3A', '%3a', '%2F', '%C3%A9', '%E2%82%AC', '%E2', '%ZZ', '%4', '.', 's:'),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,6}$/),
  )
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
      const t = parts.join('')
      assert.equal(urlDecode(t), reference(t))
    }),
    { numRuns: 500 },
  )
})

test('connect-signed ids are unwrapped the same whether the cookie is read as sent or decoded first', () => {
  const sig = (): string => randomBytes(32).toString('base64').replace(/=+$/, '')
  const shapes = [
    times(50, () => `s%3A${randomBytes(24).toString('base64url')}.${sig()}`),
    times(50, () => `s%3a${randomBytes(24).toString('base64url')}.${sig()}`),
    times(50, () => `s:${randomBytes(24).toString('base64url')}.${sig()}`),
    times(50, () => `s%3A${randomBytes(24).toString('base64url')}.${sig().replace(/\+/g, '%2B')}`), // escapes in the signature
    times(50, (i) =>
      i % 2 ? `s%3A${randomBytes(24).toString('base64url')}.${sig()}` : `s:${randomBytes(24).toString('base64url')}.${sig()}`,
    ),
  ]
  for (const tokens of shapes) {
    const got = unwrap(tokens)
    const decodedFirst = unwrap(tokens.map((t) => (/%[0-9A-Fa-f]{2}/.test(t) ? decodeURIComponent(t) : t)))
    assert.equal(got.kind, 'connect-signed')
    assert.deepEqual(got.cores, decodedFirst.cores)
    assert.deepEqual(
      got.cores,
      tokens.map((t) => decodeURIComponent(t).slice(2, decodeURIComponent(t).indexOf('.'))),
    )
  }
})

test('repeated ids are reported in sample order with their first occurrence, as a plain map would find them', () => {
  const pool = times(200, () => randomBytes(16).toString('hex'))
  const tokens = times(2000, () => pool[randomBytes(2).readUInt16BE() % pool.length]!)
  const a = analyzeTokens(tokens) as CompleteTokenAnalysis
  const det = a.detections.find((x) => x.id === 'repeats')
  assert.ok(det)
  const first = new Map<string, number>()
  const pairs: string[] = []
  let duplicates = 0
  tokens.forEach((t, i) => {
    const seen = first.get(t)
    if (seen === undefined) first.set(t, i)
    else {
      duplicates++
      if (pairs.length < 3) pairs.push(`token ${seen} = token ${i}`)
    }
  })
  assert.deepEqual(det.evidence, pairs)
  assert.ok(det.summary.startsWith(`${duplicates} repeated id(s)`), det.summary)
})

test('the counter check compares numbers by their digits as the big numbers themselves compare', () => {
  for (const [name, alphabet] of [
    ['decimal', '0123456789'],
    ['hex', '0123456789abcdef'],
    ['base64url', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'],
    ['base32', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'],
  ] as const) {
    const enc = makeEncoding(name, alphabet)
    const table = digitTable(enc)
    const codes = codeTable(enc)
    const digits = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((a) => a.join(''))
    // leading zero digits and different lengths are where a digit comparison can go wrong
    const number = fc.oneof(
      digits,
      digits.map((s) => alphabet[0]!.repeat(3) + s),
    )
    fc.assert(
      fc.property(number, number, (x, y) => {
        const vx = toBigInt(x, enc, table)
        const vy = toBigInt(y, enc, table)
        assert.equal(compareDigits(x, y, codes), vx > vy ? 1 : vx < vy ? -1 : 0, `${name}: ${x} vs ${y}`)
      }),
      { numRuns: 300 },
    )
  }
})
