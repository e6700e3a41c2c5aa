import { SessionConfigError } from '../errors.js'

/** A duration in milliseconds, or a string such as '500ms', '30s', '30m', '12h', '7d'. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}` | string

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parses a Duration into milliseconds; anything ambiguous is a configuration error, not a guess. */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new SessionConfigError(`${what} must be a non-negative number of milliseconds, got ${value}`)
    return value
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value)
  if (!match) throw new SessionConfigError(`${what} must be milliseconds or a string like '30m', '12h', '7d', got '${value}'`)
  return Math.round(Number(match[1]) * units[match[2]!]!)
}
