// Public surface of @sessionguard/mcp: the scanner served to coding assistants over MCP.
export { createMcpServer, type SessionguardMcpOptions } from './server.js'
export { serveStdio } from './stdio.js'
export { AllowList, LOOPBACK_ENTRIES, entryAllows } from './allow-list.js'
export { scanTargetShape, type ScanTargetArgs } from './input-schema.js'
export { resolveToolInput, type ResolvedInput } from './credentials.js'
export type { ScanRecorder, StoredScan } from './scan-store.js'
export type { ScanBrief, FindingBrief, ScanListItem } from './summary.js'
export * from './errors.js'
