// The byte-level measures of Fourmilab's `ent` (entropy, chi-square, mean, serial correlation),
// computed the same way so the test suite can hold them against `ent` itself, plus deflate's
// compression ratio and the correlation between successive tokens.

import { deflateRawSync } from 'node:zlib'
import type { Decoded } from '../decode/index.js'
import { maskIndices } from './positions.js'
import { chiSquareUpper, normalTwoSided } from './special.js'

export interface ByteStats {
  bytes: number
  /** One bits in all the bytes. */
  ones: number
  /** Bits of entropy per byte (8 = random). */
  entropy: number
  chiSquare: number
  /** P(chi-square ≥ observed) for 255 degrees of freedom; ent prints it as a percentage. */
  chiSquareP: number
  mean: number
  /** ent's serial correlation coefficient of successive bytes (cyclic). */
  serialCorrelation: number
  serialCorrelationP: number
}

export function byteStats(bytes: Uint8Array): ByteStats {
  const n = bytes.length
  const counts = new Float64Array(256)
  // the sum of products of neighbours in two interleaved halves, so the additions do not wait on each other
  let crossEven = 0
  let crossOdd = 0
  let i = 1
  for (; i + 1 < n; i += 2) {
    const a = bytes[i - 1]!
    const b = bytes[i]!
    const c = bytes[i + 1]!
    counts[a]!++
    counts[b]!++
    crossEven += a * b
    crossOdd += b * c
  }
  for (; i < n; i++) {
    counts[bytes[i - 1]!]!++
    crossEven += bytes[i - 1]! * bytes[i]!
  }
  if (n > 0) counts[bytes[n - 1]!]!++
  let cross = crossEven + crossOdd
  if (n > 0) cross += bytes[n - 1]! * bytes[0]!
  let sum = 0
  let sumSq = 0
  for (let v = 1; v < 256; v++) {
    sum += counts[v]! * v
    sumSq += counts[v]! * v * v
  }
  let entropy = 0
  let chi = 0
  let ones = 0
  const expected = n / 256
  for (let v = 0; v < 256; v++) {
    const c = counts[v]!
    ones += c * popcount(v)
    if (c > 0) entropy -= (c / n) * Math.log2(c / n)
    if (expected > 0) chi += ((c - expected) * (c - expected)) / expected
  }
  const denom = n * sumSq - sum * sum
  const scc = denom === 0 ? 1 : (n * cross - sum * sum) / denom
  return {
    bytes: n,
    ones,
    entropy,
    chiSquare: chi,
    chiSquareP: n > 0 ? chiSquareUpper(chi, 255) : 1,
    mean: n > 0 ? sum / n : 0,
    serialCorrelation: scc,
    serialCorrelationP: n > 2 ? normalTwoSided(scc * Math.sqrt(n)) : 1,
  }
}

/** Deflate (level 9) output size over input size: random data does not shrink (ratio ≥ ~1). */
export function compressionRatio(bytes: Uint8Array): { ratio: number; compressedBytes: number } {
  if (bytes.length === 0) return { ratio: 1, compressedBytes: 0 }
  const out = deflateRawSync(bytes, { level: 9 })
  return { ratio: out.length / bytes.length, compressedBytes: out.length }
}

/**
 * Pearson correlation between each token's leading 32 varying bits and the next token's: a generator
 * whose output depends on the previous one shows up here even when every token looks random alone.
 */
export function tokenSerialCorrelation(d: Decoded, mask: Uint8Array): { r: number; pValue: number; pairs: number } {
  const idx = maskIndices(mask).subarray(0, 32)
  const n = d.bitCounts.length
  const lead = new Float64Array(n)
  const { packed, byteOffsets, bitCounts } = d
  // the usual case: the leading varying bits are the first bits of the token, read as whole bytes
  const contiguous = idx.length > 0 && idx[idx.length - 1] === idx.length - 1
  const width = idx.length
  for (let t = 0; t < n; t++) {
    const off = byteOffsets[t]!
    const count = bitCounts[t]!
    if (contiguous && count >= width) {
      if (width === 32) {
        lead[t] = ((packed[off]! << 24) | (packed[off + 1]! << 16) | (packed[off + 2]! << 8) | packed[off + 3]!) >>> 0
        continue
      }
      let v = 0
      for (let j = 0; j < width; j += 8) {
        const k = width - j < 8 ? width - j : 8
        v = v * (1 << k) + (packed[off + (j >>> 3)]! >> (8 - k))
      }
      lead[t] = v
      continue
    }
    let v = 0
    for (let k = 0; k < width; k++) {
      const j = idx[k]!
      if (j >= count) break
      v = v * 2 + ((packed[off + (j >>> 3)]! >> (7 - (j & 7))) & 1)
    }
    lead[t] = v
  }
  const pairs = lead.length - 1
  if (pairs < 3) return { r: 0, pValue: 1, pairs: Math.max(pairs, 0) }
  let sx = 0,
    sy = 0,
    sxx = 0,
    syy = 0,
    sxy = 0
  for (let i = 0; i < pairs; i++) {
    const x = lead[i]!
    const y = lead[i + 1]!
    sx += x
    sy += y
    sxx += x * x
    syy += y * y
    sxy += x * y
  }
  const cov = sxy - (sx * sy) / pairs
  const vx = sxx - (sx * sx) / pairs
  const vy = syy - (sy * sy) / pairs
  const r = vx <= 0 || vy <= 0 ? 1 : cov / Math.sqrt(vx * vy)
  return { r, pValue: normalTwoSided(r * Math.sqrt(pairs)), pairs }
}

function popcount(b: number): number {
  b = b - ((b >> 1) & 0x55)
  b = (b & 0x33) + ((b >> 2) & 0x33)
  return (b + (b >> 4)) & 0x0f
}
