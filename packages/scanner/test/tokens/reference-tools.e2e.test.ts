// Holds the battery against Debian's reference tools on the very same bits: Fourmilab's `ent` for
// entropy, chi-square, mean and serial correlation, and rng-tools' `rngtest` for FIPS 140-2.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analyzeTokens, type CompleteTokenAnalysis } from '../../src/tokens/index.js'
import { decodeSample } from '../../src/tokens/decode/index.js'
import { fipsBlock } from '../../src/tokens/stats/fips.js'
import { bitPositions, statStream } from '../../src/tokens/stats/positions.js'
import { digest, randomToken, times } from './generators.js'

let dir = ''
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-tokens-ref-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

/** The exact bit stream the analysis runs its statistics on. */
function streamOf(tokens: string[]): Uint8Array {
  const d = decodeSample(tokens)
  return statStream(d, bitPositions(d, 1e-6).varyingMask).bytes
}

function analysed(tokens: string[]): CompleteTokenAnalysis {
  const a = analyzeTokens(tokens)
  assert.equal(a.status, 'analysed')
  return a as CompleteTokenAnalysis
}

const testValue = (a: CompleteTokenAnalysis, name: string): number => a.tests.find((t) => t.name === name)!.value
const testP = (a: CompleteTokenAnalysis, name: string): number => a.tests.find((t) => t.name === name)!.pValue!

function runEnt(bytes: Uint8Array, name: string): { entropy: number; chi: number; mean: number; scc: number; chiPercent: number } {
  const file = join(dir, `${name}.bin`)
  writeFileSync(file, bytes)
  const terse = spawnSync('ent', ['-t', file], { encoding: 'utf8' })
  assert.equal(terse.status, 0, terse.stderr)
  const row = terse.stdout.trim().split('\n')[1]!.split(',')
  const full = spawnSync('ent', [file], { encoding: 'utf8' })
  const pct = /would exceed this value (less than |more than )?([\d.]+) percent/.exec(full.stdout)
  assert.ok(pct, full.stdout)
  return { entropy: Number(row[2]), chi: Number(row[3]), mean: Number(row[4]), scc: Number(row[6]), chiPercent: Number(pct[2]) }
}

interface RngtestBlock {
  monobit: boolean
  poker: boolean
  runs: boolean
  longRun: boolean
}

/**
 * rngtest's verdict on one 20,000-bit block, run on that block alone. Across consecutive blocks rngtest
 * is not a faithful reference: it keeps the previous block's last bit, and when the next block opens with
 * the other bit it counts a "run" at index −1 of its runs array, which is poker[15] in its context
 * struct, so one nibble count of that block comes out one too high. A single block never takes that path.
 */
function rngtestBlock(block: Uint8Array, name: string): RngtestBlock {
  const file = join(dir, `${name}.rng`)
  // rngtest keeps the first 32 bits for its continuous-run test, then tests 20,000-bit blocks
  writeFileSync(file, Buffer.concat([Buffer.from([0x5a, 0xa5, 0x3c, 0xc3]), Buffer.from(block)]))
  const r = spawnSync('sh', ['-c', `rngtest < "${file}"`], { encoding: 'utf8' })
  const grab = (label: string): number => {
    const m = new RegExp(`${label}: (\\d+)`).exec(r.stderr)
    assert.ok(m, `${label} missing in rngtest output:\n${r.stderr}`)
    return Number(m[1])
  }
  assert.equal(grab('FIPS 140-2 successes') + grab('FIPS 140-2 failures'), 1)
  return { monobit: grab('Monobit') === 0, poker: grab('Poker') === 0, runs: grab('Runs') === 0, longRun: grab('Long run') === 0 }
}

const RUN_MIN = [2315, 1114, 527, 240, 103, 103]
const RUN_MAX = [2685, 1386, 723, 384, 209, 209]

const runsWithin = (counts: number[][]): boolean => counts.every((row) => row.every((c, k) => c >= RUN_MIN[k]! && c <= RUN_MAX[k]!))

/**
 * Run counts of one block two ways: as FIPS 140-2 defines them, and as rngtest tallies them. rngtest
 * files each run under the bit that ends it rather than its own, the last run under its own bit, and
 * a block that opens with a 1 adds a zero-run of 6 or more that never was. Bounds are the same for both
 * bits, so its verdict differs from the standard's only when a count sits that close to a bound.
 */
