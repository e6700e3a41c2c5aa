import { decodeSample } from './decode/index.js'
import type { DetectContext } from './detect/context.js'
import { detectCounter } from './detect/counter.js'
import { detectDrift } from './detect/drift.js'
import { detectFloat } from './detect/float.js'
import { detectHash } from './detect/hash.js'
import { detectRepeats } from './detect/repeats.js'
import { detectTimestamp } from './detect/timestamp.js'
import { detectUuid } from './detect/uuid.js'
import { predictionsFor } from './predict.js'
import { byteStats, compressionRatio, tokenSerialCorrelation } from './stats/ent.js'
import { fips140, fipsPerPosition } from './stats/fips.js'
import { bitPositions, characterPositions, maskIndices, statStream } from './stats/positions.js'
import { binaryEntropy, chiSquareUpper, normalTwoSided } from './stats/special.js'
import type {
  AnalyzeOptions,
  CompleteTokenAnalysis,
  Detection,
  EntropyMethod,
  PredictionSpec,
  StatTest,
  TokenAnalysis,
  Verdict,
} from './types.js'

export const DEFAULT_MIN_SAMPLES = 100
const DEFAULT_SIGNIFICANCE = 1e-6
const MAX_TOKEN_CHARS = 4096
const DEFAULT_WINDOW_SECONDS = 30 * 24 * 3600
/** When several structures explain the ids, the most specific one makes the predictions. */
const PREDICTION_ORDER = ['hash', 'uuid-v1', 'timestamp', 'counter'] as const

