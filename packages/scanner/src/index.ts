// Public surface of the scanner library. Internals stay in their modules.
export * from './model/index.js'
export * from './errors.js'
export { configSchema, type ScanConfig, type ScanConfigInput, type LoginConfig } from './config/schema.js'
export { parseDuration } from './config/duration.js'
export { loadConfigFile, parseConfigText, mergeConfig, resolveConfig, type LoadedConfig } from './config/load.js'
export { scan, type ScanOptions } from './scan/run.js'
export { gate, type GateOptions, type GateResult } from './scan/gate.js'
export { coverageOf, isComplete, gradeLabel, requiredChecks } from './scan/coverage.js'
export { render, FORMATS, type Format, type RenderOptions } from './report/render.js'
export type { ProgressEvent } from './report/progress.js'
export { CHECKS, type CheckInfo } from './knowledge/catalogue.js'
export { remediationFor } from './knowledge/remediation.js'
export { fingerprint, type FingerprintInput } from './knowledge/fingerprint.js'
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
} from './tokens/index.js'
export { SCANNER_VERSION } from './version.js'
