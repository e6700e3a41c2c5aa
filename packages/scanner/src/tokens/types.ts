import type { EncodingName, WrapperKind } from './decode/index.js'
import type { FipsResult } from './stats/fips.js'
import type { PositionStat } from './stats/positions.js'

export interface AnalyzeOptions {
  /** Scan time: timestamps and hashed times are searched near it. Default: the current time. */
  now?: Date
  /** Below this many tokens there is no verdict. Default 100. */
  minSamples?: number
  /** Family-wise significance of each statistical test (chance a perfect source fails it). Default 1e-6. */
  significance?: number
  /** Timestamps count as "near scan time" within this many seconds of `now`. Default 30 days. */
  timeWindowSeconds?: number
  /** How many next values to list in the predictions. Default 5. */
  predictions?: number
  /** Brute-force search of hashed counters/times (the costliest step). Default true. */
  hashSearch?: boolean
}

export type Verdict = 'predictable' | 'weak' | 'marginal' | 'strong'

/** One statistical test of the battery. */
export interface StatTest {
  name: string
  value: number
  /** What a random source gives, in words. */
  expected: string
  /** Chance a perfect source gives a result at least this extreme; null when the test has none. */
  pValue: number | null
  /** null: not enough data to run it. */
  pass: boolean | null
  detail: string
}

export type DetectorId = 'counter' | 'timestamp' | 'hash' | 'uuid-v1' | 'uuid-v4' | 'uuid-v7' | 'float' | 'repeats' | 'prefix-drift'

/** Enough to regenerate the next ids of a structure, JSON-safe (big numbers as decimal strings). */
export type PredictionSpec =
  | {
      kind: 'counter'
      last: string
      step: string
      /** Ids between two observed ones (gaps from other clients), as a multiple of the step. */
      typicalGap: string
      encoding: EncodingName
      alphabet: string
      width?: number
      prefix: string
      suffix: string
    }
  | {
      kind: 'timestamp'
      unit: TimeUnit
      last: string
      step: string
      encoding: EncodingName
      alphabet: string
      width?: number
      prefix: string
      suffix: string
    }
  | {
      kind: 'hash'
      algorithm: HashAlgorithm
      /** Input template: {c} the counter, {t} the time in `timeUnit`. */
      template: string
      timeUnit?: 's' | 'ms'
      lastCounter?: string
      lastTime?: number
      step: string
      output: 'hex' | 'HEX' | 'base64' | 'base64url'
      prefix: string
      suffix: string
    }
  | { kind: 'uuid-v1'; node: string; clockSeq: number; lastTime: string; step: string; upper: boolean }

export type TimeUnit = 's' | 'ms' | 'us' | 'ns'
export type HashAlgorithm = 'md5' | 'sha1' | 'sha256'

export interface Detection {
  id: DetectorId
  /** Structure that makes ids guessable was found (false: recognised, harmless, e.g. a UUIDv4). */
  fired: boolean
  /** The whole next id can be computed from what was seen. */
  predictive: boolean
  summary: string
  /** Concrete observations, e.g. "token 17 = md5('1042')". */
  evidence: string[]
  /** Effective entropy in bits that this structure leaves, when it fired. */
  bits?: number
  spec?: PredictionSpec
}

export interface EntropyMethod {
  method: string
  bits: number
  note: string
}

export interface TokenDecoding {
  /** Which encoding the varying part is written in (hex, base64url, decimal, uuid…). */
  encoding: EncodingName | 'uuid'
  alphabetSize: number
  bitsPerChar: number
  wrapper: WrapperKind
  urlEncoded: boolean
  /** Which part of the token varies and is analysed, in words. */
  varyingPart: string
  prefix: string
  suffix: string
  /** Varying part length (min–max characters). */
  length: { min: number; max: number }
}

interface AnalysisBase {
  samples: number
  minSamples: number
  /** One line for a report or a check outcome: verdict and effective bits, or why there is none. */
  summary: string
  /** The next ids predicted (as the server would issue them, unsigned), when a structure allows. */
  predictions: string[]
}

export interface InsufficientTokenAnalysis extends AnalysisBase {
  status: 'insufficient'
  message: string
}

export interface CompleteTokenAnalysis extends AnalysisBase {
  status: 'analysed'
  analysedAt: string
  decoding: TokenDecoding
  positions: PositionStat[]
  bits: {
    /** Bits per token the varying part can hold (non-constant bit positions). */
    capacity: number
    constantPositions: number
    biasedPositions: number[]
    /** Shannon entropy per bit of the statistics stream (1 = balanced). */
    perBit: number
    streamBits: number
  }
  fips: FipsResult
  tests: StatTest[]
  detections: Detection[]
  effective: { bits: number; method: string; methods: EntropyMethod[] }
  verdict: Verdict
  /** One line per thing a reader should see: structure found, failed tests, predictions. */
  evidence: string[]
  /** How to compute more predictions and check a fresh id against them. */
  predictionSpec?: PredictionSpec
  /** Needed to put a fresh token through the same unwrapping as the sample. */
  unwrap: { wrapper: WrapperKind; urlEncoded: boolean; partIndex?: number[] }
  durationMs: number
}

export type TokenAnalysis = InsufficientTokenAnalysis | CompleteTokenAnalysis
