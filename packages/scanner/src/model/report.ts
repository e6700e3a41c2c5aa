import type { Carrier, CheckOutcome, Exchange, Finding, Severity } from './finding.js'
import type { SCAN_CATEGORIES } from './vocabulary.js'

export const REPORT_SCHEMA_VERSION = 1
export const REPORT_SCHEMA_ID = 'https://sessionguard.dev/schemas/scan-report/v1.json'

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F'

export type FrameworkId =
  | 'php'
  | 'express'
  | 'fastify'
  | 'django'
  | 'flask'
  | 'rails'
  | 'spring'
  | 'aspnet'
  | 'fastapi'
  | 'axum'
  | 'koa'
  | 'hono'
  | 'nestjs'
  | 'nextjs'
  | 'generic'

export interface FrameworkGuess {
  id: FrameworkId
  /** Human name, e.g. "Express (connect)". */
  name: string
  confidence: 'high' | 'medium' | 'low'
  /** What gave it away, e.g. "cookie connect.sid", "X-Powered-By: Express". */
  signals: string[]
}

export interface Score {
  value: number
  /** The letter of the value; null when no fixation check ran (SG-FIX-ADOPT, -LOGIN, -OLDID): no letter without the evidence behind it. */
  grade: Grade | null
  /** Per-category sub-scores; `source` only when the project's source was checked. */
  categories: Record<(typeof SCAN_CATEGORIES)[number], number> & { source?: number }
}

/** Per-position entropy and the verdict of a token sample, kept small enough to plot in a report. */
export interface TokenSummary {
  samples: number
  effectiveBits: number
  verdict: string
  method: string
  /** Shannon entropy in bits of each character position of the varying part. */
  positionEntropy: number[]
  encoding: string
}

/** A finding the scan made but the triage set aside: accepted in the ignore list, or already present in the baseline report. */
export interface SuppressedFinding {
  by: 'ignore' | 'baseline'
  /** The ignore entry's reason, or which baseline report knew the finding. */
  reason: string
  /** ignore: the last day the entry applies (YYYY-MM-DD). */
  expires?: string
  finding: Finding
}

/** The CI decision as it was taken, so a report read later says what would have failed the build. */
export interface GateRecord {
  /** Findings at or above this severity fail the gate ('none': findings never fail it). */
  failOn: Severity | 'none'
  /** 'default' when nobody chose: the CLI fails on high. */
  failOnSource: 'default' | 'config'
  threshold?: number
  /** Set when --baseline was given: only findings absent from this report can fail the gate. */
  baseline?: { scanId: string; target: string; startedAt: string }
  passed: boolean
  reasons: string[]
}

/** How much of the catalogue actually ran: a check counts only when its attack ran (passed or failed). */
export interface Coverage {
  ran: number
  total: number
  notTested: Array<{ id: string; reason: string; enable?: string }>
}

/** Where the attacker looked for a pre-login session, and which page handed one out. */
export interface PreLoginReport {
  budget: number
  used: number
  visited: Array<{ path: string; via: string; issued: string[]; method?: string; request?: string; error?: string }>
  issuedBy?: { path: string; via: string; natural: boolean; carriers: string[]; request?: string }
  /** Forms seen before login and not submitted, by method and number ("POST form 2"): the action is the page's text, never shown. */
  formsSeen?: string[]
  /** What the attacker's browser spent on discovery, against its budget (pages and time). */
  browser?: { pages: number; pageBudget: number; timeMs: number; timeBudgetMs: number; requests: number }
}

/** What a source check read: `sessionguard check DIR`, or the `--source DIR` part of a scan. */
export interface SourceSummary {
  /** The directory as given, relative to the working directory when inside it ('/' separators). */
  root: string
  files: number
  lines: number
  /** Files per language (javascript, typescript, tsx, python, rust, ruby). */
  languages: Record<string, number>
  /** Handlers found (routes and views), and how many of them were followed to the end. */
  handlers: number
  lockfiles: string[]
  /** Files or lockfiles left out, with why (too large, unreadable, syntax errors). */
  skipped: string[]
  durationMs: number
}

export interface ScanReport {
  $schema: typeof REPORT_SCHEMA_ID
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: { name: 'sessionguard'; version: string }
  scanId: string
  /** 'check': only the source was checked (`sessionguard check`), no target was attacked; absent for scans. */
  kind?: 'check'
  target: string
  startedAt: string
  finishedAt: string
  durationMs: number
  requestCount: number
  framework: FrameworkGuess
  session: {
    loginConfigured: boolean
    /** The carrier proven to hold the session (dropped it → access lost), when a login was configured. */
    carrier?: Carrier
    /** How the carrier was proven, in words. */
    provenBy?: string
    /** Every name the server used to issue identifiers (cookies set, headers). */
    issued: Carrier[]
    /** Every carrier the server honours for the logged-in session, and the fixation checks found through each. */
    carriers?: Array<Carrier & { role: 'required' | 'accepted'; found: string[] }>
    preLogin?: PreLoginReport
  }
  score: Score
  coverage: Coverage
  /** False when the fixation checks did not all run: the grade then reads "incomplete". */
  complete: boolean
  /** The grade with its coverage, e.g. "A (incomplete: 5 of 18 checks ran)", or "— (incomplete: fixation not tested; 1 of 18 checks ran)". */
  gradeLabel: string
  findings: Finding[]
  checks: CheckOutcome[]
  tokens?: TokenSummary
  /** Things a reader must know to judge the result (e.g. Secure cookies replayed over http on loopback). */
  notes: string[]
  /**
   * Set when the scan's time or request budget ran out ("request budget of 60 used up"): the checks it
   * cut are not tested (their reason says so), the findings proven before it stand.
   */
  budgetExhausted?: string
  /** Every exchange of the scan but the bulk id samples, when the caller asked for it (ScanOptions.traffic); redacted like the evidence. */
  traffic?: Exchange[]
  /** Findings set aside by the ignore list or the baseline; they do not fail the gate. */
  suppressed?: SuppressedFinding[]
  /** Set by the CLI and the Action: the gate the scan was judged by. */
  gate?: GateRecord
  /** Set when a project's source was checked (`sessionguard check`, `scan --source`). */
  source?: SourceSummary
}
