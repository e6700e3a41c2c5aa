import { createHash } from 'node:crypto'
import type { CodeLocation, Finding } from '../model/finding.js'
import { untrusted } from './text.js'
import { artifactFor } from './sarif-web.js'

// SARIF for findings that have a place in the code (SG-SRC-*, and scan findings joined with
// --source): a real physical location (the file relative to %SRCROOT%, the region, the excerpt as
// the snippet), the code flow from the client-controlled source to the store key as a threadFlow,
// and a fingerprint from the check, the file and the handler (stable when lines move). Kept apart
// from sarif.ts, whose locations are those of a black-box scan.

function artifact(file: string): { uri: string; uriBaseId?: string } {
  const a = artifactFor(file) ?? { uri: '.', uriBaseId: '%SRCROOT%' }
  return { uri: a.uri, ...(a.uriBaseId ? { uriBaseId: a.uriBaseId } : {}) }
}

function physical(l: CodeLocation, snippet?: string): Record<string, unknown> {
  const region: Record<string, unknown> = {
    startLine: l.line,
    startColumn: l.column,
    endLine: l.endLine,
    endColumn: Math.max(l.endColumn, l.line === l.endLine ? l.column + 1 : 1),
  }
  if (snippet !== undefined) region.snippet = { text: snippet }
  return { artifactLocation: artifact(l.file), region }
}

/**
 * The result's locations when the finding has code evidence; undefined otherwise. `web`: the scan's
 * own location (the target URL as a logical location) for a scan finding joined to its handler.
 */
export function codeLocations(f: Finding, web?: Record<string, unknown>): Array<Record<string, unknown>> | undefined {
  const c = f.code
  if (!c) return undefined
  const line = c.excerpt.lines[c.location.line - c.excerpt.startLine]
  const what = c.handler
    ? `in ${untrusted(c.handler.name, 200)}`
    : c.advisory
      ? `${untrusted(c.advisory.package, 100)} ${untrusted(c.advisory.version, 40)}`
      : ''
  const logical = f.id.startsWith('SG-SRC-') ? undefined : web?.logicalLocations
  return [
    {
      physicalLocation: physical(c.location, line),
      ...(logical ? { logicalLocations: logical } : {}),
      message: { text: `${f.id} ${what}`.trim() },
    },
  ]
}

/** SARIF codeFlows: one thread flow from the client's value to the sink. */
export function codeFlows(f: Finding): Array<Record<string, unknown>> | undefined {
  const flow = f.code?.flow
  if (!flow?.length) return undefined
  return [
    {
      message: { text: `From the client-controlled value to ${f.id === 'SG-SRC-NO-ROTATE' ? 'the session write' : 'the store key'}` },
      threadFlows: [
        {
          locations: flow.map((s, i) => ({
            location: { physicalLocation: physical(s), message: { text: untrusted(s.note, 500) } },
            nestingLevel: 0,
            executionOrder: i + 1,
          })),
        },
      ],
    },
  ]
}

/** Stable across runs and line moves: the check, the carrier, the file, the handler (or the locked package). */
export function codeFingerprint(f: Finding): string | undefined {
  const c = f.code
  if (!c) return undefined
  const anchor = c.advisory ? `${c.advisory.package}@${c.advisory.version}` : (c.handler?.name ?? `${c.location.line}`)
  const carrier = f.carrier ? `${f.carrier.kind}:${f.carrier.name}` : ''
  return createHash('sha256').update([f.id, carrier, c.location.file, anchor].join('\n')).digest('hex').slice(0, 32)
}
