import type { Detection } from '../types.js'
import { short, type DetectContext } from './context.js'

/**
 * The same id issued twice. With B random bits, n ids collide about n²/2^(B+1) times, so even one
 * repeat in a small sample of a wide token says the real entropy is far lower (birthday bound).
 */
export function detectRepeats(ctx: DetectContext): Detection | undefined {
  const first = new Map<string, number>()
  const pairs: Array<[number, number]> = []
  let duplicates = 0
  ctx.d.cores.forEach((c, i) => {
    const seen = first.get(c)
    if (seen === undefined) first.set(c, i)
    else {
      duplicates++
      if (pairs.length < 3) pairs.push([seen, i])
    }
  })
  if (duplicates === 0) return undefined
  const n = ctx.d.cores.length
  const expected = (n * (n - 1)) / 2 / 2 ** ctx.capacity
  const birthday = Math.log2((n * (n - 1)) / 2 / duplicates)
  return {
    id: 'repeats',
    fired: expected < 0.01,
    predictive: false,
    summary: `${duplicates} repeated id(s) in ${n} samples (a ${ctx.capacity.toFixed(0)}-bit random id would repeat ${expected.toExponential(1)} times)`,
    evidence: pairs.map(([a, b]) => `token ${a} = token ${b} = ${short(ctx.d.cores[a]!)}`),
    bits: Math.max(0, birthday),
  }
}
