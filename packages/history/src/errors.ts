import { SessionguardError } from '@sessionguard/scanner'

// Named errors of the history/monitor/dashboard package. Codes follow the scanner's style so the CLI
// can print them the same way; exit codes: 2 for what the user must fix, 3 for runtime failures.

export type DashboardErrorCode =
  'SG_HISTORY_NOT_FOUND' | 'SG_HISTORY_AMBIGUOUS' | 'SG_HISTORY_STORE' | 'SG_MONITOR_CONFIG' | 'SG_DASHBOARD_HOST' | 'SG_DASHBOARD_PORT'

/** The history package's errors: the scanner's branded base, with the history codes. */
export class DashboardError extends SessionguardError {
  declare readonly code: DashboardErrorCode
  constructor(code: DashboardErrorCode, exitCode: 2 | 3, message: string, options?: { cause?: unknown }) {
    super(code, exitCode, message, options)
  }
}

/** A scan id that is not in the store (or cannot be, e.g. it contains path characters). */
export class ScanNotFoundError extends DashboardError {
  constructor(scanId: string, detail = 'in the history') {
    super('SG_HISTORY_NOT_FOUND', 2, `no scan with id ${JSON.stringify(scanId)} ${detail}`)
  }
}

/** A scan id prefix that matches several scans, or is too short to be taken as a prefix. Exit 2. */
export class AmbiguousScanIdError extends DashboardError {
  constructor(message: string) {
    super('SG_HISTORY_AMBIGUOUS', 2, message)
  }
}

/** The dashboard's port is taken (or not ours to use). Exit 2: the user picks another one. */
export class DashboardPortError extends DashboardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_DASHBOARD_PORT', 2, message, options)
  }
}

/** The store could not read or write (disk, DynamoDB, an item over DynamoDB's size limit). */
export class HistoryStoreError extends DashboardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_HISTORY_STORE', 3, message, options)
  }
}

/** targets.yml is missing, unparsable, or an entry is not a usable target. */
export class MonitorConfigError extends DashboardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SG_MONITOR_CONFIG', 2, message, options)
  }
}

/** The dashboard was asked to listen on a non-loopback address without the user saying so explicitly. */
export class UnsafeHostError extends DashboardError {
  constructor(host: string) {
    super('SG_DASHBOARD_HOST', 2, `refusing to serve the dashboard on non-loopback address ${host}; pass --host explicitly to allow it`)
  }
}