function runCounts(block: Uint8Array): { standard: number[][]; rngtest: number[][] } {
  const standard = [new Array<number>(6).fill(0), new Array<number>(6).fill(0)]
  const rngtest = [new Array<number>(6).fill(0), new Array<number>(6).fill(0)]
  const total = block.length * 8
  let bit = block[0]! >> 7
  let length = 0
  if (bit === 1) rngtest[0]![5]!++
  for (let j = 0; j < total; j++) {
    const b = (block[j >> 3]! >> (7 - (j & 7))) & 1
    if (b === bit) {
      length++
      continue
    }
    standard[bit]![Math.min(length, 6) - 1]!++
    rngtest[b]![Math.min(length, 6) - 1]!++
    bit = b
    length = 1
  }
  standard[bit]![Math.min(length, 6) - 1]!++
  rngtest[bit]![Math.min(length, 6) - 1]!++
  return { standard, rngtest }
}

/**
 * Our verdicts on one block, held against rngtest's on the same block: monobit, poker and long run
 * must be equal. rngtest's runs verdict must be the one its own tally gives and ours the one the
 * standard's gives; `runsHeld` says whether the two tallies agree, so that ours equals rngtest's.
 */
function againstRngtest(block: Uint8Array, name: string): { ours: RngtestBlock; runsHeld: boolean } {
  const ours = fipsBlock(block, 0)
  const ref = rngtestBlock(block, name)
  assert.equal(ours.monobit, ref.monobit, `monobit, ${name}`)
  assert.equal(ours.poker, ref.poker, `poker, ${name}`)
  assert.equal(ours.longRun, ref.longRun, `long run, ${name}`)
  const counts = runCounts(block)
  assert.equal(ref.runs, runsWithin(counts.rngtest), `rngtest's runs verdict is its tally's, ${name}`)
  assert.equal(ours.runs, runsWithin(counts.standard), `runs, ${name}`)
  return { ours, runsHeld: ours.runs === ref.runs }
}

/** Random bits that are 1 a little more often than 0: some FIPS blocks fail, most pass. */
function biasedHex(bytes: number, threshold: number): string {
  const raw = randomBytes(bytes * 8)
  const out = Buffer.alloc(bytes)
  for (let i = 0; i < bytes * 8; i++) if (raw[i]! < threshold) out[i >> 3]! |= 0x80 >> (i & 7)
  return out.toString('hex')
}

const SAMPLES: Array<{ name: string; tokens: () => string[] }> = [
  { name: 'crypto-random 128-bit hex', tokens: () => times(4000, () => randomToken(128, 'hex')) },
  { name: 'crypto-random 256-bit base64url', tokens: () => times(2500, () => randomToken(256, 'base64url')) },
  { name: 'slightly biased bits', tokens: () => times(4000, () => biasedHex(16, 131)) },
  { name: 'md5 of a counter', tokens: () => times(3000, (i) => digest('md5', String(i))) },
  { name: 'hex counter', tokens: () => times(3000, (i) => (0xabc000 + i * 5).toString(16).padStart(16, '0')) },
]

for (const sample of SAMPLES) {
  test(`entropy, chi-square, mean and serial correlation agree with ent on the same bits (${sample.name})`, () => {
    const tokens = sample.tokens()
    const a = analysed(tokens)
    const bytes = streamOf(tokens)
    const ent = runEnt(bytes, sample.name.replace(/\W+/g, '-'))
    assert.ok(
      Math.abs(testValue(a, 'entropy per byte') - ent.entropy) < 1e-5,
      `entropy ${testValue(a, 'entropy per byte')} vs ent ${ent.entropy}`,
    )
    assert.ok(
      Math.abs(testValue(a, 'chi-square (bytes)') - ent.chi) <= Math.max(0.01, ent.chi * 1e-6),
      `chi ${testValue(a, 'chi-square (bytes)')} vs ent ${ent.chi}`,
    )
    assert.ok(
      Math.abs(testValue(a, 'serial correlation (bytes)') - ent.scc) < 1e-5,
      `scc ${testValue(a, 'serial correlation (bytes)')} vs ent ${ent.scc}`,
    )
    // ent prints the chi-square tail as a percentage clamped to 0.01 … 99.99
    const ours = Math.min(99.99, Math.max(0.01, testP(a, 'chi-square (bytes)') * 100))
    assert.ok(Math.abs(ours - ent.chiPercent) < 0.6, `chi-square tail ${ours}% vs ent ${ent.chiPercent}%`)
  })

  test(`FIPS 140-2 verdicts agree with rngtest block by block on the same bits (${sample.name})`, () => {
    const tokens = sample.tokens()
    const a = analysed(tokens)
    const stream = streamOf(tokens)
    const blocks = Math.floor(stream.length / 2500)
    assert.equal(a.fips.blocks, blocks)
    assert.ok(blocks >= 1, `${blocks} blocks`)
    const failures = { monobit: 0, poker: 0, runs: 0, longRun: 0, any: 0 }
    let runsCompared = 0
    for (let k = 0; k < blocks; k++) {
      const { ours, runsHeld } = againstRngtest(stream.subarray(k * 2500, (k + 1) * 2500), `${sample.name.replace(/\W+/g, '-')}-${k}`)
      if (runsHeld) runsCompared++
      for (const key of ['monobit', 'poker', 'runs', 'longRun'] as const) if (!ours[key]) failures[key]++
      if (!(ours.monobit && ours.poker && ours.runs && ours.longRun)) failures.any++
    }
    // the tallies part on about 1 slightly biased block in 1,250 (16 of 20,000 simulated), never on random ones
    assert.ok(runsCompared >= blocks - 1, `runs verdicts held against rngtest's on ${runsCompared} of ${blocks} blocks`)
    // and the analysis reports exactly the per-block verdicts
    assert.equal(a.fips.failedBlocks, failures.any)
    assert.equal(a.fips.monobit.failures, failures.monobit)
    assert.equal(a.fips.poker.failures, failures.poker)
    assert.equal(a.fips.runs.failures, failures.runs)
    assert.equal(a.fips.longRun.failures, failures.longRun)
  })
}

