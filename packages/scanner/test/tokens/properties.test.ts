import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { analyzeTokens, checkPrediction, toTokenSummary } from '../../src/tokens/index.js'

test('arbitrary strings never make analyzeTokens throw, and the result is JSON-safe', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^[0-9a-f]{0,40}$/),
          fc.base64String(),
        ),
        { maxLength: 40 },
      ),
      fc.integer({ min: 2, max: 30 }),
      (tokens, minSamples) => {
        const a = analyzeTokens(tokens, { minSamples })
        JSON.stringify(a)
        const s = toTokenSummary(a)
        assert.ok(Number.isFinite(s.effectiveBits))
        if (a.status === 'analysed') {
          assert.ok(a.effective.bits >= 0)
          assert.ok(Number.isFinite(a.effective.bits))
          checkPrediction(a, tokens[0] ?? '')
        }
      },
    ),
    { numRuns: 300 },
  )
})

test('structured-looking arbitrary samples (digits, shared prefixes, wrappers) never throw', () => {
  const token = fc.oneof(
    fc.bigInt({ min: 0n, max: 1n << 70n }).map(String),
    fc.integer({ min: 0, max: 1e6 }).map((n) => `s:${n}.${'x'.repeat(43)}`),
    fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    fc.string().map((s) => `sess_${s}=`),
    fc.string().map((s) => `${s}.${s}.${s}`),
    fc.stringMatching(/^%[0-9A-F]{2}[a-z]{0,4}$/),
  )
  fc.assert(
    fc.property(fc.array(token, { minLength: 2, maxLength: 60 }), (tokens) => {
      const a = analyzeTokens(tokens, { minSamples: 2 })
      JSON.stringify(a)
    }),
    { numRuns: 300 },
  )
})
