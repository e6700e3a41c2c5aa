import type { Decoded } from '../decode/index.js'
import type { PositionStat } from '../stats/positions.js'

export interface DetectContext {
  d: Decoded
  now: Date
  windowSeconds: number
  positions: PositionStat[]
  /** Varying bits per token. */
  capacity: number
  predictions: number
  hashSearch: boolean
}

export function median(values: bigint[]): bigint {
  if (values.length === 0) return 0n
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return s[Math.floor(s.length / 2)]!
}

export function abs(v: bigint): bigint {
  return v < 0n ? -v : v
}

export function gcd(a: bigint, b: bigint): bigint {
  a = abs(a)
  b = abs(b)
  while (b) [a, b] = [b, a % b]
  return a
}

/** log2 of a non-negative bigint, good to a few decimals. */
export function log2Big(v: bigint): number {
  if (v <= 0n) return 0
  const s = v.toString(2)
  if (s.length <= 52) return Math.log2(Number(v))
  return s.length - 52 + Math.log2(Number(BigInt('0b' + s.slice(0, 52))))
}

/**
 * Where a decoded time lies against the scan's clock, to the hour only: the finding needs "near now",
 * and an exact time would give the sampled id back (a timestamp id is its time; a UUIDv1 is its time
 * with a node and a clock sequence the summary names).
 */
export function nearScan(ms: number, now: Date): string {
  const hours = Math.abs(ms - now.getTime()) / 3_600_000
  return hours < 1 ? 'within an hour of scan time' : `about ${Math.round(hours)} h ${ms <= now.getTime() ? 'before' : 'after'} scan time`
}

/** Shortens a token for evidence lines. */
export function short(token: string, max = 48): string {
  return token.length <= max ? token : `${token.slice(0, max - 1)}…`
}
