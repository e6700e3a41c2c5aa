import { SEVERITIES, type Carrier, type CheckId, type Confidence, type Exchange, type Finding, type Severity } from '../model/finding.js'
import type { FrameworkId } from '../model/report.js'
import { CHECKS } from './registry.js'
import { remediationFor } from './remediation.js'

export interface FindingParts {
  /** What was proven, in one paragraph, with the concrete names and values (redacted). */
  summary: string
  evidence: Exchange[]
  confidence: Confidence
  /** Overrides the catalogue's default severity, e.g. a cookie flag on a cookie not proven to carry the session. */
  severity?: Severity
  carrier?: Carrier
  /** Appended to the catalogue title, e.g. "via X-Session-Id header". */
  titleSuffix?: string
}

/** The one way a probe turns what it proved into a Finding: title, category, references and fix come from the catalogue. */
export function makeFinding(id: CheckId, parts: FindingParts, framework: FrameworkId): Finding {
  const info = CHECKS[id]
  const finding: Finding = {
    id,
    title: parts.titleSuffix ? `${info.title} (${parts.titleSuffix})` : info.title,
    severity: parts.severity ?? info.severity,
    confidence: parts.confidence,
    category: info.category,
    summary: parts.summary,
    evidence: parts.evidence,
    references: info.references,
    remediation: remediationFor(id, framework),
  }
  if (parts.carrier) finding.carrier = parts.carrier
  return finding
}

/** One severity lower: what a finding on a cookie not proven to carry the session is worth. */
export function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!
}
