// Passwords must never travel back to the assistant. The scanner already redacts the reports it
// builds; this is the last line: any occurrence of a password in what a tool returns is replaced,
// in every form the scanner's redactor recognises (percent, HTML, JSON escapes, base64).
import { Redactor } from '@sessionguard/scanner'

function redactorFor(secrets: readonly string[]): Redactor | undefined {
  // One or two characters would blank unrelated text; such a password is not worth protecting anyway.
  const kept = secrets.filter((s) => s.length >= 3)
  if (kept.length === 0) return undefined
  const r = new Redactor()
  for (const s of kept) r.addPassword(s)
  return r
}

/** Replaces every password in a string, in any encoding. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return redactorFor(secrets)?.text(text) ?? text
}

/** The same for every string (and key) inside a JSON-like value: a report, a tool result. */
export function scrubValue<T>(value: T, secrets: readonly string[]): T {
  const r = redactorFor(secrets)
  if (!r) return value
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return r.text(v)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [r.text(k), walk(x)]))
    return v
  }
  return walk(value) as T
}
