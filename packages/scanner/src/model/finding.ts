// The data every later stage consumes: probes produce Findings, scoring reads them, renderers print
// them. Kept free of behaviour so that report formats, the MCP server and the dashboard can depend on
// it without pulling in the HTTP engine.

import type { Category, CheckId, Severity } from './vocabulary.js'

export {
  SEVERITIES,
  CHECK_IDS,
  SCAN_CHECK_IDS,
  SOURCE_CHECK_IDS,
  CATEGORIES,
  SCAN_CATEGORIES,
  type Severity,
  type CheckId,
  type Category,
} from './vocabulary.js'

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

/** A place in a checked project's files: the path relative to the directory the check ran in (its `source.root` prefix included), 1-based. */
export interface CodeLocation {
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** One step of a code flow: where the client's value is read, assigned, returned by a helper, stored. */
export interface CodeStep extends CodeLocation {
  note: string
}

/** What ties a finding to the code: where it is, in which handler, how the value got there, what the lines say. */
export interface CodeEvidence {
  /** The primary location: the store key, the session write, the lockfile entry; for a scan finding, its handler. */
  location: CodeLocation
  language: string
  /** The handler the shape is in: "POST /login" (its route) or its function name, and where it starts. */
  handler?: { name: string; route?: { method: string; path: string }; location: CodeLocation }
  /** From the client-controlled source to the sink, in order (SARIF codeFlows). */
  flow: CodeStep[]
  /** A few lines around the primary location, as the file has them (control characters removed). */
  excerpt: { startLine: number; lines: string[] }
  /** SG-SRC-ADVISORY: the published advisory the locked version falls under. */
  advisory?: {
    ecosystem: string
    package: string
    version: string
    ids: string[]
    fixedIn: string
    source: string
    /** The dependencies that pulled it in, outermost first. */
    via?: string[]
  }
  /**
   * Set when a scan ran too (`scan --source`): confirmed: the scan proved fixation through this handler's route;
   * not-confirmed: the scan logged in through this route and the attack failed; not-reached: the scan did not log
   * in through this route. On a scan finding: the code finding(s) it confirms.
   */
  scan?: { status: 'confirmed' | 'not-confirmed' | 'not-reached'; note: string; checks?: string[] }
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
  /** Code findings (SG-SRC-*), and scan findings joined with `--source`: where in the code. */
  code?: CodeEvidence
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
