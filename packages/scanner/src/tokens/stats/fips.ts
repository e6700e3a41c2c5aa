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

// Per (last bit of the previous byte, byte value) = key: how far the byte's leading run extends the
// run left open by the previous byte (its lead when the first bit continues it, else 0), and whether the
// byte is all one bit (the open run then may go on past it).
const EXTEND = new Uint8Array(512)
const UNIFORM = new Uint8Array(512)
for (let key = 0; key < 512; key++) {
  const v = key & 255
  const continues = v >> 7 === key >> 8
  EXTEND[key] = continues ? LEAD[v]! : 0
  UNIFORM[key] = LEAD[v] === 8 ? 1 : 0
}

// Reused by every block: fipsBlock is synchronous and not re-entrant.
const HIST = new Int32Array(512)
const RUNS = new Int32Array(12)

/**
 * One 20,000-bit block from `start`. The sequential part is only the run left open across each byte
 * boundary: every byte closes it (at its length plus the byte's leading run when that continues it)
 * unless the byte is all one bit. Everything else — ones, poker nibbles, runs wholly inside a byte, a
 * leading run that starts a new run — follows from a histogram of (previous bit, byte) pairs, so the
 * loop over the bytes has no branch that depends on random data.
 */
export function fipsBlock(bytes: Uint8Array, start: number): BlockOutcome {
  const hist = HIST
  hist.fill(0)
  // runs[bit * 6 + min(length, 6) - 1]
  const runs = RUNS
  runs.fill(0)
  let longest = 0
  let prev = (bytes[start]! >> 7) & 1
  let length = 0
  const end = start + BLOCK_BYTES
  for (let i = start; i < end; i++) {
    const v = bytes[i]!
    const key = (prev << 8) | v
    hist[key]!++
    if (UNIFORM[key]) {
      if (v >> 7 === prev) length += 8
      else {
        runs[prev * 6 + (length < 6 ? length : 6) - 1]!++
        if (length > longest) longest = length
        length = 8
      }
    } else {
      const closed = length + EXTEND[key]!
      runs[prev * 6 + (closed < 6 ? closed : 6) - 1]!++
      if (closed > longest) longest = closed
      length = TRAIL[v]!
    }
    prev = v & 1
  }
  runs[prev * 6 + (length < 6 ? length : 6) - 1]!++
  if (length > longest) longest = length
  let ones = 0
  const poker = new Int32Array(16)
  for (let key = 0; key < 512; key++) {
    const k = hist[key]!
    if (k === 0) continue
    const v = key & 255
    ones += k * ONES[v]!
    poker[v >> 4]! += k
    poker[v & 15]! += k
    if (UNIFORM[key]) continue
    // a leading run that does not continue the open run starts and ends in this byte
    if (EXTEND[key] === 0) {
      const lead = LEAD[v]!
      runs[(v >> 7) * 6 + (lead < 6 ? lead : 6) - 1]! += k
    }
    if (HAS_INSIDE[v]) {
      const base = v * 12
      for (let r = 0; r < 12; r++) runs[r]! += k * INSIDE[base + r]!
    }
  }
  // no run inside a byte is longer than 7, so the longest run is settled by the runs across boundaries
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
 * Transposes an 8×8 bit matrix held as two 32-bit words (rows 0–3 in `hi`, 4–7 in `lo`, row 0 in the
 * top byte, column 0 as each byte's top bit): afterwards row k holds what column k held.
 */
function transpose8(hi: number, lo: number, out: Uint8Array): void {
  let x = hi
  let y = lo
  let t = (x ^ (x >>> 7)) & 0x00aa00aa
  x = x ^ t ^ (t << 7)
  t = (y ^ (y >>> 7)) & 0x00aa00aa
  y = y ^ t ^ (t << 7)
  t = (x ^ (x >>> 14)) & 0x0000cccc
  x = x ^ t ^ (t << 14)
  t = (y ^ (y >>> 14)) & 0x0000cccc
  y = y ^ t ^ (t << 14)
  t = (x & 0xf0f0f0f0) | ((y >>> 4) & 0x0f0f0f0f)
  y = ((x << 4) & 0xf0f0f0f0) | (y & 0x0f0f0f0f)
  x = t
  out[0] = x >>> 24
  out[1] = (x >>> 16) & 0xff
  out[2] = (x >>> 8) & 0xff
  out[3] = x & 0xff
  out[4] = y >>> 24
  out[5] = (y >>> 16) & 0xff
  out[6] = (y >>> 8) & 0xff
  out[7] = y & 0xff
}

/**
 * FIPS 140-2 per bit position, as token sequencers do it: bit j of tokens 0…19,999 forms one 20,000-bit
 * block. A position that is random within each token but drifts or repeats across tokens fails here
 * while the concatenated stream passes. Tokens shorter than j + 1 bits contribute a 0.
 *
 * The columns are cut from the packed rows eight tokens by eight positions at a time: the byte each
 * of eight successive tokens has at one byte column, transposed, is one byte of eight position columns.
 */
export function fipsPerPosition(
  packed: Uint8Array,
  byteOffsets: Uint32Array,
  counts: Uint32Array,
  positions: Int32Array,
  alpha: number,
): ColumnFips {
  if (counts.length < FIPS_BLOCK_BITS || positions.length === 0) return { positions: 0, failed: [], pValue: null, pass: null }
  let maxPos = 0
  for (let k = 0; k < positions.length; k++) if (positions[k]! > maxPos) maxPos = positions[k]!
  // column index of each bit position, −1 when it is not tested
  const slot = new Int32Array(maxPos + 1).fill(-1)
  for (let k = 0; k < positions.length; k++) slot[positions[k]!] = k
  const cols = new Uint8Array(positions.length * BLOCK_BYTES)
  const rowBytes = new Uint32Array(FIPS_BLOCK_BITS)
  // the usual sample: every token the same length, rows back to back
  const stride = (counts[0]! + 7) >>> 3
  let uniform = true
  for (let t = 0; t < FIPS_BLOCK_BITS; t++) {
    rowBytes[t] = (counts[t]! + 7) >>> 3
    if (rowBytes[t] !== stride || byteOffsets[t] !== t * stride) uniform = false
  }
  const square = new Uint8Array(8)
  const byteColumns = (maxPos >>> 3) + 1
  for (let c = 0; c < byteColumns; c++) {
    let wanted = false
    for (let b = 0; b < 8; b++) if (c * 8 + b <= maxPos && slot[c * 8 + b]! >= 0) wanted = true
    if (!wanted) continue
    for (let g = 0; g < BLOCK_BYTES; g++) {
      const t0 = g * 8
      let hi: number
      let lo: number
      if (uniform) {
        const p = t0 * stride + c
        hi = (packed[p]! << 24) | (packed[p + stride]! << 16) | (packed[p + 2 * stride]! << 8) | packed[p + 3 * stride]!
        const q = p + 4 * stride
        lo = (packed[q]! << 24) | (packed[q + stride]! << 16) | (packed[q + 2 * stride]! << 8) | packed[q + 3 * stride]!
      } else {
        hi = 0
        lo = 0
        for (let i = 0; i < 4; i++) {
          const t = t0 + i
          hi = (hi << 8) | (c < rowBytes[t]! ? packed[byteOffsets[t]! + c]! : 0)
          const u = t0 + 4 + i
          lo = (lo << 8) | (c < rowBytes[u]! ? packed[byteOffsets[u]! + c]! : 0)
        }
      }
      transpose8(hi, lo, square)
      for (let b = 0; b < 8; b++) {
        const j = c * 8 + b
        if (j > maxPos) break
        const k = slot[j]!
        if (k >= 0) cols[k * BLOCK_BYTES + g] = square[b]!
      }
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
