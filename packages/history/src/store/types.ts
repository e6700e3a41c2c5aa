import type { Grade, ScanReport, Severity } from '@sessionguard/scanner'

/** Who ran the scan; kept so a reader can tell a CI gate from a monitor round. */
export type ScanSource = 'cli' | 'action' | 'mcp' | 'monitor'
export const SCAN_SOURCES: readonly ScanSource[] = ['cli', 'action', 'mcp', 'monitor']

export interface ScanMeta {
  source: ScanSource
}

/** What a listing shows about one scan, without loading its report. */
export interface ScanSummary {
  kind: 'scan'
  scanId: string
  /** Normalised target (see targetKey), the partition of the history. */
  target: string
  startedAt: string
  finishedAt: string
  source: ScanSource
  score: number
  /** null: no fixation check ran, so the scan earned no letter. */
  grade: Grade | null
  findings: number
  bySeverity: Record<Severity, number>
  /** "13 of 18" checks ran; complete is false when the fixation checks did not all run (absent in scans saved before coverage existed). */
  coverage?: string
  complete?: boolean
  /** Effective entropy of the session ids, when the scan sampled tokens. */
  tokenBits?: number
}

/** A round in which the target could not be scanned: recorded so that a gap is never read as "fixed". */
export interface OutageRecord {
  kind: 'down'
  id: string
  target: string
  at: string
  source: ScanSource
  /** Error code from the scanner (e.g. SG_TARGET_UNREACHABLE) when it had one. */
  code?: string
  error: string
  attempts: number
}

export type HistoryEntry = ScanSummary | OutageRecord

export interface StoredScan {
  summary: ScanSummary
  report: ScanReport
}

export interface TargetStatus {
  target: string
  scans: number
  /** The newest scan, if any scan of this target succeeded. */
  latest?: ScanSummary
  /** 'down' when the newest entry of the target is an outage. */
  status: 'up' | 'down'
  lastSeenAt: string
}

export type OutageInput = Omit<OutageRecord, 'kind' | 'id' | 'target'> & { target: string }

/**
 * Where scan reports are kept. Both implementations (files, DynamoDB) pass the same conformance
 * suite; listings are chronological (oldest first) and ties are broken by id, so two stores holding
 * the same scans list them identically.
 */
export interface HistoryStore {
  /** Records a report exactly as given (reports arrive redacted; nothing is added to them). Saving the same scanId again replaces it. */
  save(report: ScanReport, meta: ScanMeta): Promise<ScanSummary>
  recordOutage(outage: OutageInput): Promise<OutageRecord>
  /** Every entry, or those of one target, oldest first. */
  list(target?: string): Promise<HistoryEntry[]>
  get(scanId: string): Promise<StoredScan | undefined>
  /** The newest successful scan of a target (outages are skipped: they are not a result). */
  latest(target: string): Promise<StoredScan | undefined>
  targets(): Promise<TargetStatus[]>
  close(): Promise<void>
}
