import type { Detection } from '../types.js'
import type { DetectContext } from './context.js'

const RADIX: Partial<Record<string, number>> = { base36: 36, hex: 16, decimal: 10 }

function neighbours(x: number): number[] {
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, x)
  const bits = buf.getBigUint64(0)
  const out: number[] = []
  for (const delta of [0n, 1n, -1n, 2n, -2n]) {
    const b = bits + delta
    if (b < 0n) continue
    buf.setBigUint64(0, b)
    out.push(buf.getFloat64(0))
  }
  return out
}

/** Is `digits` the start of the radix expansion of some double in [0, 1)? */
export function isFloatExpansion(digits: string, radix: number): boolean {
  const n = BigInt(radix === 16 ? '0x' + digits : radix === 10 ? digits : '0')
  let num = n
  if (radix === 36) {
    num = 0n
    for (const c of digits) num = num * 36n + BigInt(parseInt(c, 36))
  }
  const x = Number(num) / Number(BigInt(radix) ** BigInt(digits.length))
  for (const y of neighbours(x)) {
    if (!(y > 0 && y < 1)) continue
    const s = y.toString(radix)
    if (s.startsWith('0.') && s.slice(2).startsWith(digits)) return true
  }
  return false
}

/**
 * Ids cut from a double's digits (`Math.random().toString(36).slice(2)`): each is the expansion of a
 * 52-bit number however long it looks, and V8's generator behind it can be recovered from a few
 * outputs. Only meaningful when a token holds more digits than a double can explain (≥ 56 bits).
 */
export function detectFloat(ctx: DetectContext): Detection | undefined {
  const { d } = ctx
  const radix = RADIX[d.encoding.name]
  if (!radix || (d.prefix !== '' && !d.prefix.endsWith('.'))) return undefined
  if (radix === 16 && !d.encoding.alphabet.endsWith('abcdef')) return undefined
  // shorter ids fit some double whatever made them: only those longer than a double can explain count
  const testable: number[] = []
  d.varying.forEach((v, i) => {
    if (v.length * Math.log2(radix) >= 56 && v.length <= 1100) testable.push(i)
  })
  if (testable.length < Math.max(10, d.varying.length * 0.3)) return undefined
  const probe = testable.slice(0, 20)
  if (probe.filter((i) => isFloatExpansion(d.varying[i]!, radix)).length < probe.length * 0.9) return undefined
  let hits = 0
  let example = -1
  for (const i of testable) {
    if (isFloatExpansion(d.varying[i]!, radix)) {
      hits++
      if (example < 0) example = i
    }
  }
  if (hits < testable.length * 0.9) return undefined
  return {
    id: 'float',
    fired: true,
    predictive: false,
    summary: `ids are the base-${radix} digits of a floating-point number (Math.random()-style): at most 52 bits each`,
    evidence: [
      `${hits} of the ${testable.length} tokens longer than 56 bits are exactly the leading digits of a double's base-${radix} expansion (a random string of that length rarely is)`,
      `token ${example} is how ${radix === 10 ? 'String(x)' : `x.toString(${radix})`} writes a double x (base ${radix})`,
      "V8's Math.random (xorshift128+) state is recoverable from a few outputs; predictions were not attempted",
    ],
    bits: Math.min(ctx.capacity, 52),
  }
}
