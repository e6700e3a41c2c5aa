import { codeTable, fromBigInt, toBigInt, type Encoding } from '../decode/index.js'
import type { Detection, PredictionSpec } from '../types.js'
import { abs, gcd, log2Big, median, type DetectContext } from './context.js'

/**
 * Monotonic counters in any encoding and with any step: successive ids mostly go one way and move by
 * little compared with the space the encoding allows. Concurrent collection reorders a few, which is
 * why the test is a majority, not every step.
 */
export function detectCounter(ctx: DetectContext): Detection | undefined {
  const { d } = ctx
  const src = d.numeric
  if (src.values.length < 3) return undefined
  // cheap look at the first ids before converting the whole sample
  const head = src.values.slice(0, 64).map((s) => toBigInt(s, d.encoding, d.table))
  let headUp = 0
  for (let i = 1; i < head.length; i++) if (head[i]! > head[i - 1]!) headUp++
  const headShare = Math.max(headUp, head.length - 1 - headUp) / Math.max(1, head.length - 1)
  if (head.length > 20 && headShare < 0.6) return undefined
  // the direction test over the whole sample compares digits, so random ids that pass the look at the
  // first ids by chance are not all turned into big numbers only to be dropped here
  const order = directionShare(src.values, d.encoding)
  if (order !== undefined && order < 0.7) return undefined
  const values = src.values.map((s) => toBigInt(s, d.encoding, d.table))
  const n = values.length
  const diffs: bigint[] = []
  let up = 0
  let down = 0
  for (let i = 1; i < n; i++) {
    const diff = values[i]! - values[i - 1]!
    diffs.push(diff)
    if (diff > 0n) up++
    else if (diff < 0n) down++
  }
  const direction = up >= down ? 1n : -1n
  const share = Math.max(up, down) / (n - 1)
  if (share < 0.7) return undefined
  let maxLen = 0
  for (const s of src.values) if (s.length > maxLen) maxLen = s.length
  const space = BigInt(d.encoding.alphabet.length) ** BigInt(maxLen)
  const typical = median(diffs.map(abs))
  if (typical === 0n) return undefined

  const sorted = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let step = 0n
  const gaps: bigint[] = []
  for (let i = 1; i < sorted.length; i++) {
    const g = sorted[i]! - sorted[i - 1]!
    gaps.push(g)
    step = gcd(step, g)
  }
  if (step === 0n) step = 1n
  const gap = median(gaps)
  const gapSteps = gap / step
  // Sorted random ids also go one way; a counter is told apart by moving in a few steps at a time,
  // or by the whole sample covering a vanishing part of the space the encoding allows.
  const fewSteps = gapSteps <= 65_536n
  const narrow = typical * BigInt(n) * 65_536n <= space
  if (!fewSteps && !narrow) return undefined
  const last = direction > 0n ? sorted[sorted.length - 1]! : sorted[0]!
  const spec: PredictionSpec = {
    kind: 'counter',
    last: last.toString(),
    step: (step * direction).toString(),
    typicalGap: gapSteps.toString(),
    encoding: d.encoding.name,
    alphabet: d.encoding.alphabet,
    prefix: src.prefix,
    suffix: src.suffix,
  }
  if (src.width !== undefined) spec.width = src.width
  const bits = gapSteps <= 1n ? 0 : log2Big(gapSteps * 2n)
  const word = direction > 0n ? 'increase' : 'decrease'
  // each id by its distance from the first, never by its value (in any base): the differences are the
  // proof, and a value printed would be a sampled id given back
  const show = (i: number): string =>
    `token ${i} = token 0 ${values[i]! >= values[0]! ? '+' : '−'} ${abs(values[i]! - values[0]!).toString()}`
  const evidence = [
    `ids ${word} in ${Math.max(up, down)} of ${n - 1} successive pairs; every difference is a multiple of ${step.toString()} (median gap ${gap.toString()})`,
    show(1),
    show(n - 1),
  ]
  return {
    id: 'counter',
    fired: true,
    // a huge typical gap (time-derived digits, other traffic) makes listing next values pointless
    predictive: gapSteps <= 65_536n,
    summary: `monotonic counter (${d.encoding.name}, step ${(step * direction).toString()})`,
    evidence,
    bits,
    spec,
  }
}

/**
 * The share of successive pairs that go the majority's way, as the detector counts it on the numbers,
 * worked out by comparing digits. Undefined when a value has a character outside the ASCII alphabet
 * (then only the numbers themselves say).
 */
function directionShare(values: string[], enc: Encoding): number | undefined {
  const codes = codeTable(enc)
  let up = 0
  let down = 0
  for (let i = 1; i < values.length; i++) {
    const c = compareDigits(values[i]!, values[i - 1]!, codes)
    if (c === undefined) return undefined
    if (c > 0) up++
    else if (c < 0) down++
  }
  return Math.max(up, down) / Math.max(1, values.length - 1)
}

/** Sign of a − b as numbers written in the alphabet (leading zero digits ignored); undefined off the ASCII alphabet. */
export function compareDigits(a: string, b: string, codes: Int16Array): number | undefined {
  let i = 0
  let j = 0
  for (; i < a.length; i++) {
    const c = a.charCodeAt(i)
    if (c >= 128 || codes[c]! < 0) return undefined
    if (codes[c] !== 0) break
  }
  for (; j < b.length; j++) {
    const c = b.charCodeAt(j)
    if (c >= 128 || codes[c]! < 0) return undefined
    if (codes[c] !== 0) break
  }
  const la = a.length - i
  const lb = b.length - j
  let sign = la > lb ? 1 : la < lb ? -1 : 0
  for (let k = 0; k < la && k < lb; k++) {
    const x = a.charCodeAt(i + k)
    const y = b.charCodeAt(j + k)
    if (x >= 128 || y >= 128) return undefined
    const dx = codes[x]!
    const dy = codes[y]!
    if (dx < 0 || dy < 0) return undefined
    if (sign === 0 && dx !== dy) sign = dx > dy ? 1 : -1
  }
  // the longer number's remaining digits must be in the alphabet too, or the numbers say otherwise
  for (let k = lb; k < la; k++) if (a.charCodeAt(i + k) >= 128 || codes[a.charCodeAt(i + k)]! < 0) return undefined
  for (let k = la; k < lb; k++) if (b.charCodeAt(j + k) >= 128 || codes[b.charCodeAt(j + k)]! < 0) return undefined
  return sign
}

export function counterNext(spec: Extract<PredictionSpec, { kind: 'counter' }>, k: number): string {
  const v = BigInt(spec.last) + BigInt(spec.step) * BigInt(k)
  const enc = { name: spec.encoding, alphabet: spec.alphabet, bitsPerChar: 0, wholeBits: false }
  return spec.prefix + fromBigInt(v < 0n ? 0n : v, enc, spec.width ?? 0) + spec.suffix
}
