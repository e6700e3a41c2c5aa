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

// Per byte value, precomputed: ones, the length of the leading and trailing runs, and the complete
// runs strictly inside the byte (counted by bit and length), so a block is scanned a byte at a time.
const ONES = new Uint8Array(256)
const LEAD = new Uint8Array(256)
const TRAIL = new Uint8Array(256)
const INSIDE = new Uint8Array(256 * 12)
const HAS_INSIDE = new Uint8Array(256)
for (let v = 0; v < 256; v++) {
  const bit = (i: number): number => (v >> (7 - i)) & 1
  let ones = 0
  for (let i = 0; i < 8; i++) ones += bit(i)
  ONES[v] = ones
  let lead = 1
  while (lead < 8 && bit(lead) === bit(0)) lead++
  LEAD[v] = lead
  let trail = 1
  while (trail < 8 && bit(7 - trail) === bit(7)) trail++
  TRAIL[v] = lead === 8 ? 8 : trail
  if (lead === 8) continue
  let i = lead
  while (i < 8 - trail) {
    let len = 1
    while (i + len < 8 - trail && bit(i + len) === bit(i)) len++
    INSIDE[v * 12 + bit(i) * 6 + Math.min(len, 6) - 1]!++
    HAS_INSIDE[v] = 1
    i += len
  }
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
    const v = bytes[start + i]!
    poker[v >> 4]!++
    poker[v & 15]!++
    ones += ONES[v]!
    const first = v >> 7
    const lead = LEAD[v]!
    if (lead === 8) {
      if (first === current) length += 8
      else {
        runs[current * 6 + (length < 6 ? length : 6) - 1]!++
        if (length > longest) longest = length
        current = first
        length = 8
      }
      continue
    }
    // the leading run either extends the open run or follows it; either way it ends in this byte
    if (first === current) length += lead
    else {
      runs[current * 6 + (length < 6 ? length : 6) - 1]!++
      if (length > longest) longest = length
      length = lead
    }
    runs[first * 6 + (length < 6 ? length : 6) - 1]!++
    if (length > longest) longest = length
    if (HAS_INSIDE[v]) {
      const base = v * 12
      for (let k = 0; k < 12; k++) runs[k]! += INSIDE[base + k]!
    }
    current = v & 1
    length = TRAIL[v]!
  }
  if (length > 0) {
    runs[current * 6 + (length < 6 ? length : 6) - 1]!++
    if (length > longest) longest = length
  }
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

export interface ColumnFips {
  /** Bit positions tested (each over its own 20,000-token column); 0 when the sample is smaller. */
  positions: number
  failed: number[]
  pValue: number | null
  pass: boolean | null
}

/**
 * FIPS 140-2 per bit position, as token sequencers do it: bit j of tokens 0…19,999 forms one 20,000-bit
 * block. A position that is random within each token but drifts or repeats across tokens fails here
 * while the concatenated stream passes.
 */
export function fipsPerPosition(bits: Uint8Array, offsets: Uint32Array, counts: Uint32Array, positions: Int32Array, alpha: number): ColumnFips {
  if (counts.length < FIPS_BLOCK_BITS || positions.length === 0) return { positions: 0, failed: [], pValue: null, pass: null }
  const cols = new Uint8Array(positions.length * BLOCK_BYTES)
  for (let k = 0; k < positions.length; k++) {
    const j = positions[k]!
    const base = k * BLOCK_BYTES
    for (let byte = 0; byte < BLOCK_BYTES; byte++) {
      let acc = 0
      for (let b = 0; b < 8; b++) {
        const t = byte * 8 + b
        acc = (acc << 1) | (j < counts[t]! ? bits[offsets[t]! + j]! : 0)
      }
      cols[base + byte] = acc
    }
  }
  const failed: number[] = []
  for (let k = 0; k < positions.length; k++) {
    const r = fipsBlock(cols, k * BLOCK_BYTES)
    if (!(r.monobit && r.poker && r.runs && r.longRun)) failed.push(positions[k]!)
  }
  const pValue = binomialUpper(failed.length, positions.length, RANDOM_FAILURE_RATE)
  return { positions: positions.length, failed, pValue, pass: pValue >= alpha }
}
