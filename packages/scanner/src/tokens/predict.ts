import { hash } from 'node:crypto'
import { digitTable, makeEncoding, toBigInt, unwrapOne } from './decode/index.js'
import { counterNext } from './detect/counter.js'
import { encodeDigest, hashCandidates, hashNext } from './detect/hash.js'
import { PER_SECOND, timestampNext } from './detect/timestamp.js'
import { parseUuidV1, uuidV1Next } from './detect/uuid.js'
import type { PredictionSpec, TokenAnalysis } from './types.js'

export function predictionsFor(spec: PredictionSpec, count: number): string[] {
  const out: string[] = []
  if (spec.kind === 'hash') return hashNext(spec, count)
  for (let k = 1; k <= count; k++) {
    if (spec.kind === 'counter') out.push(counterNext(spec, k))
    else if (spec.kind === 'timestamp') out.push(timestampNext(spec, k))
    else out.push(uuidV1Next(spec, k))
  }
  return out
}

/** The next `count` ids the structure found in the sample says the server will issue (unsigned, unwrapped). */
export function predictNext(analysis: TokenAnalysis, count: number): string[] {
  if (analysis.status !== 'analysed' || !analysis.predictionSpec) return []
  return predictionsFor(analysis.predictionSpec, count)
}

export interface PredictionCheck {
  matched: boolean
  /** How the fresh id relates to the prediction, in words (for a finding's summary). */
  detail: string
}

export interface MatchOptions {
  /** How far past the last sampled id to look (ids taken by other clients in between), in steps. Default 10,000. */
  window?: number
  /** Current time, for time-based structures. Default: now. */
  now?: Date
}

const MAX_HASHES = 600_000

/**
 * Checks a fresh id, fetched after the sample, against the structure: a prediction is only claimed
 * in a report when this says it matched.
 */
export function matchesPrediction(analysis: TokenAnalysis, token: string, opts: MatchOptions = {}): boolean {
  return checkPrediction(analysis, token, opts).matched
}

/** Like matchesPrediction, with the words that say how the fresh id relates to the prediction. */
export function checkPrediction(analysis: TokenAnalysis, token: string, opts: MatchOptions = {}): PredictionCheck {
  if (analysis.status !== 'analysed' || !analysis.predictionSpec) return { matched: false, detail: 'no structure to predict from' }
  const spec = analysis.predictionSpec
  const u = analysis.unwrap
  const core = unwrapOne(token, u.wrapper, u.urlEncoded, u.partIndex)
  const window = BigInt(opts.window ?? 10_000)
  const now = (opts.now ?? new Date()).getTime()

  if (spec.kind === 'counter' || spec.kind === 'timestamp') {
    if (!core.startsWith(spec.prefix) || !core.endsWith(spec.suffix))
      return { matched: false, detail: 'the fresh id does not have the fixed prefix/suffix' }
    const body = core.slice(spec.prefix.length, core.length - spec.suffix.length)
    const enc = makeEncoding(spec.encoding, spec.alphabet)
    const table = digitTable(enc)
    if (body.length === 0 || [...body].some((c) => !table.has(c)))
      return { matched: false, detail: 'the fresh id is not written in the same alphabet' }
    const v = toBigInt(body, enc, table)
    const last = BigInt(spec.last)
    const step = BigInt(spec.step)
    if (spec.kind === 'counter') {
      const diff = v - last
      const k = diff / step
      if (diff % step === 0n && k >= 1n && k <= window) {
        return {
          matched: true,
          detail: `the fresh id ${core} is the last sampled id + ${k.toString()} × ${step.toString()}: candidate #${k.toString()} of the prediction`,
        }
      }
      return { matched: false, detail: `the fresh id ${core} is not last + k × ${step.toString()} for k ≤ ${window.toString()}` }
    }
    const perSec = PER_SECOND[spec.unit]
    const diff = v - last
    if (diff >= -perSec && diff <= perSec * 600n) {
      return { matched: true, detail: `the fresh id ${core} is the timestamp ${diff.toString()} ${spec.unit} after the last sampled one` }
    }
    return { matched: false, detail: `the fresh id ${core} is not a timestamp within 10 minutes after the last sampled one` }
  }
  if (spec.kind === 'uuid-v1') {
    const p = parseUuidV1(core)
    if (!p) return { matched: false, detail: 'the fresh id is not a UUIDv1' }
    const diff = p.time - BigInt(spec.lastTime)
    const ok = p.node === spec.node && diff >= -10_000_000n && diff <= 6_000_000_000n
    return ok
      ? {
          matched: true,
          detail: `the fresh id ${core} has the same node and a time ${(Number(diff) / 10_000).toFixed(1)} ms after the last sampled id`,
        }
      : { matched: false, detail: `the fresh id ${core} has another node or a time outside the predicted window` }
  }
  // hash: hash the candidates an attacker would try next
  if (!core.startsWith(spec.prefix) || !core.endsWith(spec.suffix))
    return { matched: false, detail: 'the fresh id does not have the fixed prefix/suffix' }
  const digest = core.slice(spec.prefix.length, core.length - spec.suffix.length).replace(/=+$/, '')
  const hasC = spec.template.includes('{c}')
  const hasT = spec.template.includes('{t}')
  let tried = 0
  const check = (input: string): boolean => {
    tried++
    return encodeDigest(hash(spec.algorithm, input, 'hex'), spec.output) === digest
  }
  if (hasC && !hasT) {
    for (const input of hashCandidates(spec, Number(window)))
      if (check(input)) return { matched: true, detail: `the fresh id = ${spec.algorithm}('${input}'), candidate #${tried}` }
  } else {
    const perSec = spec.timeUnit === 'ms' ? 1000 : 1
    const from = (spec.lastTime ?? 0) - 5 * perSec
    const to = Math.max(spec.lastTime ?? 0, Math.floor((now / 1000) * perSec)) + 5 * perSec
    const c0 = BigInt(spec.lastCounter ?? '0')
    const counters = hasC ? 200 : 1
    for (let t = from; t <= to && tried < MAX_HASHES; t++) {
      for (let k = 1; k <= counters; k++) {
        const input = spec.template.replace('{c}', (c0 + BigInt(k) * BigInt(spec.step)).toString()).replace('{t}', String(t))
        if (check(input)) return { matched: true, detail: `the fresh id = ${spec.algorithm}('${input}')` }
      }
    }
  }
  return { matched: false, detail: `the fresh id is none of the ${tried} ${spec.algorithm} candidates` }
}
