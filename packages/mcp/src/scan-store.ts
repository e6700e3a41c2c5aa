import type { GateResult, ScanReport } from '@sessionguard/scanner'

/** Somewhere outside the session to keep scans (the dashboard's history store fits this shape). */
export interface ScanRecorder {
  save(report: ScanReport, meta: { source: 'mcp' }): Promise<unknown>
  get?(scanId: string): Promise<{ report: ScanReport } | undefined>
}

export interface StoredScan {
  report: ScanReport
  /** Present when the scan was asked for fail_on or threshold. */
  gate?: GateResult
}

/**
 * The scans of this server's lifetime, in memory. Bounded so that a long assistant session cannot
 * grow the process without limit: the oldest scans are dropped first.
 */
export class ScanStore {
  private readonly scans = new Map<string, StoredScan>()

  constructor(private readonly limit = 50) {}

  add(scan: StoredScan): void {
    this.scans.delete(scan.report.scanId)
    this.scans.set(scan.report.scanId, scan)
    while (this.scans.size > this.limit) {
      const oldest = this.scans.keys().next().value
      if (oldest === undefined) break
      this.scans.delete(oldest)
    }
  }

  get(scanId: string): StoredScan | undefined {
    return this.scans.get(scanId)
  }

  /** Newest first. */
  list(target?: string): StoredScan[] {
    const all = [...this.scans.values()].reverse()
    if (!target) return all
    const wanted = originOf(target)
    return all.filter((s) => originOf(s.report.target) === wanted)
  }
}

function originOf(target: string): string {
  try {
    return new URL(target).origin
  } catch {
    return target
  }
}
