// The scanner's knowledge base: what each check proves and cites, how to fix it per framework, and
// how the framework is recognised.
export { CHECKS, type CheckInfo, type CheckRequirement } from './catalogue.js'
export { remediationFor, remediationTopic } from './remediation.js'
export { fingerprint, type FingerprintInput } from './fingerprint.js'
export { TOPICS, FRAMEWORK_IDS, type Topic } from './frameworks/index.js'
export { checksTableMarkdown } from './checks-table.js'
export { REFERENCE_NAMES, describeReference } from './reference-names.js'
