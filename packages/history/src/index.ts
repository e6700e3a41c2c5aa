// Public surface of @sessionguard/history: what a scan history is (types, summaries, ids), the diff of
// two scans and its text. The stores, the monitor and the dashboard server are subpaths, so importing
// the root loads neither the AWS SDK nor an HTTP server:
//   @sessionguard/history/store     file store, openHistoryStore
//   @sessionguard/history/dynamodb  DynamoDB store
//   @sessionguard/history/monitor   scheduled scans and alerts
//   @sessionguard/history/server    the local dashboard
export * from './errors.js'
export type {
  HistoryStore,
  HistoryEntry,
  ScanSummary,
  OutageRecord,
  OutageInput,
  StoredScan,
  TargetStatus,
  ScanMeta,
  ScanSource,
  TargetState,
  TargetRegistration,
  TrendPoint,
  Claim,
} from './store/types.js'
export { SCAN_SOURCES, TREND_POINTS } from './store/types.js'
export { summarize, shownSummary } from './store/summary.js'
export { migrateSummaries, type MigrationResult } from './store/migrate.js'
export { targetKey } from './store/target-key.js'
export * from './fleet/index.js'
export { resolveScan } from './store/resolve-id.js'
export { diffReports, findingKey, type ScanDiff, type ScanRef } from './diff/diff.js'
export { formatDiff, formatHistory, formatFleet, formatOverdue } from './text/format.js'
