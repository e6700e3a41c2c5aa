import { STATUS_CODES } from 'node:http'
import type { Exchange, Finding } from '../model/finding.js'

// A black-box finding is about a web request, and SARIF 2.1.0 says so with webRequest / webResponse
// (§3.46, §3.47) and a logical location naming the URL. A file location is added only when a real
// repository file describes the scan (the config, the workflow that ran it): GitHub code scanning needs
// one to show a result, and an invented one (a sessionguard.yml that does not exist) would send a reader
// to the wrong place. Everything here is read from the report, which was redacted before it existed.

export const SRCROOT = '%SRCROOT%'

/** A repository file the results hang on, and the line that names the target in it. */
export interface SarifArtifact {
  uri: string
  uriBaseId?: string
  line: number
}

/** A repository-relative path becomes a relative URI reference under %SRCROOT%; an absolute path a file: URI. */
export function artifactFor(path: string | undefined, line = 1): SarifArtifact | undefined {
  if (!path) return undefined
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  if (!p) return undefined
  const encode = (s: string): string => s.split('/').map(encodeURIComponent).join('/')
  const at = Math.max(1, Math.floor(line))
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return { uri: p, line: at }
  if (p.startsWith('/')) return { uri: `file://${encode(p)}`, line: at }
  if (/^[a-z]:\//i.test(p)) return { uri: `file:///${p.slice(0, 2)}${encode(p.slice(2))}`, line: at }
  return { uri: encode(p), uriBaseId: SRCROOT, line: at }
}

/** The result's location: the target URL as a logical location, on the repository file when there is one. */
export function webLocation(target: string, shownTarget: string, artifact: SarifArtifact | undefined): Record<string, unknown> {
  let name = target
  try {
    name = new URL(target).host
  } catch {
    // not a URL: the string names it
  }
  return {
    ...(artifact
      ? {
          physicalLocation: {
            artifactLocation: { uri: artifact.uri, ...(artifact.uriBaseId ? { uriBaseId: artifact.uriBaseId } : {}) },
            region: { startLine: artifact.line, startColumn: 1 },
          },
        }
      : {}),
    logicalLocations: [{ kind: 'resource', name, fullyQualifiedName: target }],
    message: { text: `Scanned target: ${shownTarget}` },
  }
}

/** The exchange that decides the finding: the last one with an answer (the attacker's replay, the logout check, the cookie). */
function decisive(f: Finding): Exchange | undefined {
  return [...f.evidence].reverse().find((x) => x.response) ?? f.evidence.at(-1)
}

/** Header values as SARIF wants them (strings); a repeated header's values joined as HTTP would fold them. */
function headerObject(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers))
    Object.defineProperty(out, k, { value: Array.isArray(v) ? v.join(', ') : v, enumerable: true, writable: true, configurable: true })
  return out
}

/** `webRequest` and `webResponse` of the decisive exchange (headers and body excerpt as the report has them: redacted). */
export function webExchange(f: Finding): Record<string, unknown> {
  const x = decisive(f)
  if (!x) return {}
  const webRequest = {
    protocol: 'HTTP',
    version: '1.1',
    target: x.request.url,
    method: x.request.method,
    headers: headerObject(x.request.headers),
    ...(x.request.body !== undefined ? { body: { text: x.request.body } } : {}),
  }
  const webResponse = x.response
    ? {
        protocol: 'HTTP',
        version: '1.1',
        statusCode: x.response.status,
        ...(STATUS_CODES[x.response.status] ? { reasonPhrase: STATUS_CODES[x.response.status] } : {}),
        headers: headerObject(x.response.headers),
        ...(x.response.body !== undefined ? { body: { text: x.response.body } } : {}),
      }
    : { noResponseReceived: true }
  return { webRequest, webResponse }
}
