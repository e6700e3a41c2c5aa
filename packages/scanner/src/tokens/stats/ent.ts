// The byte-level measures of Fourmilab's `ent` (entropy, chi-square, mean, serial correlation),
// computed the same way so the test suite can hold them against `ent` itself, plus deflate's
// compression ratio and the correlation between successive tokens.

import { deflateRawSync } from 'node:zlib'
import type { Decoded } from '../decode/index.js'
import { maskIndices } from './positions.js'
import { chiSquareUpper, normalTwoSided } from './special.js'

export interface ByteStats {
  bytes: number
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
  let sum = 0
  let sumSq = 0
  let cross = 0
  for (let i = 0; i < n; i++) {
    const u = bytes[i]!
    counts[u]!++
    sum += u
    sumSq += u * u
    if (i > 0) cross += bytes[i - 1]! * u
  }
  if (n > 0) cross += bytes[n - 1]! * bytes[0]!
  let entropy = 0
  let chi = 0
  const expected = n / 256
  for (let v = 0; v < 256; v++) {
    const c = counts[v]!
    if (c > 0) entropy -= (c / n) * Math.log2(c / n)
    if (expected > 0) chi += ((c - expected) * (c - expected)) / expected
  }
  const denom = n * sumSq - sum * sum
  const scc = denom === 0 ? 1 : (n * cross - sum * sum) / denom
  return {
    bytes: n,
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
  const lead = new Float64Array(d.bitCounts.length)
  for (let t = 0; t < d.bitCounts.length; t++) {
    const off = d.bitOffsets[t]!
    const n = d.bitCounts[t]!
    let v = 0
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!
      if (j >= n) break
      v = v * 2 + d.bits[off + j]!
    }
    lead[t] = v
  }
  const pairs = lead.length - 1
  if (pairs < 3) return { r: 0, pValue: 1, pairs: Math.max(pairs, 0) }
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0
  for (let i = 0; i < pairs; i++) {
    const x = lead[i]!
    const y = lead[i + 1]!
    sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
  }
  const cov = sxy - (sx * sy) / pairs
  const vx = sxx - (sx * sx) / pairs
  const vy = syy - (sy * sy) / pairs
  const r = vx <= 0 || vy <= 0 ? 1 : cov / Math.sqrt(vx * vy)
  return { r, pValue: normalTwoSided(r * Math.sqrt(pairs)), pairs }
}
