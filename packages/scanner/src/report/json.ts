import type { ScanReport } from '../model/report.js'

/**
 * The report as data, exactly the ScanReport object (schema: docs/report.schema.json, described in
 * docs/report-format.md). No reshaping here: the JSON is the contract, the TypeScript type mirrors it.
 */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
