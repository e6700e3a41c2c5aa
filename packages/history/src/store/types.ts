import type { Grade, ScanReport, Severity } from '@sessionguard/scanner'

/** Who ran the scan; kept so a reader can tell a CI gate from a monitor round. */
export type ScanSource = 'cli' | 'action' | 'mcp' | 'monitor'
export const SCAN_SOURCES: readonly ScanSource[] = ['cli', 'action', 'mcp', 'monitor']

export interface ScanMeta {
  source: ScanSource
  /**
   * The history key to record the scan under, instead of the report's target: the Action scans an app it
   * started on 127.0.0.1, which says nothing about which repository's app it was.
   */
  target?: string
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
  /**
   * Whether a fixation check (SG-FIX-ADOPT, -LOGIN, -OLDID) ran, the evidence a letter needs. Absent in
   * summaries written before it was recorded: such a summary shows its letter only when `complete` says
   * every fixation check ran (see shownSummary), until `history --migrate` re-derives it from its report.
   */
  fixationRan?: boolean
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

/** What a monitor's targets file says about a target; the fleet views judge "overdue" by it. */
export interface TargetRegistration {
  /** Normalised target (see targetKey). */
  target: string
  name: string
  tags: string[]
  everyMs: number
  /** The worker that scans it ("1/3"), when the monitor runs sharded. */
  shard?: string
  /** The fleet (targets file) that lists it: a monitor retires registrations of its own fleet only. */
  fleet?: string
}

/** One scan in a target's recent trend. */
export interface TrendPoint {
  at: string
  scanId: string
  score: number
  /** null when the scan proved nothing to grade (kept open for reports without a grade). */
  grade: Grade | null
}

/** How many recent scans a target's state keeps for its trend. */
export const TREND_POINTS = 12

/**
 * One target at a glance, kept up to date by save() and recordOutage() (whoever scanned it: a monitor,
 * the Action, the CLI) and by the monitor's registration: what the monitor needs before a scan and what
 * the fleet views show, without reading the target's whole history.
 */
export interface TargetState {
  target: string
  /** Time of the newest entry, scan or outage. */
  lastEntryAt?: string
  /** 'down' when the newest entry is an outage; 'never' before any entry. */
  status: 'up' | 'down' | 'never'
  /** The newest successful scan. */
  latest?: ScanSummary
  /** The newest scans, oldest first, at most TREND_POINTS. */
  recent: TrendPoint[]
  scans: number
  /** Set while a monitor's targets file lists the target. */
  registration?: TargetRegistration & { registeredAt: string }
}

/** A claim on one target, round and kind of work ('scan', or an alert kind), taken by one worker of a fleet. */
export interface Claim {
  target: string
  /** The round's label (see roundLabel). */
  round: string
  kind: string
  /** Who holds it, for the logs ("shard 1/3, pid 12"). */
  by: string
}

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
  /** One target's state, without reading its history. */
  state(target: string): Promise<TargetState | undefined>
  /** Every target that has an entry or a registration. */
  fleet(): Promise<TargetState[]>
  /** Records (or updates) what the targets file says about these targets; the first registration time is kept. */
  register(targets: TargetRegistration[], at: string): Promise<void>
  /** Forgets the registration of targets no longer in a targets file; their history stays. */
  unregister(targets: string[]): Promise<void>
  /**
   * Takes a claim with a conditional write: true for the one caller that got it first, false for every
   * other (in any process, on any machine sharing the store).
   */
  claim(claim: Claim): Promise<boolean>
  close(): Promise<void>
}
