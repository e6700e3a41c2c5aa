import type { Remediation } from '../model/finding.js'
import type { FrameworkId } from '../model/report.js'
import { ADVICE, type Topic } from './frameworks/index.js'

// What to do about one finding, in the words of the framework the target runs. Each check names the
// fix in one framework-neutral sentence; the rest comes from the framework's advice for the check's
// topic, because the checks of a family share one cure.

/** What a check's registry entry says to change first, and the advice topic it draws on. */
export interface FixLead {
  topic: Topic
  lead: string
}

/** The fix a check leads with, worded for `framework`; 'generic' when nothing was detected. Always returns text. */
export function adviseFix(fix: FixLead, framework: FrameworkId): Remediation {
  // A FrameworkId from outside the type system (an old report, a typo in a test) gets the generic text.
  const advice = (ADVICE[framework] ?? ADVICE.generic)[fix.topic]
  const remediation: Remediation = {
    framework: ADVICE[framework] ? framework : 'generic',
    text: `${fix.lead} ${advice.text}`,
  }
  if (advice.snippet) remediation.snippet = advice.snippet
  return remediation
}