test('the biased source fails the battery that rngtest fails, the random one passes it', () => {
  const good = analysed(times(4000, () => randomToken(128, 'hex')))
  const bad = analysed(times(4000, () => biasedHex(16, 134)))
  assert.equal(good.fips.pass, true)
  assert.equal(bad.fips.pass, false)
  assert.equal(bad.tests.find((t) => t.name === 'FIPS 140-2 monobit')!.pass, false)
})

/** A uniformly random order of `items` (Fisher-Yates on CSPRNG output). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items]
  const r = randomBytes(4 * out.length)
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.readUInt32BE(4 * i) % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

function fromBits(bit: (i: number) => number): Uint8Array {
  const b = new Uint8Array(2500)
  for (let i = 0; i < 20_000; i++) if (bit(i)) b[i >> 3]! |= 0x80 >> (i & 7)
  return b
}

/** 5,000 nibble counts (summing to 5,000) whose squares sum to exactly `target`, an even number. */
function nibbleCounts(target: number): number[] {
  const n = [...Array<number>(8).fill(312), ...Array<number>(8).fill(313)]
  let sum = n.reduce((s, c) => s + c * c, 0)
  // moving one nibble from a bucket of a to one of b adds 2(b - a) + 2: take the largest step that fits
  while (sum < target) {
    let best: [number, number, number] | undefined
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const step = 2 * (n[j]! - n[i]!) + 2
        if (i !== j && n[i]! > 0 && step > 0 && sum + step <= target && (!best || step > best[2])) best = [i, j, step]
      }
    }
    if (!best) throw new Error(`no nibble counts with a square sum of ${target}`)
    n[best[0]]!--
    n[best[1]]!++
    sum += best[2]
  }
  return n
}

/**
 * A block whose run counts are exactly `counts[bit][length − 1]` (the last bucket: 6 or more), built as
 * alternating runs starting with a 0-run: both bits need the same number of runs. Runs of 6+ take
 * whatever bits are left (6 to 20 each, so no long run). The block ends on a 1-run of length `last`
 * (1-5), which rngtest files under the other bit: keep that bucket away from the bound under test.
 */
function blockWithRuns(counts: number[][], last: number): Uint8Array {
  const lengths = counts.map((row) => row.flatMap((c, k) => Array<number>(c).fill(k + 1)))
  if (lengths[0]!.length !== lengths[1]!.length) throw new Error('both bits need as many runs')
  const fixed = lengths.flat().reduce((sum, l) => sum + (l < 6 ? l : 0), 0)
  const long = lengths.flat().filter((l) => l === 6).length
  let spare = 20_000 - fixed - 6 * long
  if (spare < 0 || spare > 14 * long) throw new Error(`runs cannot fill a block (${spare} bits over)`)
  // spread the spare bits over the runs of 6+, up to 20 each
  for (const row of lengths) {
    for (let i = 0; i < row.length; i++) {
      if (row[i] !== 6) continue
      const extra = Math.min(14, spare)
      row[i] = 6 + extra
      spare -= extra
    }
  }
  const zeros = shuffled(lengths[0]!)
  const ones = shuffled(lengths[1]!)
  // the final 1-run gets the chosen length
  const at = ones.indexOf(last)
  if (at < 0) throw new Error(`no 1-run of length ${last}`)
  ;[ones[at], ones[ones.length - 1]] = [ones[ones.length - 1]!, ones[at]!]
  const bits: number[] = []
  for (let r = 0; r < zeros.length; r++) {
    for (let i = 0; i < zeros[r]!; i++) bits.push(0)
    for (let i = 0; i < ones[r]!; i++) bits.push(1)
  }
  return fromBits((i) => bits[i]!)
}

