import type { Carrier } from '../model/finding.js'
import type { ProvenCarrier } from '../model/target.js'
import { matchTemplate } from './patterns.js'
import type { ApiOperation, ApiSpec, SecurityScheme } from './model.js'

// The spec says how the API authenticates and which operations need it; the scan saw what the
// running app does. Where the two disagree is worth a sentence in the report.

function schemeCarrier(s: SecurityScheme): Carrier | undefined {
  if (s.type === 'apiKey' && s.paramName && (s.in === 'cookie' || s.in === 'header' || s.in === 'query'))
    return { kind: s.in, name: s.paramName }
  if (s.type === 'http' || s.type === 'basic' || s.type === 'oauth2' || s.type === 'openIdConnect')
    return { kind: 'header', name: 'Authorization' }
  return undefined
}

const same = (a: Carrier, b: Carrier): boolean =>
  a.kind === b.kind && (a.kind === 'header' ? a.name.toLowerCase() === b.name.toLowerCase() : a.name === b.name)
const show = (c: Carrier): string => `${c.kind} ${c.name}`

/** Declared schemes against the carrier the scan proved by removing it. */
export function schemeNotes(spec: ApiSpec, carrier: ProvenCarrier | undefined): string[] {
  if (spec.schemes.length === 0 || !carrier) return []
  const proven = [...carrier.required, ...carrier.accepted]
  const declared = spec.schemes.map((s) => ({ s, c: schemeCarrier(s) }))
  const matching = declared.filter((d) => d.c && proven.some((p) => same(p, d.c!)))
  if (matching.length)
    return [
      `Spec security scheme ${matching.map((d) => `${d.s.name} (${show(d.c!)})`).join(', ')} matches what the scan proved carries the session.`,
    ]
  return [
    `The spec declares ${declared.map((d) => `${d.s.name} (${d.c ? show(d.c) : d.s.type})`).join(', ')}, but the scan proved the session is carried by ${show(carrier.primary)}: the description and the app disagree on how clients authenticate.`,
  ]
}

export function operationFor(spec: ApiSpec, method: string, path: string): ApiOperation | undefined {
  const pathname = new URL(path, 'http://x.invalid').pathname
  return spec.operations.find((op) => op.method === method && matchTemplate(op.path, pathname) !== undefined)
}

export interface AnonymousResult {
  path: string
  status: number
  /** The response carried content (2xx, not a login form). */
  served: boolean
}

/** What the operations declare against what anonymous replays actually got. */
export function enforcementNotes(spec: ApiSpec, results: AnonymousResult[]): string[] {
  const notes: string[] = []
  const servedSecured = new Map<string, string[]>()
  const refusedPublic = new Map<string, string[]>()
  let securedRefused = 0
  for (const r of results) {
    const op = operationFor(spec, 'GET', r.path)
    if (!op) continue
    const key = `${op.method} ${op.path}`
    if (op.security === 'secured' && r.served) servedSecured.set(key, [...(servedSecured.get(key) ?? []), `${r.path} (${r.status})`])
    else if (op.security === 'secured') securedRefused++
    else if (op.security === 'public' && !r.served) refusedPublic.set(key, [...(refusedPublic.get(key) ?? []), `${r.path} (${r.status})`])
  }
  for (const [op, paths] of servedSecured)
    notes.push(`The spec declares ${op} as requiring authentication, but it answered without any session: ${paths.slice(0, 3).join(', ')}.`)
  for (const [op, paths] of refusedPublic)
    notes.push(
      `The spec declares ${op} as public (security: []), but the app refused it without a session: ${paths.slice(0, 3).join(', ')}.`,
    )
  if (securedRefused > 0 && servedSecured.size === 0)
    notes.push(`Every operation the spec declares as secured that was replayed without a session (${securedRefused}) was refused.`)
  return notes
}
