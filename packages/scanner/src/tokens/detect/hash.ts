import { hash } from 'node:crypto'
import type { Detection, HashAlgorithm, PredictionSpec } from '../types.js'
import { gcd, log2Big, median, type DetectContext } from './context.js'
import { DIGEST_WORDS, hashInput, hashWords, writeAscii, writeInteger } from './digest.js'

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

/** The digests the sample carries, in an open-addressing table keyed by their first 32-bit word. */
interface DigestTable {
  words: number
  /** Per token, its digest as big-endian 32-bit words (tokens without one: unused). */
  digest: Int32Array
  /** Token index of each distinct digest (its first token), −1 for an empty slot; a power of two long. */
  slots: Int32Array
  shift: number
  /** Per token: the first token carrying the same digest, −1 when the token is no digest. */
  firstOf: Int32Array
  size: number
}

const slotOf = (first: number, shift: number): number => Math.imul(first, 0x9e3779b1) >>> shift

/**
 * The digest each token carries, when its varying part is exactly one digest long: the first `bytes`
 * bytes of its packed bits (base64 leaves a few padding bits after them).
 */
function digestTable(ctx: DetectContext, bytes: number): DigestTable {
  const { d } = ctx
  const words = bytes / 4
  const want = bytes * 8
  const n = d.bitCounts.length
  const digest = new Int32Array(n * words)
  const firstOf = new Int32Array(n).fill(-1)
  let bits = 4
  while (1 << bits < n * 2) bits++
  const slots = new Int32Array(1 << bits).fill(-1)
  const shift = 32 - bits
  const mask = (1 << bits) - 1
  let size = 0
  for (let t = 0; t < n; t++) {
    const count = d.bitCounts[t]!
    if (count < want || count >= want + d.encoding.bitsPerChar) continue
    const off = d.byteOffsets[t]!
    for (let w = 0; w < words; w++) {
      const p = off + w * 4
      digest[t * words + w] = (d.packed[p]! << 24) | (d.packed[p + 1]! << 16) | (d.packed[p + 2]! << 8) | d.packed[p + 3]!
    }
    for (let slot = slotOf(digest[t * words]!, shift); ; slot = (slot + 1) & mask) {
      const u = slots[slot]!
      if (u < 0) {
        slots[slot] = t
        firstOf[t] = t
        size++
        break
      }
      if (sameDigest(digest, u, digest, t * words, words)) {
        firstOf[t] = u
        break
      }
    }
  }
  return { words, digest, slots, shift, firstOf, size }
}

function sameDigest(table: Int32Array, token: number, other: Int32Array, at: number, words: number): boolean {
  const base = token * words
  for (let w = 0; w < words; w++) if (table[base + w] !== other[at + w]) return false
  return true
}

/** The first token whose digest equals the words at `other[at…]`, or −1. */
function lookup(table: DigestTable, other: Int32Array, at: number): number {
  const { slots, digest, words } = table
  const mask = slots.length - 1
  for (let slot = slotOf(other[at]!, table.shift); ; slot = (slot + 1) & mask) {
    const t = slots[slot]!
    if (t < 0) return -1
    if (sameDigest(digest, t, other, at, words)) return t
  }
}

const C = 0
const T = 1
/** A template as literal text and the places of {c} and {t}. */
type Piece = string | typeof C | typeof T

function compile(template: string): Piece[] {
  const pieces: Piece[] = []
  for (const part of template.split(/(\{c\}|\{t\})/)) {
    if (part === '{c}') pieces.push(C)
    else if (part === '{t}') pieces.push(T)
    else if (part !== '') pieces.push(part)
  }
  return pieces
}

function fill(template: string, c: bigint | number | undefined, t: number | undefined): string {
  if (template === '{c}') return String(c ?? '')
  if (template === '{t}') return String(t ?? '')
  return template.replace('{c}', String(c ?? '')).replace('{t}', String(t ?? ''))
}

/**
 * The digests of '0'…'10000', worked out once per process and algorithm: the same for every sample,
 * and the largest family of the search.
 */
