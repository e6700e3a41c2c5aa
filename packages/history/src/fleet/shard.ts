import { createHash } from 'node:crypto'
import { MonitorConfigError } from '../errors.js'
import { targetKey } from '../store/target-key.js'

export interface Shard {
  index: number
  count: number
}

/** The most workers one targets file can be split across. */
export const MAX_SHARDS = 1024

/** `--shard i/n`: worker i (from 0) of n. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text)
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || count < 1 || count > MAX_SHARDS || index >= count)
    throw new MonitorConfigError(
      `--shard: expected i/n with 0 <= i < n <= ${MAX_SHARDS} (worker i of n, e.g. 0/3), got ${JSON.stringify(text)}`,
    )
  return { index, count }
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`
}

/**
 * The worker (0..count-1) that scans a target, from its history key alone: the same on every machine,
 * whatever the order of the targets file. Jump consistent hashing (Lamping and Veach, 2014) over 64 bits
 * of SHA-256: going from n to n+1 workers moves only a 1/(n+1) share of the targets.
 */
export function shardOf(target: string, count: number): number {
  let key = createHash('sha256').update(targetKey(target)).digest().readBigUInt64BE(0)
  let b = -1
  let j = 0
  while (j < count) {
    b = j
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn
    j = Math.floor((b + 1) * (2 ** 31 / (Number(key >> 33n) + 1)))
  }
  return b
}

/** This worker's share of the targets, in the order of the file. */
export function selectShard<T extends { key: string }>(targets: T[], shard: Shard): T[] {
  return targets.filter((t) => shardOf(t.key, shard.count) === shard.index)
}
