import { parseDuration } from '@sessionguard/scanner'

/** "15m", "1h", "30s", "500ms" or a number of ms (the scanner's duration syntax); undefined when not a positive duration. */
export function parseInterval(input: unknown): number | undefined {
  if (typeof input !== 'number' && typeof input !== 'string') return undefined
  const ms = parseDuration(input)
  return ms !== undefined && ms > 0 ? ms : undefined
}

export function formatInterval(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}
