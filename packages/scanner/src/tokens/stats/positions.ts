import type { Decoded } from '../decode/index.js'
import { binaryEntropy, chiSquareUpper, normalTwoSided } from './special.js'

export interface PositionStat {
  /** 0-based character position in the varying part. */
  index: number
  /** How many tokens have a character at this position. */
  present: number
  distinct: number
  /** The characters seen here, sorted (or "full alphabet"). */
  charset: string
  /** Shannon entropy in bits, Miller–Madow corrected, capped at the alphabet's bits per character. */
  entropy: number
  /** Chi-square p-value against a uniform choice over the alphabet. */
  pValue: number
  uniform: boolean
  /**
   * What the position is worth: the alphabet's full bits when uniform over it, log2 of its character
   * set when uniform over that set (the last character of unpadded base64, a UUID's variant digit),
   * else the measured entropy.
   */
  bits: number
  /** Uneven over its own character set: a bias, not just a restricted position. */
  skewed: boolean
}

/**
 * Per character position: which characters appear, how evenly, and how many bits that position is
 * worth. The uniformity test is Bonferroni-corrected over positions so that a random token is not
 * marked down by chance in one position out of forty.
 */
export function characterPositions(d: Decoded, alpha: number): PositionStat[] {
  let maxLen = 0
  for (const v of d.varying) if (v.length > maxLen) maxLen = v.length
  const b = d.encoding.alphabet.length
  const cap = d.encoding.bitsPerChar
  const perPos = alpha / Math.max(1, maxLen)
  const stats: PositionStat[] = []
  // one pass over the sample: counts per (position, ASCII code); other characters in maps
  const counts = new Int32Array(maxLen * 128)
  const presentAt = new Int32Array(maxLen)
  const others: Array<Map<string, number> | undefined> = []
  // numbers of different lengths line up by their last digit, like the values they are
  const rightAlign = d.encoding.name === 'decimal'
  if (d.asciiBytes) {
    // the same counts from the joined bytes: no string read a character at a time
    const bytes = d.asciiBytes
    const endingAt = new Int32Array(maxLen + 1)
    let start = 0
    for (const raw of d.varying) {
      const len = raw.length
      const shift = rightAlign ? maxLen - len : 0
      for (let p = 0; p < shift; p++) counts[p * 128 + 48]!++ // the '0' a shorter number is padded with
      for (let p = 0, at = shift * 128; p < len; p++, at += 128) counts[at + bytes[start + p]!]!++
      endingAt[shift + len]!++
      start += len
    }
    // a token is present at every position before the one it ends at (padded numbers: at all of them)
    let open = 0
    for (let p = maxLen - 1; p >= 0; p--) {
      open += endingAt[p + 1]!
      presentAt[p] = open
    }
  } else {
    for (const raw of d.varying) {
      const v = rightAlign ? raw.padStart(maxLen, '0') : raw
      const len = v.length
      for (let p = 0; p < len; p++) {
        presentAt[p]!++
        const code = v.charCodeAt(p)
        if (code < 128) counts[p * 128 + code]!++
        else {
          const m = (others[p] ??= new Map())
          m.set(v[p]!, (m.get(v[p]!) ?? 0) + 1)
        }
      }
    }
  }
  for (let p = 0; p < maxLen; p++) {
    const present = presentAt[p]!
    const other = others[p] ?? new Map<string, number>()
    const freq: Array<[string, number]> = []
    for (let c = 0; c < 128; c++) if (counts[p * 128 + c]! > 0) freq.push([String.fromCharCode(c), counts[p * 128 + c]!])
    for (const [ch, n] of other) freq.push([ch, n])
    let h = 0
    for (const [, n] of freq) {
      const q = n / present
      h -= q * Math.log2(q)
    }
    const distinct = freq.length
    if (distinct > 1) h += (distinct - 1) / (2 * present * Math.LN2)
    const entropy = distinct <= 1 ? 0 : Math.min(cap, h)
    let pValue = 1
    if (b > 1 && present > 0) {
      const e = present / b
      let chi = (b - distinct) * e
      for (const [, n] of freq) chi += ((n - e) * (n - e)) / e
      pValue = chiSquareUpper(chi, b - 1)
    }
    const charset =
      distinct === b && b > 1
        ? 'full alphabet'
        : freq
            .map(([c]) => c)
            .sort()
            .join('')
    const uniform = distinct > 1 && pValue >= perPos
    let bits = uniform ? cap : entropy
    let skewed = distinct > 1 && !uniform
    if (skewed && distinct < b) {
      const e = present / distinct
      let chi = 0
      for (const [, n] of freq) chi += ((n - e) * (n - e)) / e
      if (chiSquareUpper(chi, distinct - 1) >= perPos) {
        bits = Math.min(cap, Math.log2(distinct))
        skewed = false
      }
    }
    // the leading digits of a number below a bound (2^64, 2^128) are uneven by nature, not by bias
    if (rightAlign && p < 2) skewed = false
    stats.push({ index: p, present, distinct, charset, entropy, pValue, uniform, bits, skewed })
  }
  return stats
}

