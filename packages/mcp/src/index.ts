// Public surface of @sessionguard/mcp: the scanner served to coding assistants over MCP.
export { createMcpServer, type SessionguardMcpOptions } from './server.js'
export { serveStdio } from './stdio.js'
export { AllowList, LOOPBACK_ENTRIES, entryAllows } from './allow-list.js'
export { MCP_LIMITS, scanTargetShape, type ScanTargetArgs } from './input-schema.js'
export { DEFAULT_ENV_PREFIX, resolveToolInput, type ResolvedInput } from './credentials.js'
export type { ScanRecorder, StoredScan } from './scan-store.js'
export type { ScanBrief, FindingBrief, ScanListItem } from './summary.js'
export * from './errors.js'
