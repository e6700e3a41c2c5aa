import { analyzeTokens } from '../../tokens/index.js'
import type { Detection } from '../../tokens/index.js'

/** Structures that let an attacker list ids instead of learning them. */
const GUESSABLE = new Set(['counter', 'timestamp', 'uuid-v1', 'hash'])
/** Three ids show a step; fewer show nothing. */
export const MIN_IDS = 3

export interface IdVerdict {
  ids: string[]
  guessable: boolean
  /** The detections that fired, in words. */
  evidence: string[]
  summary: string
  predictions: string[]
}

/**
 * The token analysis applied to object ids. A handful of ids cannot pass a randomness battery, so
 * only structure counts here (a counter, a clock, a hashed counter, UUIDv1), never a low entropy
 * figure from too few samples.
 */
export function judgeIds(ids: string[]): IdVerdict | undefined {
  const unique = [...new Set(ids)]
  if (unique.length < MIN_IDS) return undefined
  const a = analyzeTokens(unique, { minSamples: MIN_IDS, hashSearch: unique.length <= 200 })
  if (a.status !== 'analysed') return undefined
  const fired = a.detections.filter((d: Detection) => d.fired && GUESSABLE.has(d.id))
  return {
    ids: unique,
    guessable: fired.length > 0,
    evidence: fired.map((d) => `${d.summary}: ${d.evidence.slice(0, 2).join('; ')}`),
    summary: fired.length
      ? fired.map((d) => d.summary).join('; ')
      : `no counter, clock or hash structure in ${unique.length} ids (${a.decoding.encoding})`,
    predictions: a.predictions,
  }
}
