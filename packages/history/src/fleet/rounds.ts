// A round of a target is a window of its interval on the wall clock: round r of a target scanned every
// E ms is [r·E, (r+1)·E) since the Unix epoch. Every worker of a fleet computes the same rounds from its
// own clock, with nothing to coordinate but the clocks themselves (NTP): a claim names a round, and a
// target is overdue when a whole round passed without an entry.

export function roundOf(atMs: number, everyMs: number): number {
  return Math.floor(atMs / everyMs)
}

export function roundStart(round: number, everyMs: number): number {
  return round * everyMs
}

/** The name of a round in claims and logs: its start and its length, so a changed interval never reuses a name. */
export function roundLabel(atMs: number, everyMs: number): string {
  return `${new Date(roundStart(roundOf(atMs, everyMs), everyMs)).toISOString()}/${everyMs}`
}

/**
 * Overdue: the target was registered before the previous round ended and has no entry (scan or outage)
 * since that round began, so a whole round went by without its worker getting to it: the worker died, is
 * stuck, or has more targets than its concurrency can scan in a round.
 */
export function isOverdue(registeredAt: string, everyMs: number, lastEntryAt: string | undefined, nowMs: number): boolean {
  const current = roundOf(nowMs, everyMs)
  const previousStart = roundStart(current - 1, everyMs)
  if (Date.parse(registeredAt) >= roundStart(current, everyMs)) return false
  return lastEntryAt === undefined || Date.parse(lastEntryAt) < previousStart
}
