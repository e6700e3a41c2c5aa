// Public surface of the scanner library: the scan API, config, errors and model types. Token analysis
// and the knowledge base are subpaths (@sessionguard/scanner/tokens, @sessionguard/scanner/knowledge).
export * from './model/index.js'
export * from './errors.js'
export { configSchema, type ScanConfig, type ScanConfigInput, type LoginConfig } from './config/schema.js'
export { parseDuration } from './config/duration.js'
export { escapeRegExp } from './text/escape-regexp.js'
export { isLoopbackAddress, isLoopbackHost } from './text/loopback.js'
export { isCredentialParam, maskCredentialParams } from './text/url-credentials.js'
export { escapeControls, replaceControls, stripControls } from './text/controls.js'
export {
  loadConfigFile,
  parseConfigText,
  mergeConfig,
  resolveConfig,
  type ConfigSources,
  type KeyPath,
  type LoadedConfig,
  type Position,
  type PositionOf,
} from './config/load.js'
export { allowEnvEntries, configMayRead, envRefusal, type EnvAccess } from './config/env-access.js'
export { assess, type AssessOptions, type Assessment, type HistorySink } from './run/assess.js'
export { scan, type ScanOptions } from './run/scan.js'
export { gate, type GateOptions, type GateResult } from './run/gate.js'
export { render, FORMATS, FORMAT_EXTENSIONS, extensionOf, formatForExtension, type Format, type RenderOptions } from './report/render.js'
export type { ProgressEvent } from './model/progress.js'
export { CHECKS, type CheckInfo } from './checks/registry.js'
export { coverageOf, isComplete, fixationRan, evidencedGrade, gradeLabel, requiredChecks, cutByBudget } from './run/coverage.js'
export { SCANNER_VERSION } from './version.js'
export * from './triage/index.js'
export { Redactor, mask } from './http/redact.js'
export { proxyFromEnv } from './http/proxy.js'
