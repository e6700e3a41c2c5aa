// FIPS 140-2 (change notice 1, 2001) statistical tests, run like rngtest does: consecutive blocks of
// 20,000 bits, each block passing or failing monobit, poker, runs and long run on its own.

import { binomialUpper } from './special.js'

export const FIPS_BLOCK_BITS = 20_000
const BLOCK_BYTES = FIPS_BLOCK_BITS / 8
const RUN_MIN = [2315, 1114, 527, 240, 103, 103]
const RUN_MAX = [2685, 1386, 723, 384, 209, 209]
/** Per-block failure rate of a perfect source, rounded up: failures beyond this rate are evidence. */
const RANDOM_FAILURE_RATE = 0.0015

export interface FipsSubtest {
  failures: number
  pass: boolean
}

export interface FipsResult {
  blocks: number
  /** Blocks that failed at least one test. */
  failedBlocks: number
  monobit: FipsSubtest
  poker: FipsSubtest
  runs: FipsSubtest
  longRun: FipsSubtest
  /** Chance that a perfect source fails this many blocks or more (binomial tail). */
  pValue: number | null
  /** null when there is not one full block of bits. */
  pass: boolean | null
}

export interface BlockOutcome {
  monobit: boolean
  poker: boolean
  runs: boolean
  longRun: boolean
}

export function fipsBlock(bytes: Uint8Array, start: number): BlockOutcome {
  let ones = 0
  const poker = new Int32Array(16)
  // runs[bit * 6 + min(length, 6) - 1]
  const runs = new Int32Array(12)
  let longest = 0
  let current = (bytes[start]! >> 7) & 1
  let length = 0
  for (let i = 0; i < BLOCK_BYTES; i++) {
    const byte = bytes[start + i]!
    poker[byte >> 4]!++
    poker[byte & 15]!++
    for (let b = 7; b >= 0; b--) {
      const bit = (byte >> b) & 1
      ones += bit
      if (bit === current) length++
      else {
        runs[current * 6 + (length < 6 ? length : 6) - 1]!++
        if (length > longest) longest = length
        current = bit
        length = 1
      }
    }
  }
  runs[current * 6 + (length < 6 ? length : 6) - 1]!++
  if (length > longest) longest = length
  let sumSq = 0
  for (let i = 0; i < 16; i++) sumSq += poker[i]! * poker[i]!
  const x = (16 / 5000) * sumSq - 5000
  let runsOk = true
  for (let i = 0; i < 6; i++) {
    if (runs[i]! < RUN_MIN[i]! || runs[i]! > RUN_MAX[i]!) runsOk = false
    if (runs[6 + i]! < RUN_MIN[i]! || runs[6 + i]! > RUN_MAX[i]!) runsOk = false
  }
  return { monobit: ones > 9725 && ones < 10275, poker: x > 2.16 && x < 46.17, runs: runsOk, longRun: longest < 26 }
}

export function fips140(bytes: Uint8Array, alpha: number): FipsResult {
  const blocks = Math.floor(bytes.length / BLOCK_BYTES)
  const fail = { monobit: 0, poker: 0, runs: 0, longRun: 0 }
  let failedBlocks = 0
  for (let k = 0; k < blocks; k++) {
    const r = fipsBlock(bytes, k * BLOCK_BYTES)
    if (!r.monobit) fail.monobit++
    if (!r.poker) fail.poker++
    if (!r.runs) fail.runs++
    if (!r.longRun) fail.longRun++
    if (!(r.monobit && r.poker && r.runs && r.longRun)) failedBlocks++
  }
  const judge = (failures: number): FipsSubtest => ({
    failures,
    pass: blocks > 0 && binomialUpper(failures, blocks, RANDOM_FAILURE_RATE) >= alpha,
  })
  const pValue = blocks > 0 ? binomialUpper(failedBlocks, blocks, RANDOM_FAILURE_RATE) : null
  return {
    blocks,
    failedBlocks,
    monobit: judge(fail.monobit),
    poker: judge(fail.poker),
    runs: judge(fail.runs),
    longRun: judge(fail.longRun),
    pValue,
    pass: pValue === null ? null : pValue >= alpha,
  }
}
