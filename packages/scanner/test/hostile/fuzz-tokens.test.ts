// Property-based fuzzing of token input as `sessionguard tokens` gets it from a file: whole samples of
// odd lines, near-valid ids with damage, and options at their edges. analyzeTokens must answer.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { analyzeTokens } from '@sessionguard/scanner/tokens'

let runs = 0
after(() => console.log(`token fuzz runs: ${runs}`))

/** Ids in the shapes real apps issue, each possibly damaged by one edit. */
const shaped = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
  fc.stringMatching(/^s%3A[A-Za-z0-9_-]{32}\.[A-Za-z0-9%]{20,44}$/),
  fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
)
const damaged = fc.tuple(shaped, fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })).map(([s, at, ins]) => {
  const i = s.length ? at % s.length : 0
  return `${s.slice(0, i)}${ins}${s.slice(i + 1)}`
})
const line = fc.oneof(
  { weight: 4, arbitrary: shaped },
  { weight: 2, arbitrary: damaged },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
)

/** A sample mostly of one shape, as a file of one app's ids would be, with some noise. */
const sample = fc.oneof(
  fc.array(line, { minLength: 0, maxLength: 150 }),
  fc.tuple(shaped, fc.integer({ min: 2, max: 200 })).chain(([_, n]) => fc.array(shaped, { minLength: n, maxLength: n })),
  fc
    .tuple(fc.string({ unit: 'binary', maxLength: 2000 }), fc.integer({ min: 2, max: 50 }))
    .map(([s, n]) => Array.from({ length: n }, () => s)),
)

test('any sample of lines with any options: analyzeTokens returns a JSON-safe answer, never throws', () => {
  fc.assert(
    fc.property(
      sample,
      fc.integer({ min: -5, max: 300 }),
      // the CLI's --now and a file's mtime are always valid dates; an invalid one is the todo test below
      fc.date({ noInvalidDate: true }),
      fc.integer({ min: 0, max: 50 }),
      (tokens, minSamples, now, predictions) => {
        runs++
        const a = analyzeTokens(tokens, { minSamples, now, predictions })
        const json = JSON.stringify(a)
        assert.ok(json.length > 0)
        if (a.status === 'analysed') {
          assert.ok(Number.isFinite(a.effective.bits) && a.effective.bits >= 0, `bits ${a.effective.bits}`)
          assert.ok(['strong', 'marginal', 'weak', 'predictable'].includes(a.verdict))
        } else assert.equal(typeof a.message, 'string')
      },
    ),
    { numRuns: 400 },
  )
})

test('an invalid `now` date is refused or ignored, not a RangeError', () => {
  const tokens = Array.from({ length: 120 }, (_, i) => String(1_700_000_000 + i))
  analyzeTokens(tokens, { now: new Date(Number.NaN) })
})
