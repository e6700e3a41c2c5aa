import type { CheckId, Remediation } from '../model/finding.js'
import type { FrameworkId } from '../model/report.js'
import type { Topic } from '../knowledge/frameworks/index.js'
import { adviseFix } from '../knowledge/remediation.js'
import { CHECKS } from './registry.js'

/** The fix for `id` on `framework`: the check's own lead sentence, then the framework's advice for its topic. */
export function remediationFor(id: CheckId, framework: FrameworkId): Remediation {
  return adviseFix(CHECKS[id].fix, framework)
}

/** Which advice topic a check draws on (for docs and tests). */
export function remediationTopic(id: CheckId): Topic {
  return CHECKS[id].fix.topic
}
