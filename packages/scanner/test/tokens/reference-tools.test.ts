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

function runRngtest(bytes: Uint8Array, name: string): Record<string, number> {
  const file = join(dir, `${name}.rng`)
  // rngtest keeps the first 32 bits for its continuous-run test, then tests 20,000-bit blocks
  writeFileSync(file, Buffer.concat([Buffer.from([0x5a, 0xa5, 0x3c, 0xc3]), Buffer.from(bytes)]))
  const r = spawnSync('sh', ['-c', `rngtest < "${file}"`], { encoding: 'utf8' })
  const grab = (label: string): number => {
    const m = new RegExp(`${label}: (\\d+)`).exec(r.stderr)
    assert.ok(m, `${label} missing in rngtest output:\n${r.stderr}`)
    return Number(m[1])
  }
  return {
    successes: grab('FIPS 140-2 successes'),
    failures: grab('FIPS 140-2 failures'),
    monobit: grab('Monobit'),
    poker: grab('Poker'),
    runs: grab('Runs'),
    longRun: grab('Long run'),
  }
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
    assert.ok(Math.abs(testValue(a, 'entropy per byte') - ent.entropy) < 1e-5, `entropy ${testValue(a, 'entropy per byte')} vs ent ${ent.entropy}`)
    assert.ok(Math.abs(testValue(a, 'chi-square (bytes)') - ent.chi) <= Math.max(0.01, ent.chi * 1e-6), `chi ${testValue(a, 'chi-square (bytes)')} vs ent ${ent.chi}`)
    assert.ok(Math.abs(testValue(a, 'serial correlation (bytes)') - ent.scc) < 1e-5, `scc ${testValue(a, 'serial correlation (bytes)')} vs ent ${ent.scc}`)
    // ent prints the chi-square tail as a percentage clamped to 0.01 … 99.99
    const ours = Math.min(99.99, Math.max(0.01, testP(a, 'chi-square (bytes)') * 100))
    assert.ok(Math.abs(ours - ent.chiPercent) < 0.6, `chi-square tail ${ours}% vs ent ${ent.chiPercent}%`)
  })

  test(`FIPS 140-2 block counts and failures agree with rngtest on the same bits (${sample.name})`, () => {
    const tokens = sample.tokens()
    const a = analysed(tokens)
    const r = runRngtest(streamOf(tokens), sample.name.replace(/\W+/g, '-'))
    assert.equal(a.fips.blocks, r.successes! + r.failures!)
    assert.equal(a.fips.failedBlocks, r.failures)
    assert.equal(a.fips.monobit.failures, r.monobit)
    assert.equal(a.fips.poker.failures, r.poker)
    assert.equal(a.fips.runs.failures, r.runs)
    assert.equal(a.fips.longRun.failures, r.longRun)
  })
}

test('the biased source fails the battery that rngtest fails, the random one passes it', () => {
  const good = analysed(times(4000, () => randomToken(128, 'hex')))
  const bad = analysed(times(4000, () => biasedHex(16, 134)))
  assert.equal(good.fips.pass, true)
  assert.equal(bad.fips.pass, false)
  assert.equal(bad.tests.find((t) => t.name === 'FIPS 140-2 monobit')!.pass, false)
})
