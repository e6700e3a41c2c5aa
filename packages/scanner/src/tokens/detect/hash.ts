import { hash } from 'node:crypto'
import type { Detection, HashAlgorithm, PredictionSpec } from '../types.js'
import { gcd, log2Big, median, type DetectContext } from './context.js'

const BY_LENGTH: Record<number, HashAlgorithm> = { 16: 'md5', 20: 'sha1', 32: 'sha256' }

const MAX_COUNTER = 10_000
const SECONDS_BEFORE = 3_600
const MS_BEFORE = 5_000
const CONCAT_SECONDS_BEFORE = 60
const CONCAT_COUNTERS = 16
const CONCAT_TEMPLATES = ['{t}{c}', '{c}{t}', '{t}-{c}', '{t}:{c}', '{t}.{c}', '{c}-{t}']

interface Hit {
  token: number
  counter?: bigint
  time?: number
}

type Output = Extract<PredictionSpec, { kind: 'hash' }>['output']

function outputOf(ctx: DetectContext): Output | undefined {
  const name = ctx.d.encoding.name
  if (name === 'hex') return ctx.d.encoding.alphabet.endsWith('abcdef') ? 'hex' : 'HEX'
  if (name === 'base64' || name === 'base64url') return name
  return undefined
}

/** The digest bytes a token carries (as lowercase hex), when its varying part is exactly one digest long. */
function digests(ctx: DetectContext, bytes: number): Map<string, number> {
  const { d } = ctx
  const map = new Map<string, number>()
  const want = bytes * 8
  const name = d.encoding.name
  for (let t = 0; t < d.bitCounts.length; t++) {
    const n = d.bitCounts[t]!
    if (n < want || n >= want + d.encoding.bitsPerChar) continue
    const v = d.varying[t]!
    // the varying part is the digest in its own encoding: re-encode it as hex without going bit by bit
    const hex = name === 'hex' ? v.toLowerCase() : Buffer.from(v, name === 'base64url' ? 'base64url' : 'base64').subarray(0, bytes).toString('hex')
    if (!map.has(hex)) map.set(hex, t)
  }
  return map
}

function fill(template: string, c: bigint | number | undefined, t: number | undefined): string {
  if (template === '{c}') return String(c ?? '')
  if (template === '{t}') return String(t ?? '')
  return template.replace('{c}', String(c ?? '')).replace('{t}', String(t ?? ''))
}

/**
 * Hashes of guessable inputs: small integers, times near scan time, and time/counter concatenations.
 * A digest looks perfectly random to every statistical test, so the only way to see through it is to
 * hash the candidates an attacker would try and look them up. The search is bounded (about 25,000
 * hashes) to keep the analysis fast; inputs outside it are not found.
 */
