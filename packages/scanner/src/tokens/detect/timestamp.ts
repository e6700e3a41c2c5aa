import { fromBigInt, toBigInt } from '../decode/index.js'
import type { Detection, PredictionSpec, TimeUnit } from '../types.js'
import { abs, log2Big, median, nearScan, type DetectContext } from './context.js'

const UNITS: Array<[TimeUnit, bigint, string]> = [
  ['s', 1n, 'seconds'],
  ['ms', 1_000n, 'milliseconds'],
  ['us', 1_000_000n, 'microseconds'],
  ['ns', 1_000_000_000n, 'nanoseconds'],
]

interface Extraction {
  /** Leading characters read as the number; undefined = the whole value. */
  chars: number | undefined
}

function extractions(ctx: DetectContext, maxLen: number): Extraction[] {
  const bpc = ctx.d.encoding.bitsPerChar
  const out: Extraction[] = [{ chars: undefined }]
  for (let L = 4; L < maxLen; L++) {
    const bits = L * bpc
    if (bits >= 28 && bits <= 66) out.push({ chars: L })
  }
  return out
}

/**
 * Timestamps in s/ms/µs/ns near scan time, as the whole id or as its leading characters (ObjectId,
 * ULID, "<time><random>" shapes). Read in every unit; a random number lands within the window of
 * `now` in almost no unit, so most of the sample agreeing is the signal.
 */
export function detectTimestamp(ctx: DetectContext): Detection | undefined {
  const { d } = ctx
  const src = d.numeric.values
  if (src.length < 3 || d.encoding.name === 'text') return undefined
  let maxLen = 0
  for (const s of src) if (s.length > maxLen) maxLen = s.length
  const nowMs = BigInt(ctx.now.getTime())
  const windowMs = BigInt(Math.round(ctx.windowSeconds * 1000))
  const read = (s: string, ex: Extraction): bigint => toBigInt(ex.chars === undefined ? s : s.slice(0, ex.chars), d.encoding, d.table)
  const near = (v: bigint, perSec: bigint): boolean => {
    const ms = (v * 1000n) / perSec
    return ms >= nowMs - windowMs && ms <= nowMs + windowMs
  }
  let best: { ex: Extraction; unit: (typeof UNITS)[number] } | undefined
  const probe = src.slice(0, 20)
  for (const ex of extractions(ctx, maxLen)) {
    for (const unit of UNITS) {
      const hits = probe.filter((s) => near(read(s, ex), unit[1])).length
      if (hits < probe.length * 0.9) continue
      const all = src.filter((s) => near(read(s, ex), unit[1])).length
      if (all < src.length * 0.9) continue
      const len = ex.chars ?? maxLen
      const bestLen = best ? (best.ex.chars ?? maxLen) : -1
      if (len > bestLen) best = { ex, unit }
    }
  }
  if (!best) return undefined
  const { ex, unit } = best
  const values = src.map((s) => read(s, ex))
  const diffs: bigint[] = []
  for (let i = 1; i < values.length; i++) diffs.push(values[i]! - values[i - 1]!)
  const jitter = median(diffs.map(abs))
  const jitterBits = log2Big(1n + 2n * jitter)
  const whole = ex.chars === undefined || ex.chars >= maxLen
  // the decoded time to the hour, never the value: a timestamp id is its value (nearScan)
  const at = (v: bigint): string => `${unit[2]} since 1970, ${nearScan(Number((v * 1000n) / unit[1]), ctx.now)}`
  const evidence = [0, 1, values.length - 1].map(
    (i) => `token ${i} ${whole ? 'reads' : `(its first ${ex.chars} characters) read`} as a time: ${at(values[i]!)}`,
  )
  evidence.push(`successive ids differ by a median of ${jitter.toString()} ${unit[2]}`)
  if (whole) {
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const spec: PredictionSpec = {
      kind: 'timestamp',
      unit: unit[0],
      last: sorted[sorted.length - 1]!.toString(),
      step: (jitter > 0n ? jitter : 1n).toString(),
      encoding: d.encoding.name,
      alphabet: d.encoding.alphabet,
      prefix: d.numeric.prefix,
      suffix: d.numeric.suffix,
    }
    if (d.numeric.width !== undefined) spec.width = d.numeric.width
    return {
      id: 'timestamp',
      fired: true,
      predictive: true,
      summary: `the id is a timestamp in ${unit[2]}`,
      evidence,
      bits: jitterBits,
      spec,
    }
  }
  // The rest of the id after the time prefix still carries what its positions carry.
  const offset = d.numeric.whole ? d.prefix.length : 0
  let rest = 0
  for (const p of ctx.positions) if (p.index + offset >= (ex.chars ?? 0)) rest += p.entropy
  return {
    id: 'timestamp',
    fired: true,
    predictive: false,
    summary: `the first ${ex.chars} characters are a timestamp in ${unit[2]}; the rest carries about ${rest.toFixed(1)} bits`,
    evidence,
    bits: rest + jitterBits,
  }
}

export function timestampNext(spec: Extract<PredictionSpec, { kind: 'timestamp' }>, k: number): string {
  const v = BigInt(spec.last) + BigInt(spec.step) * BigInt(k)
  const enc = { name: spec.encoding, alphabet: spec.alphabet, bitsPerChar: 0, wholeBits: false }
  return spec.prefix + fromBigInt(v, enc, spec.width ?? 0) + spec.suffix
}

export const PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n }
