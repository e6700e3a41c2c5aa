import type { Carrier, Finding } from '../model/finding.js'
import type { PreLoginReport, ScanReport } from '../model/report.js'
import type { ProvenCarrier } from '../model/target.js'
import { sameCarrier } from '../checks/carriers.js'
import type { PreLoginDiscovery } from '../checks/fixation/pre-login.js'

/** Per honoured carrier, what the attacks found through it: one row per door into the session. */
export function carrierTable(proven: ProvenCarrier, findings: Finding[]): NonNullable<ScanReport['session']['carriers']> {
  const rows: Array<Carrier & { role: 'required' | 'accepted'; found: string[] }> = []
  const add = (c: Carrier, role: 'required' | 'accepted'): void => {
    if (rows.some((r) => sameCarrier(r, c))) return
    rows.push({
      kind: c.kind,
      name: c.name,
      role,
      found: [...new Set(findings.filter((f) => f.carrier && sameCarrier(f.carrier, c)).map((f) => f.id))],
    })
  }
  for (const c of proven.required) add(c, 'required')
  for (const c of proven.accepted) add(c, 'accepted')
  return rows
}

export function preLoginReport(d: PreLoginDiscovery): PreLoginReport {
  return {
    budget: d.budget,
    used: d.used,
    visited: d.visited.map((v) => ({
      path: v.path,
      via: v.via,
      issued: v.issued,
      ...(v.method && v.method !== 'GET' ? { method: v.method } : {}),
      ...(v.request ? { request: v.request } : {}),
      ...(v.error ? { error: v.error } : {}),
    })),
    ...(d.found
      ? {
          issuedBy: {
            path: d.found.path,
            via: d.found.via,
            natural: d.found.natural,
            carriers: Object.keys(d.found.values),
            ...(d.found.request ? { request: d.found.request } : {}),
          },
        }
      : {}),
    ...(d.formsSeen.length ? { formsSeen: d.formsSeen } : {}),
    ...(d.browser ? { browser: d.browser } : {}),
  }
}