export function detectHash(ctx: DetectContext): Detection | undefined {
  if (!ctx.hashSearch) return undefined
  const output = outputOf(ctx)
  if (!output) return undefined
  let maxBits = 0
  for (const c of ctx.d.bitCounts) if (c > maxBits) maxBits = c
  const bytes = Math.floor(maxBits / 8)
  const algorithm = BY_LENGTH[bytes]
  if (!algorithm) return undefined
  const table = digests(ctx, bytes)
  if (table.size === 0) return undefined
  const n = ctx.d.varying.length
  const nowS = Math.floor(ctx.now.getTime() / 1000)
  const nowMs = ctx.now.getTime()

  const tryRange = (template: string, from: number, to: number, as: 'c' | 's' | 'ms', hits: Hit[]): void => {
    for (let x = from; x <= to; x++) {
      const input = as === 'c' ? fill(template, x, undefined) : fill(template, undefined, x)
      const t = table.get(hash(algorithm, input, 'hex'))
      if (t !== undefined) hits.push(as === 'c' ? { token: t, counter: BigInt(x) } : { token: t, time: x })
    }
  }
  /** Keeps scanning past the end of the first range while hits keep coming (ids issued over a longer span). */
  const extend = (template: string, hits: Hit[], as: 'c' | 's' | 'ms', end: number): void => {
    let to = end
    for (let round = 0; round < 50; round++) {
      const before = hits.length
      const from = to + 1
      to = from + Math.max(1000, n * 4)
      tryRange(template, from, to, as, hits)
      if (hits.length === before) break
    }
  }

  const families: Array<{ template: string; as: 'c' | 's' | 'ms'; from: number; to: number }> = [
    { template: '{c}', as: 'c', from: 0, to: MAX_COUNTER },
    { template: '{t}', as: 's', from: nowS - SECONDS_BEFORE, to: nowS + 60 },
    { template: '{t}', as: 'ms', from: nowMs - MS_BEFORE, to: nowMs + 1000 },
  ]
  // every family is tried: the same digests can fit two shapes (seconds·1000 + a 3-digit counter is
  // also a millisecond time), and the shape that explains the most tokens wins
  let best: { template: string; as: 'c' | 's' | 'ms' | 'concat'; hits: Hit[]; explained: number } | undefined
  const consider = (template: string, as: 'c' | 's' | 'ms' | 'concat', hits: Hit[]): void => {
    const explained = explainedCount(hits, table, ctx)
    if (!best || explained > best.explained) best = { template, as, hits, explained }
  }
  for (const f of families) {
    const hits: Hit[] = []
    tryRange(f.template, f.from, f.to, f.as, hits)
    if (hits.length === 0) continue
    extend(f.template, hits, f.as, f.to)
    consider(f.template, f.as, hits)
  }
  for (const template of CONCAT_TEMPLATES) {
    const hits: Hit[] = []
    for (let t = nowS - CONCAT_SECONDS_BEFORE; t <= nowS + 5; t++) {
      for (let c = 0; c < CONCAT_COUNTERS; c++) {
        const tok = table.get(hash(algorithm, fill(template, c, t), 'hex'))
        if (tok !== undefined) hits.push({ token: tok, counter: BigInt(c), time: t })
      }
    }
    if (hits.length === 0) continue
    // found the shape: now follow the counter upward within the seconds seen
    const times = [...new Set(hits.map((h) => h.time!))]
    const lo = Math.min(...times) - 2
    const hi = Math.max(...times) + 2
    for (let c = CONCAT_COUNTERS; c < CONCAT_COUNTERS + n * 4 + 1000; c++) {
      for (let t = lo; t <= hi; t++) {
        const tok = table.get(hash(algorithm, fill(template, c, t), 'hex'))
        if (tok !== undefined) hits.push({ token: tok, counter: BigInt(c), time: t })
      }
    }
    consider(template, 'concat', hits)
  }
  if (!best) return undefined
  const found = best as { template: string; as: 'c' | 's' | 'ms' | 'concat'; hits: Hit[]; explained: number }
  return report(ctx, algorithm, output, found.template, found.as, found.hits, found.explained, n)
}

/** How many tokens of the sample (repeats included) have a digest among the hits. */
function explainedCount(hits: Hit[], table: Map<string, number>, ctx: DetectContext): number {
  const hitTokens = new Set(hits.map((h) => h.token))
  const firstIndex = new Map<string, number>()
  for (const [, t] of table) firstIndex.set(ctx.d.varying[t]!, t)
  let count = 0
  for (const v of ctx.d.varying) {
    const t = firstIndex.get(v)
    if (t !== undefined && hitTokens.has(t)) count++
  }
  return count
}

