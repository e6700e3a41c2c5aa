// The scanner's knowledge base: how to fix each kind of weakness per framework, how the framework is
// recognised, and what the reference ids mean. (What each check proves lives in checks/.)
export { adviseFix, type FixLead } from './remediation.js'
export { fingerprint, type FingerprintInput } from './fingerprint.js'
export { TOPICS, FRAMEWORK_IDS, type Topic } from './frameworks/index.js'
export { REFERENCE_NAMES, describeReference } from './reference-names.js'