export interface BitPositions {
  /** Number of bit positions seen (the longest token's bit count). */
  positions: number
  /** Positions whose bit never changes across the sample: fixed, carry nothing. */
  constant: number[]
  /** Positions whose ones-ratio is off 1/2 beyond chance (Bonferroni-corrected). */
  biased: number[]
  /** Σ over varying positions of 1 (unbiased) or the Bernoulli entropy of its ones-ratio (biased). */
  bits: number
  /** Mask: 1 where the position varies (these bits make the statistics stream). */
  varyingMask: Uint8Array
}

export function bitPositions(d: Decoded, alpha: number): BitPositions {
  const maxBits = d.maxBits
  const rowBytes = (maxBits + 7) >>> 3
  // tokens having bit j = tokens at least j+1 bits long, from a histogram of lengths
  const byLength = new Int32Array(maxBits + 1)
  for (const c of d.bitCounts) byLength[c]!++
  const present = new Int32Array(maxBits)
  let longer = 0
  for (let j = maxBits - 1; j >= 0; j--) {
    longer += byLength[j + 1]!
    present[j] = longer
  }
  // ones per position from a histogram of byte values per byte column: one increment per byte
  // instead of eight (bits past a token's end are zero-padded, so they add no ones)
  const hist = new Int32Array(rowBytes * 256)
  const { packed, byteOffsets, bitCounts } = d
  for (let t = 0; t < bitCounts.length; t++) {
    const off = byteOffsets[t]!
    const len = (bitCounts[t]! + 7) >>> 3
    for (let c = 0; c < len; c++) hist[(c << 8) | packed[off + c]!]!++
  }
  const ones = new Int32Array(maxBits)
  for (let c = 0; c < rowBytes; c++) {
    for (let v = 1; v < 256; v++) {
      const k = hist[(c << 8) | v]!
      if (k === 0) continue
      for (let b = 0; b < 8; b++) {
        const j = c * 8 + b
        if (j < maxBits && (v >> (7 - b)) & 1) ones[j]! += k
      }
    }
  }
  const constant: number[] = []
  const biased: number[] = []
  const varyingMask = new Uint8Array(maxBits)
  let sum = 0
  let varyingCount = 0
  for (let j = 0; j < maxBits; j++) if (!(ones[j] === 0 || ones[j] === present[j])) varyingCount++
  const perPos = alpha / Math.max(1, varyingCount)
  for (let j = 0; j < maxBits; j++) {
    const n = present[j]!
    const k = ones[j]!
    if (n < 2 || k === 0 || k === n) {
      constant.push(j)
      continue
    }
    varyingMask[j] = 1
    const z = (k - n / 2) / Math.sqrt(n / 4)
    if (normalTwoSided(z) < perPos) {
      biased.push(j)
      sum += binaryEntropy(k / n)
    } else sum += 1
  }
  return { positions: maxBits, constant, biased, bits: sum, varyingMask }
}

