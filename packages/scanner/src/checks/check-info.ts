import type { Category, CheckId, References, Severity } from '../model/finding.js'
import type { Topic } from '../knowledge/frameworks/index.js'

// The shape of one check's metadata: each family folder lists its checks in meta.ts, and the registry
// (registry.ts) gathers them. Findings, docs/checks.md, SARIF rules and the not-tested hints all read it.

export type CheckRequirement = 'nothing' | 'login' | 'login+logout' | 'tokens' | 'two-accounts' | 'source'

export interface CheckFix {
  /** The framework advice the fix draws on (knowledge/frameworks): the checks of a family share one cure. */
  topic: Topic
  /** The one thing to change, whatever the framework. */
  lead: string
}

export interface CheckInfo {
  id: CheckId
  /** The problem, as a finding names it. */
  title: string
  /** What held when the attack ran and the target resisted, as a passed check shows it: "session ended at logout". */
  passed: string
  category: Category
  /** Default severity; a probe may lower it (e.g. a cookie not proven to carry the session). */
  severity: Severity
  /** What the check proves and how the scanner proves it. */
  description: string
  references: References
  /** The configuration the check needs to run at all. */
  requires: CheckRequirement
  /** The flags or config keys that enable the check when they are missing. */
  enableWith?: string
  fix: CheckFix
}
