// Token predictability: decode a sample of session ids, run statistics and structure detectors, and
// say how many bits an attacker really has to guess.
export { analyzeTokens, DEFAULT_MIN_SAMPLES } from './analyze.js'
export { collectTokens, type CollectOptions } from './collect.js'
export { toTokenSummary } from './summary.js'
export { predictNext, matchesPrediction, checkPrediction, type PredictionCheck, type MatchOptions } from './predict.js'
export type {
  AnalyzeOptions,
  TokenAnalysis,
  CompleteTokenAnalysis,
  InsufficientTokenAnalysis,
  Verdict,
  StatTest,
  Detection,
  DetectorId,
  EntropyMethod,
  PredictionSpec,
  TokenDecoding,
} from './types.js'
export type { FipsResult } from './stats/fips.js'
export type { PositionStat } from './stats/positions.js'
