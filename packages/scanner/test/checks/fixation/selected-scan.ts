// Helpers of the fast verdict tests (fix-login-edges, adopt-edges): a scan of one in-process app with
// only the named checks selected, and what the report says about a check.
import { scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import type { ProgressEvent } from '../../../src/model/progress.js'
import type { TargetApp } from '@sessionguard/testkit'

export type Config = Record<string, unknown>

export async function scanSelected(
  include: CheckId[],
  start: () => Promise<TargetApp>,
  config: (c: Config) => Config = (c) => c,
  onProgress?: (e: ProgressEvent) => void,
): Promise<ScanReport> {
  const app = await start()
  try {
    const cfg = config(structuredClone(app.config) as Config)
    return await scan({ ...cfg, checks: { include } } as never, onProgress ? { onProgress } : {})
  } finally {
    await app.close()
  }
}

export const outcome = (r: ScanReport, id: CheckId) => {
  const c = r.checks.find((x) => x.id === id)!
  return { status: c.status, reason: c.reason, enableWith: c.enableWith }
}
export const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
export const passed = (reason: string) => ({ status: 'passed', reason, enableWith: undefined })
