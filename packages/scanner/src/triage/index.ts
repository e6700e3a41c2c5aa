export { applyTriage, assertIgnoreCurrent, expiredEntries, ignoreMatches, selectedChecks, type TriageOptions } from './apply.js'
export { applyBaseline, parseBaseline, readBaseline, findingKey, type Baseline } from './baseline.js'
export { judge, DEFAULT_FAIL_ON, type GateChoice } from './gate-record.js'
export {
  ignoreEntrySchema,
  ignoreListSchema,
  checksSelectionSchema,
  type IgnoreEntry,
  type ChecksSelection,
} from '../config/triage-schema.js'
export { expandCheckNames } from '../config/check-names.js'
export { parseIgnoreText, loadIgnoreFile } from './ignore-file.js'