/** Run counts with one bucket at `value`, the other buckets of that bit moved the other way to keep both bits' run totals equal, all within bounds. */
function runCountsWith(bit: number, bucket: number, value: number): number[][] {
  const base = [2500, 1250, 625, 312, 156, 156]
  const counts = [[...base], [...base]]
  counts[bit]![bucket] = value
  let owed = value - base[bucket]!
  for (let k = 0; k < 6 && owed !== 0; k++) {
    if (k === bucket) continue
    const room = owed > 0 ? counts[bit]![k]! - (RUN_MIN[k]! + 5) : RUN_MAX[k]! - 5 - counts[bit]![k]!
    const move = Math.sign(owed) * Math.min(Math.abs(owed), room)
    counts[bit]![k]! -= move
    owed -= move
  }
  if (owed !== 0) throw new Error('cannot balance the run counts')
  return counts
}

/**
 * Blocks on both sides of every FIPS bound, so that a threshold off by one cannot go unseen: exact
 * counts of ones, exact poker statistics, a long run of 25, 26 and 27, and exact run counts of every
 * length of both bits at each bound.
 */
function blocksAtTheBounds(): Uint8Array[] {
  const blocks: Uint8Array[] = []
  // monobit passes for 9,725 < ones < 10,275
  for (const ones of [9700, 9724, 9725, 9726, 9750, 10250, 10274, 10275, 10276, 10300]) {
    const bits = shuffled(Array.from({ length: 20_000 }, (_, i) => (i < ones ? 1 : 0)))
    blocks.push(fromBits((i) => bits[i]!))
  }
  // poker passes for 2.16 < X < 46.17, X = 16/5000 · Σn² − 5000: Σn² from 1,563,176 to 1,576,928
  for (const squares of [1_562_600, 1_563_174, 1_563_176, 1_570_000, 1_576_928, 1_576_930, 1_577_500]) {
    const counts = nibbleCounts(squares)
    const nibbles = shuffled(counts.flatMap((c, v) => Array<number>(c).fill(v)))
    blocks.push(fromBits((i) => (nibbles[i >> 2]! >> (3 - (i & 3))) & 1))
  }
  // a run of 25, 26 or 27 ones in random bits, bounded by zeros: the long run test fails from 26
  for (const length of [25, 26, 27]) {
    const raw = randomBytes(20_000)
    const at = 5000 + length
    blocks.push(fromBits((i) => (i >= at && i < at + length ? 1 : i === at - 1 || i === at + length ? 0 : raw[i]! & 1)))
  }
  // runs: every bucket of both bits at each bound and one past it
  for (const bit of [0, 1]) {
    for (let bucket = 0; bucket < 6; bucket++) {
      for (const value of [RUN_MIN[bucket]! - 1, RUN_MIN[bucket]!, RUN_MAX[bucket]!, RUN_MAX[bucket]! + 1]) {
        const counts = runCountsWith(bit, bucket, value)
        const block = blockWithRuns(counts, bucket === 0 ? 3 : 1)
        assert.deepEqual(runCounts(block).standard, counts, 'the block has the run counts it was built with')
        blocks.push(block)
      }
    }
  }
  return blocks
}

test('FIPS 140-2 verdicts agree with rngtest on blocks at every bound, passing and failing', () => {
  const seen = { monobit: new Set<boolean>(), poker: new Set<boolean>(), runs: new Set<boolean>(), longRun: new Set<boolean>() }
  let runsCompared = 0
  const blocks = blocksAtTheBounds()
  blocks.forEach((block, k) => {
    const { ours, runsHeld } = againstRngtest(block, `bounds-${k}`)
    if (runsHeld) runsCompared++
    for (const key of ['monobit', 'poker', 'runs', 'longRun'] as const) seen[key].add(ours[key])
  })
  for (const [test, outcomes] of Object.entries(seen)) assert.equal(outcomes.size, 2, `${test}: the blocks must both pass and fail it`)
  assert.ok(runsCompared >= blocks.length - 1, `runs verdicts equal to rngtest's on ${runsCompared} of ${blocks.length} blocks`)
})
