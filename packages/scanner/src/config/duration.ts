const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parses 1500, "1500", "10s", "1.5m", "2h", "500ms" into milliseconds; undefined when it is none of those. */
export function parseDuration(input: number | string): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(input)
  if (!m) return undefined
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!)
}
