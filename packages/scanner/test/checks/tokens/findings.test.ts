import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyzeTokens, toTokenSummary, type CompleteTokenAnalysis } from '../../../src/tokens/index.js'
import { tokenFindings } from '../../../src/checks/tokens/findings.js'
import type { Exchange } from '../../../src/model/finding.js'
import { digest, randomToken, times } from '../../tokens/generators.js'

const sample: Exchange = {
  actor: 'scanner',
  request: { method: 'GET', url: 'http://127.0.0.1:1/login', headers: {} },
  response: { status: 200, headers: {} },
}
const ctx = { framework: 'express' as const, carrier: { kind: 'cookie' as const, name: 'sid' }, evidence: [sample] }

function analysed(tokens: string[]): CompleteTokenAnalysis {
  const a = analyzeTokens(tokens)
  assert.equal(a.status, 'analysed')
  return a as CompleteTokenAnalysis
}

test('strong 256-bit ids give no finding', () => {
  assert.deepEqual(tokenFindings(analysed(times(500, () => randomToken(256, 'base64url'))), ctx), [])
})

test('ids under 128 bits give a low SG-TOKEN-ENTROPY finding, under 64 bits the default high one', () => {
  const mid = tokenFindings(analysed(times(500, () => randomToken(96, 'hex'))), ctx)
  assert.deepEqual(
    mid.map((f) => [f.id, f.severity]),
    [['SG-TOKEN-ENTROPY', 'low']],
  )
  assert.match(mid[0]!.summary, /96 bits/)
  const weak = tokenFindings(analysed(times(500, () => randomToken(32, 'hex'))), ctx)
  assert.deepEqual(
    weak.map((f) => [f.id, f.severity]),
    [['SG-TOKEN-ENTROPY', 'high']],
  )
  assert.deepEqual(weak[0]!.carrier, ctx.carrier)
  assert.ok(weak[0]!.references.cwe.length > 0)
  assert.equal(weak[0]!.remediation.framework.length > 0, true)
})

test('a structure gives SG-TOKEN-PREDICT: confirmed when the fetched next id matched, tentative when it did not', () => {
  const a = analysed(times(300, (i) => digest('md5', String(5000 + i))))
  const plain = tokenFindings(a, ctx).find((f) => f.id === 'SG-TOKEN-PREDICT')!
  assert.equal(plain.confidence, 'firm')
  assert.match(plain.summary, /md5 of token 0's input with counter \+ 1/)
  // the digest's input would give the sampled id back: only its distance from the first one's is shown
  assert.doesNotMatch(plain.summary, /'5000'/)
  const next = digest('md5', '5300')
  const confirmed = tokenFindings(a, {
    ...ctx,
    verifiedPrediction: { predicted: a.predictions, actual: next, matched: true, exchange: sample },
  })
  const f = confirmed.find((x) => x.id === 'SG-TOKEN-PREDICT')!
  assert.equal(f.confidence, 'confirmed')
  assert.equal(f.severity, 'critical')
  assert.equal(f.evidence.length, 2)
  assert.match(f.summary, new RegExp(`Demonstrated: the next id the server issued \\(${next}\\)`))
  const missed = tokenFindings(a, { ...ctx, verifiedPrediction: { predicted: a.predictions, actual: 'x', matched: false } }).find(
    (x) => x.id === 'SG-TOKEN-PREDICT',
  )!
  assert.equal(missed.confidence, 'tentative')
})

test('an insufficient sample gives no finding and a summary without a verdict', () => {
  const a = analyzeTokens(['a', 'b'])
  assert.deepEqual(tokenFindings(a, ctx), [])
  const s = toTokenSummary(a)
  assert.equal(s.verdict, 'insufficient')
  assert.match(s.method, /need at least 100/)
})

test('the report summary keeps per-position entropy, verdict and method', () => {
  const a = analysed(times(300, () => randomToken(128, 'hex')))
  const s = toTokenSummary(a)
  assert.equal(s.samples, 300)
  assert.equal(s.positionEntropy.length, 32)
  assert.ok(s.positionEntropy.every((h) => h > 3.8 && h <= 4))
  assert.equal(s.verdict, 'strong')
  assert.equal(s.encoding, 'hex')
})
