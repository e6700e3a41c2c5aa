// @sessionguard/scanner/tokens: session-token statistics as a library (no findings, no HTTP).
export {
  analyzeTokens,
  collectTokens,
  predictNext,
  checkPrediction,
  matchesPrediction,
  DEFAULT_MIN_SAMPLES,
  type TokenAnalysis,
  type CompleteTokenAnalysis,
  type InsufficientTokenAnalysis,
  type AnalyzeOptions,
  type CollectOptions,
  type Verdict,
  type Detection,
  type DetectorId,
  type StatTest,
  type PredictionCheck,
} from '../tokens/index.js'
