// Passwords must never travel back to the assistant. The scanner already redacts the exchanges it
// records; this is the last line: any occurrence of a password in what a tool returns is replaced.

const MASK = '[redacted]'

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Replaces every password in a string; also their URL-encoded forms, as they appear in form bodies. */
export function scrubText(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>()
  for (const s of secrets) {
    // One or two characters would blank unrelated text; such a password is not worth protecting anyway.
    if (s.length < 3) continue
    forms.add(s)
    forms.add(encodeURIComponent(s))
    forms.add(JSON.stringify(s).slice(1, -1))
  }
  if (forms.size === 0) return text
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g')
  return text.replace(pattern, MASK)
}

/** The same for every string (and key) inside a JSON-like value: a report, a tool result. */
export function scrubValue<T>(value: T, secrets: readonly string[]): T {
  if (secrets.every((s) => s.length < 3)) return value
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, secrets)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrubText(k, secrets), walk(x)]))
    return v
  }
  return walk(value) as T
}