/** Indices of the mask's set positions. */
export function maskIndices(mask: Uint8Array): Int32Array {
  let n = 0
  for (let j = 0; j < mask.length; j++) n += mask[j]!
  const out = new Int32Array(n)
  let k = 0
  for (let j = 0; j < mask.length; j++) if (mask[j]) out[k++] = j
  return out
}

/** The mask's set positions as runs [start, end), so contiguous bits are copied together. */
function maskRuns(mask: Uint8Array): Int32Array {
  const runs: number[] = []
  for (let j = 0; j < mask.length; j++) {
    if (!mask[j]) continue
    const start = j
    while (j < mask.length && mask[j]) j++
    runs.push(start, j)
  }
  return Int32Array.from(runs)
}

/**
 * `count` (≤ 16) bits of a packed row starting at bit `bit`, as a number. Reads a 24-bit window;
 * bytes past the end of the buffer read as zero.
 */
function readBits(packed: Uint8Array, rowOffset: number, bit: number, count: number): number {
  const at = rowOffset + (bit >>> 3)
  const window = ((packed[at] ?? 0) << 16) | ((packed[at + 1] ?? 0) << 8) | (packed[at + 2] ?? 0)
  return (window >>> (24 - (bit & 7) - count)) & ((1 << count) - 1)
}

/**
 * The bits the statistics run on: every token's varying positions, in sample order, packed MSB first.
 * Read-only: when the stream is the packed rows themselves it shares the decoded sample's memory.
 */
export function statStream(d: Decoded, mask: Uint8Array): { bytes: Uint8Array; bitLength: number } {
  const { packed, byteOffsets, bitCounts } = d
  const runs = maskRuns(mask)
  const full = runs.length === 2 && runs[0] === 0 && runs[1] === mask.length
  let total = 0
  let allFull = true
  for (let t = 0; t < bitCounts.length; t++) {
    const n = bitCounts[t]!
    if (n >= mask.length) {
      for (let r = 0; r < runs.length; r += 2) total += runs[r + 1]! - runs[r]!
    } else {
      allFull = false
      for (let r = 0; r < runs.length && runs[r]! < n; r += 2) total += Math.min(runs[r + 1]!, n) - runs[r]!
    }
  }
  const length = total >> 3
  // every bit of every token, each a whole number of bytes: the packed rows are the stream already
  if (full && allFull && mask.length % 8 === 0) return { bytes: packed.subarray(0, length), bitLength: length * 8 }
  const bytes = new Uint8Array(length)
  // every run starts and ends on a byte boundary and every token holds all of them (a base64 id whose
  // last bits are always zero padding): whole bytes are copied
  let byteRuns = allFull
  for (let r = 0; r < runs.length; r++) if (runs[r]! % 8 !== 0) byteRuns = false
  if (byteRuns) {
    let out = 0
    for (let t = 0; t < bitCounts.length; t++) {
      const off = byteOffsets[t]!
      for (let r = 0; r < runs.length; r += 2) {
        const end = off + (runs[r + 1]! >>> 3)
        for (let i = off + (runs[r]! >>> 3); i < end; i++) bytes[out++] = packed[i]!
      }
    }
    return { bytes, bitLength: length * 8 }
  }
  let acc = 0
  let filled = 0
  let out = 0
  for (let t = 0; t < bitCounts.length && out < length; t++) {
    const off = byteOffsets[t]!
    const n = bitCounts[t]!
    for (let r = 0; r < runs.length; r += 2) {
      const start = runs[r]!
      if (start >= n) break
      const end = Math.min(runs[r + 1]!, n)
      for (let j = start; j < end;) {
        const k = Math.min(16, end - j)
        acc = (acc << k) | readBits(packed, off, j, k)
        filled += k
        j += k
        while (filled >= 8) {
          filled -= 8
          if (out < length) bytes[out] = (acc >>> filled) & 0xff
          out++
        }
        acc &= (1 << filled) - 1
      }
    }
  }
  return { bytes, bitLength: length * 8 }
}
