import { headerTokens } from '../actors/ids.js'
import type { Decor } from '../actors/session.js'
import type { Observation } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import type { Exchange } from '../model/finding.js'
import type { ProvenCarrier } from '../model/target.js'

/**
 * The request headers that carry a session in this scan, lower-cased: every header carrier it proved,
 * every one a session carries, and the one the config names (`session: { header }`).
 */
export function headerCarrierNames(carrier: ProvenCarrier | undefined, carries: readonly Decor[], configured?: string): Set<string> {
  const names = new Set<string>()
  for (const c of [...(carrier?.required ?? []), ...(carrier?.accepted ?? []), ...carries])
    if (c.kind === 'header') names.add(c.name.toLowerCase())
  if (configured) names.add(configured.toLowerCase())
  return names
}

function carried(headers: Record<string, string | string[]> | undefined, names: Set<string>): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const [k, v] of Object.entries(headers ?? {}))
    if (names.has(k.toLowerCase())) for (const one of Array.isArray(v) ? v : [v]) out.push([k, one])
  return out
}

/**
 * Learns as secrets every value a session header carrier held in this scan: each one the target handed
 * out (in that response header, or in a JSON field a client sends back in it) and each one the scanner
 * sent in it. A session that was replaced (a new login, a lost session) leaves only its old exchanges:
 * the current carry alone would leave the first id in clear wherever a body quotes it.
 */
export function learnHeaderCarried(
  redactor: Redactor,
  names: Set<string>,
  observations: readonly Observation[],
  exchanges: readonly Exchange[] = [],
): void {
  if (names.size === 0) return
  // as a supplied header: 'Bearer <token>' is learned with and without its scheme
  for (const o of observations) {
    for (const [k, v] of carried(o.headers, names)) redactor.addSecretHeader(k, v)
    for (const d of headerTokens(o)) if (names.has(d.name.toLowerCase())) redactor.addSecretHeader(d.name, d.value)
  }
  for (const e of exchanges)
    for (const [k, v] of [...carried(e.request.headers, names), ...carried(e.response?.headers, names)]) redactor.addSecretHeader(k, v)
}
