import type { Decoded } from '../decode/index.js'
import type { Detection } from '../types.js'
import type { DetectContext } from './context.js'

/**
 * The same id issued twice. With B random bits, n ids collide about n²/2^(B+1) times, so even one
 * repeat in a small sample of a wide token says the real entropy is far lower (birthday bound).
 */
export function detectRepeats(ctx: DetectContext): Detection | undefined {
  const { d } = ctx
  const cores = d.cores
  const pairs: Array<[number, number]> = []
  let duplicates = 0
  const note = (first: number, i: number): void => {
    duplicates++
    if (pairs.length < 3) pairs.push([first, i])
  }
  if (d.encoding.wholeBits && !d.uuid) firstOccurrences(d, note)
  else {
    // the bits do not spell the id one to one here (numbers cut to their low bits, UUIDs in either case)
    const first = new Map<string, number>()
    cores.forEach((c, i) => {
      const seen = first.get(c)
      if (seen === undefined) first.set(c, i)
      else note(seen, i)
    })
  }
  if (duplicates === 0) return undefined
  const n = cores.length
  const expected = (n * (n - 1)) / 2 / 2 ** ctx.capacity
  const birthday = Math.log2((n * (n - 1)) / 2 / duplicates)
  return {
    id: 'repeats',
    fired: expected < 0.01,
    predictive: false,
    summary: `${duplicates} repeated id(s) in ${n} samples (a ${ctx.capacity.toFixed(0)}-bit random id would repeat ${expected.toExponential(1)} times)`,
    evidence: pairs.map(([a, b]) => `token ${a} = token ${b}`),
    bits: Math.max(0, birthday),
  }
}

/**
 * Calls `note(first, i)` for every token i that repeats an earlier one, in sample order. In a whole-bit
 * alphabet equal ids have equal packed bits: an open-addressing table keyed by a hash of those bits
 * holds the first occurrence of each id, and strings are compared only when the hashes agree.
 */
function firstOccurrences(d: Decoded, note: (first: number, i: number) => void): void {
  const cores = d.cores
  let size = 1
  while (size < cores.length * 2) size *= 2
  const slots = new Int32Array(size).fill(-1)
  const hashes = new Int32Array(cores.length)
  for (let i = 0; i < cores.length; i++) {
    const off = d.byteOffsets[i]!
    const end = off + ((d.bitCounts[i]! + 7) >>> 3)
    let h = (0x811c9dc5 ^ d.bitCounts[i]!) | 0
    for (let k = off; k < end; k++) h = Math.imul(h ^ d.packed[k]!, 0x01000193)
    h ^= h >>> 15
    hashes[i] = h
    let slot = h & (size - 1)
    for (;;) {
      const j = slots[slot]!
      if (j < 0) {
        slots[slot] = i
        break
      }
      if (hashes[j] === h && cores[j] === cores[i]) {
        note(j, i)
        break
      }
      slot = (slot + 1) & (size - 1)
    }
  }
}
