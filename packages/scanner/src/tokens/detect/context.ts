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

/** Shortens a token for evidence lines. */
export function short(token: string, max = 48): string {
  return token.length <= max ? token : `${token.slice(0, max - 1)}…`
}
