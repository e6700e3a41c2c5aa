// @sessionguard/scanner/knowledge: the knowledge base (fixes per framework, framework fingerprints,
// reference titles) and the check registry's views built on it (remediation per check, docs/checks.md).
export * from '../knowledge/index.js'
export { CHECKS, type CheckInfo, type CheckRequirement, type CheckFix } from '../checks/registry.js'
export { remediationFor, remediationTopic } from '../checks/remediation.js'
export { checksTableMarkdown } from '../checks/docs-table.js'