function report(
  ctx: DetectContext,
  algorithm: HashAlgorithm,
  output: Output,
  template: string,
  as: 'c' | 's' | 'ms' | 'concat',
  hits: Hit[],
  explainedTokens: number,
  n: number,
): Detection {
  const unique = new Map<number, Hit>()
  for (const h of hits) if (!unique.has(h.token)) unique.set(h.token, h)
  const explained = [...unique.values()].sort((a, b) => a.token - b.token)
  const share = explainedTokens / n
  const spec: Extract<PredictionSpec, { kind: 'hash' }> = {
    kind: 'hash',
    algorithm,
    template,
    step: '1',
    output,
    prefix: ctx.d.prefix,
    suffix: ctx.d.suffix,
  }
  let bits = 0
  if (as === 'c' || as === 'concat') {
    const counters = [...new Set(explained.map((h) => h.counter!))].sort((a, b) => (a < b ? -1 : 1))
    let step = 0n
    const gaps: bigint[] = []
    for (let i = 1; i < counters.length; i++) {
      gaps.push(counters[i]! - counters[i - 1]!)
      step = gcd(step, counters[i]! - counters[i - 1]!)
    }
    if (step === 0n) step = 1n
    spec.step = step.toString()
    spec.lastCounter = counters[counters.length - 1]!.toString()
    const gap = median(gaps) / step
    bits = gap <= 1n ? 0 : log2Big(gap * 2n)
  }
  if (as !== 'c') {
    const times = explained.map((h) => h.time!)
    spec.timeUnit = as === 'ms' ? 'ms' : 's'
    spec.lastTime = Math.max(...times)
    if (as !== 'concat') {
      const diffs: bigint[] = []
      for (let i = 1; i < times.length; i++) diffs.push(BigInt(Math.abs(times[i]! - times[i - 1]!)))
      bits = log2Big(1n + 2n * median(diffs))
    } else bits += 1
  }
  const what =
    as === 'c' ? 'a small integer counter' : as === 's' ? 'the time in seconds' : as === 'ms' ? 'the time in milliseconds' : `time and counter (${template})`
  const evidence = explained.slice(0, 3).map((h) => `token ${h.token} = ${algorithm}('${fill(template, h.counter, h.time)}')`)
  if (explained.length > 3) {
    const h = explained[explained.length - 1]!
    evidence.push(`token ${h.token} = ${algorithm}('${fill(template, h.counter, h.time)}')`)
  }
  evidence.push(`${explainedTokens} of ${n} tokens are ${algorithm} of ${what}`)
  return {
    id: 'hash',
    fired: true,
    predictive: share >= 0.5,
    summary: `ids are ${algorithm.toUpperCase()} digests of ${what} (${explainedTokens}/${n} tokens)`,
    evidence,
    bits: share >= 0.5 ? bits : Math.max(bits, Math.log2(1 / share)),
    spec,
  }
}

export function encodeDigest(hex: string, output: Output): string {
  if (output === 'hex') return hex
  if (output === 'HEX') return hex.toUpperCase()
  const b64 = Buffer.from(hex, 'hex').toString(output === 'base64' ? 'base64' : 'base64url')
  return b64.replace(/=+$/, '')
}

/** The inputs an attacker would hash next, in order of likelihood. */
export function hashCandidates(spec: Extract<PredictionSpec, { kind: 'hash' }>, count: number): string[] {
  const out: string[] = []
  const step = BigInt(spec.step)
  const hasC = spec.template.includes('{c}')
  const hasT = spec.template.includes('{t}')
  const c0 = spec.lastCounter !== undefined ? BigInt(spec.lastCounter) : 0n
  const t0 = spec.lastTime ?? 0
  for (let k = 1; out.length < count; k++) {
    if (hasC && hasT) {
      out.push(fill(spec.template, c0 + step * BigInt(k), t0))
      if (out.length < count) out.push(fill(spec.template, c0 + step * BigInt(k), t0 + 1))
    } else if (hasC) out.push(fill(spec.template, c0 + step * BigInt(k), undefined))
    else out.push(fill(spec.template, undefined, t0 + k))
  }
  return out.slice(0, count)
}

export function hashNext(spec: Extract<PredictionSpec, { kind: 'hash' }>, count: number): string[] {
  return hashCandidates(spec, count).map((input) => spec.prefix + encodeDigest(hash(spec.algorithm, input, 'hex'), spec.output) + spec.suffix)
}
