// The chunked mutation run (`npm run mutate -- --chunks <lines> <file>`, issue 29) keeps each finished
// chunk and merges them into one whole-file report. A wrong merge or a wrong reuse rule would report a score
// no run measured, so both are checked here on hand-made reports, without running Stryker.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ChunkMergeError,
  chunkFileName,
  chunkManifest,
  chunkRanges,
  chunkReusable,
  lineCount,
  mergeChunkReports,
} from '../scripts/mutate/chunks.mjs'

const FILE = 'packages/scanner/src/http/example.ts'
const SOURCE = 'a\nb\nc\nd\ne\nf\ng\n'
type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'Ignored'
interface Mutant {
  id: string
  mutatorName: string
  replacement?: string
  status: Status
  location: { start: { line: number; column: number }; end: { line: number; column: number } }
  coveredBy?: string[]
  killedBy?: string[]
}
const at = (from: number, to: number, col = 1) => ({ start: { line: from, column: col }, end: { line: to, column: col + 3 } })
const mutant = (id: string, status: Status, from: number, to: number, extra: Partial<Mutant> = {}): Mutant => ({
  id,
  mutatorName: 'StringLiteral',
  replacement: `"${from}-${to}"`,
  status,
  location: at(from, to),
  ...extra,
})
/** A Stryker report of one run; its tests are numbered in the order given, as Stryker numbers them per run. */
const report = (mutants: Mutant[], testNames: string[], source = SOURCE) => ({
  schemaVersion: '2',
  thresholds: { high: 85, low: 80 },
  files: { [FILE]: { language: 'typescript', source, mutants } },
  testFiles: Object.fromEntries(testNames.map((name, i) => [name, { tests: [{ id: String(i), name }] }])),
})
const ranges = [
  { from: 1, to: 3 },
  { from: 4, to: 7 },
]

test('the chunks cover every line once, the last one shorter', () => {
  assert.equal(lineCount(SOURCE), 7)
  assert.equal(lineCount('a\nb'), 2)
  assert.deepEqual(chunkRanges(7, 3), [
    { from: 1, to: 3 },
    { from: 4, to: 6 },
    { from: 7, to: 7 },
  ])
  assert.deepEqual(chunkRanges(6, 3), [
    { from: 1, to: 3 },
    { from: 4, to: 6 },
  ])
  assert.throws(() => chunkRanges(7, 0), RangeError)
})

test('each range keeps one file, named for the source file and the lines', () => {
  assert.equal(chunkFileName(FILE, { from: 61, to: 120 }), 'packages_scanner_src_http_example.ts.61-120.json')
  assert.equal(chunkFileName(FILE, 'span'), 'packages_scanner_src_http_example.ts.span.json')
})

test('the merged report takes each chunk mutant from its chunk and each crossing one from the span pass', () => {
  // test ids differ between runs: "0" is a.test.ts in the first chunk and b.test.ts in the second
  const first = report([mutant('0', 'Killed', 2, 2, { coveredBy: ['0'], killedBy: ['0'] }), mutant('1', 'Survived', 3, 3)], ['a.test.ts'])
  const second = report(
    [mutant('0', 'Killed', 5, 6, { coveredBy: ['0', '1'], killedBy: ['0'] }), mutant('1', 'NoCoverage', 7, 7)],
    ['b.test.ts', 'a.test.ts'],
  )
  const span = report(
    [
      mutant('0', 'Ignored', 2, 2),
      mutant('1', 'Ignored', 3, 3),
      mutant('2', 'Survived', 3, 4, { coveredBy: ['1'] }),
      mutant('3', 'Ignored', 5, 6),
      mutant('4', 'Ignored', 7, 7),
      mutant('5', 'Timeout', 1, 7),
    ],
    ['a.test.ts', 'b.test.ts'],
  )
  const merged = mergeChunkReports({ file: FILE, ranges, chunks: [first, second], span })
  const mutants = merged.files[FILE].mutants as Mutant[]
  assert.deepEqual(
    mutants.map((m) => [m.location.start.line, m.location.end.line, m.status]),
    [
      [2, 2, 'Killed'],
      [3, 3, 'Survived'],
      [3, 4, 'Survived'],
      [5, 6, 'Killed'],
      [7, 7, 'NoCoverage'],
      [1, 7, 'Timeout'],
    ],
  )
  assert.deepEqual(
    mutants.map((m) => m.id),
    ['0', '1', '2', '3', '4', '5'],
    'one id per mutant',
  )
  // every test keeps one id across the runs, and the mutants name the tests that really covered and killed them
  const names = new Map<string, string>()
  for (const { tests } of Object.values(merged.testFiles as Record<string, { tests: { id: string; name: string }[] }>))
    for (const t of tests) names.set(t.id, t.name)
  assert.equal(names.size, 2)
  const named = (ids?: string[]) => ids?.map((id) => names.get(id))
  assert.deepEqual(named(mutants[0].killedBy), ['a.test.ts'])
  assert.deepEqual(named(mutants[2].coveredBy), ['b.test.ts'])
  assert.deepEqual(named(mutants[3].coveredBy), ['b.test.ts', 'a.test.ts'])
  assert.deepEqual(named(mutants[3].killedBy), ['b.test.ts'])
  assert.equal(merged.files[FILE].source, SOURCE)
})

