import type { Detection } from '../types.js'
import type { DetectContext } from './context.js'

function lcp(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}

/**
 * Successive ids sharing more leading characters than unrelated ids do: the leading part moves slowly
 * (a clock, a counter's high digits), so knowing one id tells an attacker most of the next.
 */
export function detectDrift(ctx: DetectContext): Detection | undefined {
  const v = ctx.d.varying
  const n = v.length
  if (n < 10) return undefined
  const half = Math.floor(n / 2)
  // identical neighbours are the repeats detector's business, not drift
  let consecutive = 0
  let pairs = 0
  let unrelated = 0
  let others = 0
  for (let i = 0; i + 1 < n; i++) {
    if (v[i] === v[i + 1]) continue
    consecutive += lcp(v[i]!, v[i + 1]!)
    pairs++
  }
  for (let i = 0; i + half < n; i++) {
    if (v[i] === v[i + half]) continue
    unrelated += lcp(v[i]!, v[i + half]!)
    others++
  }
  if (pairs < 5 || others < 5) return undefined
  const c = consecutive / pairs
  const u = unrelated / others
  // n random ids put in sorted order already share about log_b(n) leading characters
  const sortedShare = Math.log(n) / Math.log(Math.max(2, ctx.d.encoding.alphabet.length))
  if (c - u < 1 || c < sortedShare + 1) return undefined
  const shared = (c - u) * ctx.d.encoding.bitsPerChar
  return {
    id: 'prefix-drift',
    fired: true,
    predictive: false,
    summary: `successive ids share ${c.toFixed(1)} leading characters on average (unrelated ids: ${u.toFixed(1)})`,
    evidence: [`token 0 and token 1 share their first ${lcp(v[0]!, v[1]!)} characters: the leading part drifts slowly`],
    bits: Math.max(0, ctx.capacity - shared),
  }
}