/** Analyses a sample of session ids: decoding, statistics, structure, effective entropy and a verdict. Pure and synchronous. */
export function analyzeTokens(input: string[], opts: AnalyzeOptions = {}): TokenAnalysis {
  const started = performance.now()
  const minSamples = Math.max(2, Math.floor(opts.minSamples ?? DEFAULT_MIN_SAMPLES))
  // ids are short; a cap keeps a stray huge line from costing memory per character position
  const tokens = input.map((t) => String(t).trim().slice(0, MAX_TOKEN_CHARS)).filter((t) => t.length > 0)
  if (tokens.length < minSamples) {
    const message = `need at least ${minSamples} samples to judge token randomness, got ${tokens.length}`
    return { status: 'insufficient', samples: tokens.length, minSamples, message, summary: message, predictions: [] }
  }
  const alpha = opts.significance ?? DEFAULT_SIGNIFICANCE
  // an invalid date (NaN time) would make every time comparison false and toISOString throw: use the clock
  const now = opts.now && Number.isFinite(opts.now.getTime()) ? opts.now : new Date()
  const d = decodeSample(tokens)
  const positions = characterPositions(d, alpha)
  const bp = bitPositions(d, alpha)
  const stream = statStream(d, bp.varyingMask)
  const n = tokens.length

  const capacity = d.encoding.wholeBits
    ? bp.positions - bp.constant.length
    : positions.reduce((s, p) => s + (p.distinct > 1 ? (d.encoding.bitsPerChar * p.present) / n : 0), 0)

  // statistics over the varying bits
  const fips = fips140(stream.bytes, alpha)
  const columns = fipsPerPosition(d.packed, d.byteOffsets, d.bitCounts, maskIndices(bp.varyingMask), alpha)
  const bytes = byteStats(stream.bytes)
  const comp = compressionRatio(stream.bytes)
  const serialTokens = tokenSerialCorrelation(d, bp.varyingMask)
  const ones = bytes.ones
  const tests = battery({
    fips,
    columns,
    bytes,
    comp,
    serialTokens,
    ones,
    streamBits: stream.bitLength,
    alpha,
    biased: bp.biased.length,
    positions,
    b: d.encoding.alphabet.length,
  })

  // structure
  const ctx: DetectContext = {
    d,
    now,
    windowSeconds: opts.timeWindowSeconds ?? DEFAULT_WINDOW_SECONDS,
    positions,
    capacity,
    predictions: opts.predictions ?? 5,
    hashSearch: opts.hashSearch ?? true,
  }
  const detections = [
    detectUuid(ctx),
    detectHash(ctx),
    detectTimestamp(ctx),
    detectCounter(ctx),
    detectFloat(ctx),
    detectRepeats(ctx),
    detectDrift(ctx),
  ].filter((x): x is Detection => x !== undefined)

  // effective entropy: the smallest of what each method allows
  const methods: EntropyMethod[] = [{ method: 'varying bits', bits: capacity, note: 'bits of the varying part that ever change' }]
  const charBits = positions.reduce((s, p) => s + (p.distinct <= 1 ? 0 : (p.bits * p.present) / n), 0)
  methods.push({
    method: 'character positions',
    bits: charBits,
    note: 'Σ per position: full bits when uniform, log2 of its character set when uniform over that, else its measured entropy',
  })
  if (d.encoding.wholeBits)
    methods.push({ method: 'bit positions', bits: bp.bits, note: `${bp.biased.length} of ${capacity} varying bit positions biased` })
  if (stream.bytes.length >= 256 && comp.ratio < 0.98) {
    methods.push({
      method: 'compression',
      bits: comp.ratio * capacity,
      note: `deflate shrinks the varying bits to ${(comp.ratio * 100).toFixed(1)}%`,
    })
  }
  for (const det of detections) {
    if (det.fired && det.bits !== undefined)
      methods.push({
        method: det.id === 'repeats' ? 'birthday (repeated ids)' : `structure: ${det.summary}`,
        bits: det.bits,
        note: det.evidence[0] ?? '',
      })
  }
  let best = methods[0]!
  for (const m of methods) if (m.bits < best.bits) best = m
  const effectiveBits = Math.max(0, Math.round(best.bits * 10) / 10)

  const predictive = detections.find((x) => x.fired && x.predictive)
  const verdict: Verdict = predictive ? 'predictable' : effectiveBits < 64 ? 'weak' : effectiveBits < 128 ? 'marginal' : 'strong'

  let predictionSpec: PredictionSpec | undefined
  for (const id of PREDICTION_ORDER) {
    const det = detections.find((x) => x.id === id && x.fired && x.predictive && x.spec)
    if (det) {
      predictionSpec = det.spec
      break
    }
  }
  const predictions = predictionSpec ? predictionsFor(predictionSpec, opts.predictions ?? 5) : []

  const evidence: string[] = []
  for (const det of detections) if (det.fired) evidence.push(`${det.summary}: ${det.evidence.join('; ')}`)
  for (const t of tests) if (t.pass === false) evidence.push(`${t.name} failed: ${t.detail}`)
  if (predictions.length > 0) evidence.push(`next values predicted: ${predictions.slice(0, 3).join(', ')}`)
  evidence.push(`effective entropy ${effectiveBits} bits (${best.method})`)

  let minLength = Infinity
  let maxLength = 0
  for (const v of d.varying) {
    if (v.length < minLength) minLength = v.length
    if (v.length > maxLength) maxLength = v.length
  }
  const result: CompleteTokenAnalysis = {
    status: 'analysed',
    samples: n,
    minSamples,
    summary: summaryLine(verdict, effectiveBits, best.method, detections),
    analysedAt: now.toISOString(),
    decoding: {
      encoding: d.uuid ? 'uuid' : d.encoding.name,
      alphabetSize: d.encoding.alphabet.length,
      bitsPerChar: d.encoding.bitsPerChar,
      wrapper: d.wrapper,
      urlEncoded: d.urlEncoded,
      varyingPart: d.varyingPart,
      prefix: d.prefix,
      suffix: d.suffix,
      length: { min: minLength, max: maxLength },
    },
    positions,
    bits: {
      capacity,
      constantPositions: bp.constant.length,
      biasedPositions: bp.biased,
      perBit: stream.bitLength > 0 ? binaryEntropy(ones / stream.bitLength) : 0,
      streamBits: stream.bitLength,
    },
    fips,
    tests,
    detections,
    effective: { bits: effectiveBits, method: best.method, methods },
    verdict,
    evidence,
    predictions,
    unwrap: d.partIndex
      ? { wrapper: d.wrapper, urlEncoded: d.urlEncoded, partIndex: d.partIndex }
      : { wrapper: d.wrapper, urlEncoded: d.urlEncoded },
    durationMs: 0,
  }
  if (predictionSpec) result.predictionSpec = predictionSpec
  result.durationMs = Math.round((performance.now() - started) * 10) / 10
  return result
}

function summaryLine(verdict: Verdict, bits: number, method: string, detections: Detection[]): string {
  const structure = detections.filter((x) => x.fired).map((x) => x.summary)
  const tail = structure.length > 0 ? `; ${structure.join('; ')}` : ''
  return `${verdict}: effective entropy ${bits} bits (${method})${tail}`
}

interface BatteryInput {
  fips: ReturnType<typeof fips140>
  columns: ReturnType<typeof fipsPerPosition>
  bytes: ReturnType<typeof byteStats>
  comp: ReturnType<typeof compressionRatio>
  serialTokens: ReturnType<typeof tokenSerialCorrelation>
  ones: number
  streamBits: number
  alpha: number
  biased: number
  positions: ReturnType<typeof characterPositions>
  b: number
}