test('a chunk mutant no chunk ran, or a chunk of another source, stops the merge', () => {
  const span = report([mutant('0', 'Ignored', 2, 2), mutant('1', 'Ignored', 5, 5)], [])
  const first = report([mutant('0', 'Killed', 2, 2)], [])
  assert.throws(
    () => mergeChunkReports({ file: FILE, ranges, chunks: [first, report([], [])], span }),
    (e: unknown) => e instanceof ChunkMergeError && /no chunk holds .* at 5:1/.test(e.message),
  )
  assert.throws(
    () => mergeChunkReports({ file: FILE, ranges, chunks: [first, report([mutant('0', 'Killed', 5, 5)], [], 'other\n')], span }),
    ChunkMergeError,
  )
})

test('a chunk mutant outside its own lines is not taken from that chunk', () => {
  // a chunk run lists only its own mutants; should one report another's, the owner's result counts
  const span = report([mutant('0', 'Ignored', 5, 5)], [])
  const first = report([mutant('0', 'Killed', 5, 5)], [])
  const second = report([mutant('0', 'Survived', 5, 5)], [])
  const merged = mergeChunkReports({ file: FILE, ranges, chunks: [first, second], span })
  assert.equal((merged.files[FILE].mutants as Mutant[])[0].status, 'Survived')
})

const tests = [
  { path: 'a.test.ts', source: 'test a' },
  { path: 'b.test.ts', source: 'test b' },
]
const settings = { propertyRuns: '100', timeoutMs: 60000 }
const manifestOf = (mutants: Mutant[]) =>
  chunkManifest({ file: FILE, source: SOURCE, tests, settings, report: report(mutants, ['a.test.ts', 'b.test.ts']) })

test('a chunk with every mutant killed is reused while its killing tests and the source stay the same', () => {
  const manifest = manifestOf([mutant('0', 'Killed', 2, 2, { killedBy: ['0'] }), mutant('1', 'Ignored', 3, 3)])
  assert.ok(chunkReusable(manifest, { source: SOURCE, tests, settings }))
  // another test changed or added: a killed mutant stays killed
  const bChanged = [tests[0], { path: 'b.test.ts', source: 'test b, now longer' }]
  assert.ok(chunkReusable(manifest, { source: SOURCE, tests: bChanged, settings }))
  assert.ok(chunkReusable(manifest, { source: SOURCE, tests: [...tests, { path: 'c.test.ts', source: 'c' }], settings }))
  // the killing test changed, the source changed, a setting changed: run again
  assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [{ path: 'a.test.ts', source: 'test a2' }, tests[1]], settings }))
  assert.ok(!chunkReusable(manifest, { source: `${SOURCE}h\n`, tests, settings }))
  assert.ok(!chunkReusable(manifest, { source: SOURCE, tests, settings: { ...settings, propertyRuns: '20' } }))
  assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [tests[1]], settings }), 'the killing test is gone')
})

test('a chunk with a survivor or an uncovered mutant reruns when any test changes or is added', () => {
  for (const open of ['Survived', 'NoCoverage'] as const) {
    const manifest = manifestOf([mutant('0', 'Killed', 2, 2, { killedBy: ['0'] }), mutant('1', open, 3, 3)])
    assert.ok(chunkReusable(manifest, { source: SOURCE, tests, settings }), open)
    assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [tests[0], { path: 'b.test.ts', source: 'kills it' }], settings }), open)
    assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [...tests, { path: 'c.test.ts', source: 'c' }], settings }), open)
    assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [tests[0]], settings }), `${open}: a test left out`)
    // the order only decides which test kills first: a survivor of these tests survives them in any order
    assert.ok(chunkReusable(manifest, { source: SOURCE, tests: [tests[1], tests[0]], settings }), `${open}: another order`)
  }
})

test('a timed-out mutant keeps its chunk bound to every test that covered it', () => {
  const manifest = manifestOf([mutant('0', 'Timeout', 2, 2, { coveredBy: ['1'] })])
  assert.ok(chunkReusable(manifest, { source: SOURCE, tests: [{ path: 'a.test.ts', source: 'changed' }, tests[1]], settings }))
  assert.ok(!chunkReusable(manifest, { source: SOURCE, tests: [tests[0], { path: 'b.test.ts', source: 'changed' }], settings }))
  // no coverage listed: nothing says which test it needs, so it needs them all
  const unlisted = manifestOf([mutant('0', 'Timeout', 2, 2)])
  assert.ok(!chunkReusable(unlisted, { source: SOURCE, tests: [tests[0], { path: 'b.test.ts', source: 'changed' }], settings }))
  assert.ok(!chunkReusable(undefined, { source: SOURCE, tests, settings }), 'a file kept by an older script')
})
