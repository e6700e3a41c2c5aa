import type { Detection, PredictionSpec } from '../types.js'
import { abs, log2Big, median, nearScan, type DetectContext } from './context.js'

/** 100-ns intervals between the Gregorian reform (UUID epoch) and 1970. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n

interface V1 {
  time: bigint
  clockSeq: number
  node: string
}

function parseV1(hex: string): V1 {
  const time = (BigInt('0x' + hex.slice(13, 16)) << 48n) | (BigInt('0x' + hex.slice(8, 12)) << 32n) | BigInt('0x' + hex.slice(0, 8))
  return { time, clockSeq: parseInt(hex.slice(16, 20), 16) & 0x3fff, node: hex.slice(20, 32) }
}

function ms(time100ns: bigint): number {
  return Number((time100ns - GREGORIAN_OFFSET) / 10_000n)
}

const macOf = (node: string): string => node.match(/../g)!.join(':')

/** UUID versions: v1 gives away time and the machine; v4 is recognised as random; v7 leads with the time. */
export function detectUuid(ctx: DetectContext): Detection | undefined {
  const { d } = ctx
  if (!d.uuid) return undefined
  const n = d.varying.length
  const versions = new Map<string, number>()
  for (const h of d.varying) versions.set(h[12]!, (versions.get(h[12]!) ?? 0) + 1)
  const [version, count] = [...versions].sort((a, b) => b[1] - a[1])[0]!
  if (count < n * 0.9) return undefined
  if (version === '1') {
    const parsed = d.varying.map(parseV1)
    const nodes = new Map<string, number>()
    const seqs = new Map<number, number>()
    for (const p of parsed) {
      nodes.set(p.node, (nodes.get(p.node) ?? 0) + 1)
      seqs.set(p.clockSeq, (seqs.get(p.clockSeq) ?? 0) + 1)
    }
    const node = [...nodes].sort((a, b) => b[1] - a[1])[0]![0]
    const clockSeq = [...seqs].sort((a, b) => b[1] - a[1])[0]![0]
    const diffs: bigint[] = []
    for (let i = 1; i < n; i++) diffs.push(parsed[i]!.time - parsed[i - 1]!.time)
    const jitter = median(diffs.map(abs))
    const last = parsed.reduce((m, p) => (p.time > m ? p.time : m), 0n)
    const upper = /[A-F]/.test(d.cores[0] ?? '')
    const spec: PredictionSpec = {
      kind: 'uuid-v1',
      node,
      clockSeq,
      lastTime: last.toString(),
      step: (jitter > 0n ? jitter : 1n).toString(),
      upper,
    }
    return {
      id: 'uuid-v1',
      fired: true,
      predictive: true,
      summary: `UUIDv1: time-based, node ${macOf(node)}${nodes.size > 1 ? ` (+${nodes.size - 1} other nodes)` : ''}, clock sequence 0x${clockSeq.toString(16)}`,
      evidence: [
        `token 0 is a UUIDv1 issued ${nearScan(ms(parsed[0]!.time), ctx.now)} by node ${macOf(parsed[0]!.node)} (clock sequence 0x${parsed[0]!.clockSeq.toString(16)})`,
        `token ${n - 1} issued ${nearScan(ms(parsed[n - 1]!.time), ctx.now)}`,
        `successive ids are a median ${jitter.toString()} × 100 ns apart; ${nodes.size} node(s), ${seqs.size} clock sequence(s)`,
      ],
      bits: log2Big(1n + 2n * jitter) + Math.log2(nodes.size) + Math.log2(seqs.size),
      spec,
    }
  }
  if (version === '4') {
    return {
      id: 'uuid-v4',
      fired: false,
      predictive: false,
      summary: 'UUIDv4: 122 random bits (version and variant bits are fixed)',
      evidence: [`${count} of ${n} tokens are version-4 UUIDs`],
    }
  }
  if (version === '7') {
    const times = d.varying.map((h) => BigInt('0x' + h.slice(0, 12)))
    const diffs: bigint[] = []
    for (let i = 1; i < n; i++) diffs.push(times[i]! - times[i - 1]!)
    const jitter = median(diffs.map(abs))
    return {
      id: 'uuid-v7',
      fired: true,
      predictive: false,
      summary: 'UUIDv7: the first 48 bits are the issue time in milliseconds; 74 bits are random',
      evidence: [`token 0 was issued ${nearScan(Number(times[0]!), ctx.now)}`, `successive ids are a median ${jitter.toString()} ms apart`],
      bits: 74 + log2Big(1n + 2n * jitter),
    }
  }
  return undefined
}

export function uuidV1Make(node: string, clockSeq: number, time: bigint, upper: boolean): string {
  const hex = (v: bigint, w: number): string => v.toString(16).padStart(w, '0')
  const low = time & 0xffffffffn
  const mid = (time >> 32n) & 0xffffn
  const hi = ((time >> 48n) & 0x0fffn) | 0x1000n
  const seq = (clockSeq & 0x3fff) | 0x8000
  const s = `${hex(low, 8)}-${hex(mid, 4)}-${hex(hi, 4)}-${seq.toString(16).padStart(4, '0')}-${node}`
  return upper ? s.toUpperCase() : s
}

export function uuidV1Next(spec: Extract<PredictionSpec, { kind: 'uuid-v1' }>, k: number): string {
  return uuidV1Make(spec.node, spec.clockSeq, BigInt(spec.lastTime) + BigInt(spec.step) * BigInt(k), spec.upper)
}

export function parseUuidV1(token: string): V1 | undefined {
  const hex = token.trim().replace(/-/g, '').toLowerCase()
  if (!/^[0-9a-f]{32}$/.test(hex) || hex[12] !== '1') return undefined
  return parseV1(hex)
}