function battery(x: BatteryInput): StatTest[] {
  const { fips, bytes, alpha } = x
  const tests: StatTest[] = []
  const fipsDetail = (failures: number): string =>
    fips.blocks === 0 ? 'needs 20,000 bits (one FIPS block)' : `${failures} of ${fips.blocks} blocks of 20,000 bits failed`
  for (const [name, sub] of [
    ['FIPS 140-2 monobit', fips.monobit],
    ['FIPS 140-2 poker', fips.poker],
    ['FIPS 140-2 runs', fips.runs],
    ['FIPS 140-2 long run', fips.longRun],
  ] as const) {
    tests.push({
      name,
      value: sub.failures,
      expected: 'about 0.1% of blocks fail or fewer',
      pValue: fips.blocks > 0 ? fips.pValue : null,
      pass: fips.blocks > 0 ? sub.pass : null,
      detail: fipsDetail(sub.failures),
    })
  }
  tests.push({
    name: 'FIPS 140-2 per bit position',
    value: x.columns.failed.length,
    expected: 'about 0.1% of positions fail or fewer',
    pValue: x.columns.pValue,
    pass: x.columns.pass,
    detail:
      x.columns.positions === 0
        ? 'needs 20,000 tokens (bit j of each token makes one block)'
        : `${x.columns.failed.length} of ${x.columns.positions} bit positions failed over tokens 0–19,999${x.columns.failed.length ? ` (positions ${x.columns.failed.slice(0, 8).join(', ')})` : ''}`,
  })
  const z = x.streamBits > 0 ? (x.ones - x.streamBits / 2) / Math.sqrt(x.streamBits / 4) : 0
  const pMono = normalTwoSided(z)
  tests.push({
    name: 'bit balance (all bits)',
    value: x.streamBits > 0 ? x.ones / x.streamBits : 0,
    expected: '0.5',
    pValue: x.streamBits > 0 ? pMono : null,
    pass: x.streamBits >= 100 ? pMono >= alpha : null,
    detail: `${x.ones} ones in ${x.streamBits} bits`,
  })
  tests.push({
    name: 'bit positions',
    value: x.biased,
    expected: '0 biased positions',
    pValue: null,
    pass: x.biased === 0,
    detail: `${x.biased} bit position(s) lean to 0 or 1 beyond chance (Bonferroni at ${alpha})`,
  })
  const fullAlphabet = x.positions.filter((p) => p.distinct > 1)
  const skewed = fullAlphabet.filter((p) => p.skewed)
  tests.push({
    name: 'character positions',
    value: skewed.length,
    expected: '0 skewed positions',
    pValue: skewed.length > 0 ? Math.min(...skewed.map((p) => p.pValue)) : null,
    pass: x.positions.length > 0 ? skewed.length === 0 : null,
    detail: `${skewed.length} of ${fullAlphabet.length} varying positions are uneven over their characters`,
  })
  const enough = bytes.bytes >= 1280
  // G-test: 2·n·ln2·(8 − H) is chi-square with 255 df for uniform bytes
  const g = 2 * bytes.bytes * Math.LN2 * (8 - bytes.entropy)
  const pEntropy = chiSquareUpper(g, 255)
  tests.push({
    name: 'entropy per byte',
    value: bytes.entropy,
    expected: 'close to 8 bits',
    pValue: enough ? pEntropy : null,
    pass: enough ? pEntropy >= alpha : null,
    detail: `${bytes.entropy.toFixed(6)} bits per byte over ${bytes.bytes} bytes`,
  })
  tests.push({
    name: 'chi-square (bytes)',
    value: bytes.chiSquare,
    expected: 'about 255 (random exceeds it 50% of the time)',
    pValue: enough ? bytes.chiSquareP : null,
    pass: enough ? bytes.chiSquareP >= alpha && bytes.chiSquareP <= 1 - alpha : null,
    detail: `χ² = ${bytes.chiSquare.toFixed(2)}, random would exceed it ${(bytes.chiSquareP * 100).toFixed(2)}% of the time`,
  })
  tests.push({
    name: 'serial correlation (bytes)',
    value: bytes.serialCorrelation,
    expected: '0',
    pValue: bytes.bytes > 2 ? bytes.serialCorrelationP : null,
    pass: bytes.bytes >= 100 ? bytes.serialCorrelationP >= alpha : null,
    detail: `coefficient ${bytes.serialCorrelation.toFixed(6)} over ${bytes.bytes} bytes`,
  })
  tests.push({
    name: 'serial correlation (successive tokens)',
    value: x.serialTokens.r,
    expected: '0',
    pValue: x.serialTokens.pairs >= 3 ? x.serialTokens.pValue : null,
    pass: x.serialTokens.pairs >= 30 ? x.serialTokens.pValue >= alpha : null,
    detail: `Pearson r = ${x.serialTokens.r.toFixed(4)} between the leading bits of token i and i+1 (${x.serialTokens.pairs} pairs)`,
  })
  tests.push({
    name: 'compression ratio',
    value: x.comp.ratio,
    expected: '≥ 1 (random data does not compress)',
    pValue: null,
    pass: bytes.bytes >= 256 ? x.comp.ratio >= 0.98 : null,
    detail: `deflate: ${bytes.bytes} → ${x.comp.compressedBytes} bytes`,
  })
  return tests
}
