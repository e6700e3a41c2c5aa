import { SESSIONISH, urlTokens } from '../actors/ids.js'
import type { Decor } from '../actors/session.js'
import type { Observation } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import type { Exchange } from '../model/finding.js'
import type { ProvenCarrier } from '../model/target.js'

/** The URL parameters that carry a session in this scan, lower-cased: query names and `;name=` path parameter names. */
export interface UrlCarrierNames {
  query: Set<string>
  path: Set<string>
}

/**
 * The URL-carried session parameters of this scan: every query or path carrier it proved (required or
 * also accepted), every one a session carries, `;jsessionid=` (the servlet containers' own) always, and
 * every session-named parameter the target itself handed out in a redirect or a link (`Location:
 * /login?sid=…`): a scan without login proves no carrier, and those ids are the target's all the same.
 */
export function urlCarrierNames(
  carrier: ProvenCarrier | undefined,
  carries: readonly Decor[],
  observations: readonly Observation[] = [],
): UrlCarrierNames {
  const names: UrlCarrierNames = { query: new Set(), path: new Set(['jsessionid']) }
  for (const c of [...(carrier?.required ?? []), ...(carrier?.accepted ?? []), ...carries])
    if (c.kind === 'query' || c.kind === 'path') names[c.kind].add(c.name.toLowerCase())
  for (const o of observations)
    for (const d of urlTokens([...locations(o.headers), ...o.links].map((u) => absolute(u, o.url))))
      if (d.kind === 'query' || (d.kind === 'path' && SESSIONISH.test(d.name))) names[d.kind].add(d.name.toLowerCase())
  return names
}

function absolute(url: string, base: string): string {
  try {
    return new URL(url, base).href
  } catch {
    return ''
  }
}

function locations(headers: Record<string, string | string[]> | undefined): string[] {
  const v = headers?.location ?? headers?.Location
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/**
 * Learns as secrets the values of the session's URL carriers in every URL the scan recorded: each
 * request URL and each `Location` it was answered with. A Set-Cookie is learned wherever it appears; an
 * id carried only in `?sid=` or `;jsessionid=` appears only in URLs (the pre-login ids, a session the
 * scanner lost and replaced), so without this it would be in clear in the report.
 */
export function learnUrlCarried(
  redactor: Redactor,
  names: UrlCarrierNames,
  observations: readonly Observation[],
  exchanges: readonly Exchange[] = [],
): void {
  if (names.query.size === 0 && names.path.size === 0) return
  const learn = (raw: string, base: string): void => {
    let u: URL
    try {
      u = new URL(raw, base)
    } catch {
      return
    }
    for (const [k, v] of u.searchParams) if (names.query.has(k.toLowerCase())) redactor.addSecret(v)
    for (const m of u.pathname.matchAll(/;([^=;/?#]+)=([^;/?#]*)/g)) {
      if (!names.path.has(m[1]!.toLowerCase())) continue
      redactor.addSecret(m[2])
      try {
        redactor.addSecret(decodeURIComponent(m[2]!))
      } catch {
        // a malformed escape: the raw value is learned
      }
    }
  }
  for (const o of observations) {
    learn(o.url, o.url)
    for (const loc of locations(o.headers)) learn(loc, o.url)
  }
  for (const e of exchanges) {
    learn(e.request.url, e.request.url)
    for (const loc of locations(e.response?.headers)) learn(loc, e.request.url)
  }
}
