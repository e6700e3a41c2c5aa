// The data every later stage consumes: probes produce Findings, scoring reads them, renderers print
// them. Kept free of behaviour so that report formats, the MCP server and the dashboard can depend on
// it without pulling in the HTTP engine.

import type { Category, CheckId, Severity } from './vocabulary.js'

export { SEVERITIES, CHECK_IDS, CATEGORIES, type Severity, type CheckId, type Category } from './vocabulary.js'

/** confirmed: the attack reached a protected resource; firm: directly observed (e.g. a cookie attribute); tentative: inferred. */
export type Confidence = 'confirmed' | 'firm' | 'tentative'

export type Actor = 'attacker' | 'victim' | 'anonymous' | 'scanner' | (string & {})

/** One HTTP request/response pair as shown in a report: secrets already redacted, bodies cut to an excerpt. */
export interface Exchange {
  actor: Actor
  /** Why this exchange is part of the proof, e.g. "victim logs in carrying the planted id". */
  note?: string
  request: {
    method: string
    url: string
    headers: Record<string, string>
    body?: string
  }
  response?: {
    status: number
    headers: Record<string, string | string[]>
    /** First bytes of the body (redacted), for proof; never the whole body. */
    body?: string
  }
  error?: string
  durationMs?: number
  /** When the request was sent (RFC 3339). */
  startedAt?: string
  /** What a browser showed for this request (the attacker's browser on the check URL, for a confirmed fixation). */
  screenshot?: Screenshot
}

/** A picture of a page, inline (base64 PNG, size-capped); `text` is the page's visible text it was checked against for secrets. */
export interface Screenshot {
  mediaType: 'image/png'
  data: string
  width: number
  height: number
  text: string
}

export interface References {
  cwe: string[]
  owaspTop10: string[]
  owaspApi: string[]
  asvs: string[]
  pciDss: string[]
  soc2: string[]
}

export interface Remediation {
  /** Framework the text was written for (see FrameworkId), 'generic' when none was detected. */
  framework: string
  text: string
  snippet?: string
}

export type CarrierKind = 'cookie' | 'header' | 'query' | 'path'
export interface Carrier {
  kind: CarrierKind
  name: string
}

export interface Finding {
  id: CheckId
  title: string
  severity: Severity
  confidence: Confidence
  category: Category
  /** What was proven, in one paragraph. */
  summary: string
  carrier?: Carrier
  evidence: Exchange[]
  references: References
  remediation: Remediation
}

export type CheckStatus = 'passed' | 'failed' | 'not-tested' | 'error'

/** What happened to each check of the catalogue in a scan, found or not: a gap must be visible. */
export interface CheckOutcome {
  id: CheckId
  status: CheckStatus
  /** For not-tested/error: why; for passed: what was tried. */
  reason?: string
  /** For not-tested: the flag or config key that would enable it. */
  enableWith?: string
}