const counterCache = new Map<HashAlgorithm, Int32Array>()
function counterDigests(algorithm: HashAlgorithm): Int32Array {
  let cached = counterCache.get(algorithm)
  if (!cached) {
    const words = DIGEST_WORDS[algorithm]
    const out = new Int32Array(words)
    cached = new Int32Array((MAX_COUNTER + 1) * words)
    for (let c = 0; c <= MAX_COUNTER; c++) {
      hashInput(algorithm, writeInteger(0, c), out)
      cached.set(out, c * words)
    }
    counterCache.set(algorithm, cached)
  }
  return cached
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
  const table = digestTable(ctx, bytes)
  if (table.size === 0) return undefined
  const n = ctx.d.varying.length
  const nowS = Math.floor(ctx.now.getTime() / 1000)
  const nowMs = ctx.now.getTime()
  const out = new Int32Array(table.words)
  /** The token whose digest is the hash of the template filled with c and t, or −1. */
  const tokenOf = (pieces: Piece[], template: string, c: number | undefined, t: number | undefined): number => {
    // the candidate is written straight into the hash's input buffer: no string per candidate
    let at = 0
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!
      if (p === C) at = c === undefined ? at : writeInteger(at, c)
      else if (p === T) at = t === undefined ? at : writeInteger(at, t)
      else at = writeAscii(at, p)
    }
    if (at >= 0) hashInput(algorithm, at, out)
    else hashWords(algorithm, fill(template, c, t), out)
    return lookup(table, out, 0)
  }

  const tryRange = (template: string, from: number, to: number, as: 'c' | 's' | 'ms', hits: Hit[]): void => {
    const pieces = compile(template)
    let x = from
    if (as === 'c' && template === '{c}' && from >= 0 && from <= MAX_COUNTER) {
      const cached = counterDigests(algorithm)
      for (; x <= to && x <= MAX_COUNTER; x++) {
        const t = lookup(table, cached, x * table.words)
        if (t >= 0) hits.push({ token: t, counter: BigInt(x) })
      }
    }
    for (; x <= to; x++) {
      const t = as === 'c' ? tokenOf(pieces, template, x, undefined) : tokenOf(pieces, template, undefined, x)
      if (t >= 0) hits.push(as === 'c' ? { token: t, counter: BigInt(x) } : { token: t, time: x })
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
    const explained = explainedCount(hits, table)
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
    const pieces = compile(template)
    for (let t = nowS - CONCAT_SECONDS_BEFORE; t <= nowS + 5; t++) {
      for (let c = 0; c < CONCAT_COUNTERS; c++) {
        const tok = tokenOf(pieces, template, c, t)
        if (tok >= 0) hits.push({ token: tok, counter: BigInt(c), time: t })
      }
    }
    if (hits.length === 0) continue
    // found the shape: now follow the counter upward within the seconds seen
    const times = [...new Set(hits.map((h) => h.time!))]
    const lo = Math.min(...times) - 2
    const hi = Math.max(...times) + 2
    for (let c = CONCAT_COUNTERS; c < CONCAT_COUNTERS + n * 4 + 1000; c++) {
      for (let t = lo; t <= hi; t++) {
        const tok = tokenOf(pieces, template, c, t)
        if (tok >= 0) hits.push({ token: tok, counter: BigInt(c), time: t })
      }
    }
    consider(template, 'concat', hits)
  }
  if (!best) return undefined
  const found = best as { template: string; as: 'c' | 's' | 'ms' | 'concat'; hits: Hit[]; explained: number }
  return report(ctx, algorithm, output, found.template, found.as, found.hits, found.explained, n)
}

/** How many tokens of the sample (repeats included) carry a digest among the hits. */
function explainedCount(hits: Hit[], table: DigestTable): number {
  const hitTokens = new Set(hits.map((h) => h.token))
  let count = 0
  for (let t = 0; t < table.firstOf.length; t++) {
    const first = table.firstOf[t]!
    if (first >= 0 && hitTokens.has(first)) count++
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
    as === 'c'
      ? 'a small integer counter'
      : as === 's'
        ? 'the time in seconds'
        : as === 'ms'
          ? 'the time in milliseconds'
          : `time and counter (${template})`
  // each input by its distance from the first one's, never itself: the input is the id given back (hash it)
  const first = explained[0]!
  const input = (h: (typeof explained)[number]): string =>
    [
      h.counter !== undefined && first.counter !== undefined ? `counter ${sign(h.counter - first.counter)}` : undefined,
      h.time !== undefined && first.time !== undefined ? `time ${sign(BigInt(h.time - first.time))}` : undefined,
    ]
      .filter(Boolean)
      .join(', ')
  const shown = [...explained.slice(1, 3), ...(explained.length > 3 ? [explained[explained.length - 1]!] : [])]
  const evidence = shown.map((h) => `token ${h.token} = ${algorithm} of token ${first.token}'s input with ${input(h)}`)
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
  return hashCandidates(spec, count).map(
    (input) => spec.prefix + encodeDigest(hash(spec.algorithm, input, 'hex'), spec.output) + spec.suffix,
  )
}

function sign(v: bigint): string {
  return v < 0n ? `− ${(-v).toString()}` : `+ ${v.toString()}`
}
