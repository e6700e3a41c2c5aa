import type { Observation } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import { decodedLevels, type Escapes, QP_ESCAPE } from '../http/secret-forms.js'
import { isCredentialParam, urlParams } from '../text/url-credentials.js'
import type { Exchange } from '../model/finding.js'

/**
 * A value the target handed out under a credential-named parameter: long enough and not a plain word
 * (`?next=/login` names no credential; `?code=verify` is a word, not an id).
 */
function idLike(v: string): boolean {
  return v.length >= 6 && !/^[A-Za-z][a-z]*$/.test(v) && !v.startsWith('/')
}

function valuesOf(headers: Record<string, string | string[]> | undefined): string[] {
  return Object.values(headers ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v]))
}

/**
 * The observations each redactor has learned from already. A scan reads them during the scan (each
 * progress line, progress-masked.ts) and all of them again at its end or on an error (scan.ts); an
 * observation does not change once recorded and what it teaches depends on it alone, so one read is
 * enough: the later passes read only the observations recorded since, not every body at every level again.
 */
const readBy = new WeakMap<Redactor, WeakSet<Observation>>()

/** The readings the redactor searches beside the usual one: quoted-printable, tag characters, both. */
const EXTRA_READINGS: readonly Escapes[] = [{ qp: true }, { tags: true }, { qp: true, tags: true }]

/**
 * Learns as secrets the value of every credential-named parameter (`?sid=`, `;jsessionid=`,
 * `#access_token=`, isCredentialParam) in ANY URL the target sent the scanner, wherever it sent it: a
 * `Location` or `Refresh` header, a `<meta http-equiv=refresh>`, a form action, a script, a JSON field.
 * The session's proven carriers are learned by name elsewhere; this covers what the target hands out
 * before any carrier is proven (a scan without login) in a place no carrier rule reads.
 */
export function learnResponseCredentials(
  redactor: Redactor,
  observations: readonly Observation[],
  exchanges: readonly Exchange[] = [],
): void {
  const readLevel = (text: string): void => {
    if (!text.includes('=')) return
    for (const [k, v] of urlParams(text)) if (isCredentialParam(k) && idLike(v)) redactor.addSecret(v)
  }
  // A URL nested in a parameter (`?next=%2Fhome%3Fsid%3D…`) or escaped in a script (`\x26sid=`) or a
  // JSON string (`\u0026sid=`) hides its parameters from a reading of the raw text; the redactor's own
  // decoder gives every level it would search (percent, HTML references, JS/JSON escapes, nested up to
  // DECODE_DEPTH), so what is learned here is read at the same levels, at the same cost, as what is masked.
  // An id written in quoted-printable (`sid=3DAb12…`, whose usual reading is `3DAb12…`) or in tag
  // characters is read in the redactor's readings of those (Redactor READINGS), when a level holds one
  const read = (text: string | undefined): void => {
    if (!text) return
    readLevel(text)
    const holds = { qp: QP_ESCAPE.test(text), tags: text.includes('\udb40') }
    for (const level of decodedLevels(text)) {
      readLevel(level.text)
      holds.qp ||= QP_ESCAPE.test(level.text)
      holds.tags ||= level.text.includes('\udb40')
    }
    for (const escapes of EXTRA_READINGS)
      if ((!escapes.qp || holds.qp) && (!escapes.tags || holds.tags))
        for (const level of decodedLevels(text, false, escapes)) readLevel(level.text)
  }
  let done = readBy.get(redactor)
  if (!done) readBy.set(redactor, (done = new WeakSet()))
  for (const o of observations) {
    if (done.has(o)) continue
    done.add(o)
    read(o.url)
    valuesOf(o.headers).forEach(read)
    read(o.body)
    o.links.forEach(read)
  }
  for (const e of exchanges) {
    read(e.request.url)
    valuesOf(e.response?.headers).forEach(read)
    read(e.response?.body)
  }
}
