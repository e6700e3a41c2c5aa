// The chunked mode of `npm run mutate -- --chunks <lines> <file>`: which line ranges a file is run in,
// the key a finished chunk's report is kept under, and the merge of the kept reports into one
// whole-file report. No Stryker here, so test/mutate-chunks.test.ts can check all of it in milliseconds.
import { createHash } from 'node:crypto'

/** Line ranges of `size` lines (1-based, inclusive) covering lines 1..lineCount. */
export function chunkRanges(lineCount, size) {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('chunk size must be a positive number of lines')
  const ranges = []
  for (let from = 1; from <= lineCount; from += size) ranges.push({ from, to: Math.min(lineCount, from + size - 1) })
  return ranges
}

/** The number of lines of a source text as Stryker and the report count them (a final newline ends the last line). */
export function lineCount(source) {
  const lines = source.split('\n')
  return lines.at(-1) === '' ? lines.length - 1 : lines.length
}

const sha = (text) => createHash('sha256').update(text).digest('hex')

/**
 * What a finished chunk's result depends on, kept beside it: the source file's text, the settings that change
 * a mutant's status (with the chunk ranges for the span pass), and the texts of the test files it needs.
 * A chunk whose mutants were all detected needs only the tests that detected them (another test, changed or
 * added, cannot make a killed mutant survive); a chunk with a survivor or an uncovered mutant needs every
 * test file of the run (in any order), since any of them, changed or added, may now kill it. This is the reuse
 * rule of Stryker's incremental mode, but on the tests' texts: that mode sees the tap runner's one test per
 * file as unchanged whatever the file now holds.
 */
export function chunkManifest({ source, tests, settings, report, file }) {
  const mutants = report.files[file]?.mutants ?? []
  const names = testNamesById(report.testFiles)
  let needs = null
  const open = mutants.some((m) => m.status === 'Survived' || m.status === 'NoCoverage')
  if (!open) {
    needs = new Set()
    for (const m of mutants) {
      const ids = m.status === 'Killed' ? m.killedBy : m.status === 'Timeout' ? m.coveredBy : []
      if (ids === undefined) {
        needs = null
        break
      }
      for (const id of ids) needs.add(names.get(id) ?? id)
    }
  }
  return {
    source: sha(source),
    settings: JSON.stringify(settings ?? {}),
    tests: needs === null ? tests.map((t) => t.path) : [...needs].sort(),
    all: needs === null,
    testSources: Object.fromEntries(tests.filter((t) => needs === null || needs.has(t.path)).map((t) => [t.path, sha(t.source)])),
  }
}

/** Can a kept chunk's result stand for a run with this source, these tests (path and text, in run order) and settings? */
export function chunkReusable(manifest, { source, tests, settings }) {
  if (!manifest || manifest.source !== sha(source) || manifest.settings !== JSON.stringify(settings ?? {})) return false
  const now = new Map(tests.map((t) => [t.path, sha(t.source)]))
  // the same test files, in any order: the order decides which test kills a mutant first, not whether one does
  if (manifest.all && [...now.keys()].sort().join('\0') !== [...manifest.tests].sort().join('\0')) return false
  return manifest.tests.every((path) => now.has(path) && now.get(path) === manifest.testSources[path])
}

function testNamesById(testFiles = {}) {
  const names = new Map()
  for (const { tests } of Object.values(testFiles)) for (const t of tests) names.set(t.id, t.name)
  return names
}

/** The stored name of a range's kept result (one per range: a newer run replaces it). */
export function chunkFileName(file, range) {
  const slug = file.replace(/[^A-Za-z0-9._-]+/g, '_')
  return `${slug}.${typeof range === 'string' ? range : `${range.from}-${range.to}`}.json`
}

/** Is a report location (1-based lines) wholly inside the range? Stryker runs a mutant in a `file:from-to` run only then. */
export const within = (location, range) => range.from <= location.start.line && location.end.line <= range.to

const mutantKey = (m) =>
  `${m.mutatorName}\0${m.replacement ?? ''}\0${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}`

export class ChunkMergeError extends Error {}

/**
 * One whole-file report from the chunks' reports and the span pass's. The span pass lists every mutant of
 * the file (it runs the file whole, with the mutants that lie inside a chunk ignored), so it says what the
 * merged report must hold: a mutant inside a chunk takes that chunk's result, any other the span pass's.
 * Test ids are per run; they are renumbered by test name so coveredBy and killedBy stay right.
 */
export function mergeChunkReports({ file, ranges, chunks, span }) {
  const spanFile = span.files[file]
  if (!spanFile) throw new ChunkMergeError(`the span pass has no result for ${file}`)
  const tests = new TestIndex()
  const fromChunk = new Map()
  chunks.forEach((report, i) => {
    const chunkFile = report.files[file]
    if (!chunkFile) throw new ChunkMergeError(`chunk ${ranges[i].from}-${ranges[i].to} has no result for ${file}`)
    if (chunkFile.source !== spanFile.source)
      throw new ChunkMergeError(`chunk ${ranges[i].from}-${ranges[i].to} ran another version of ${file}`)
    const rename = tests.add(report.testFiles)
    for (const m of chunkFile.mutants) {
      if (!within(m.location, ranges[i])) continue
      fromChunk.set(mutantKey(m), renumber(m, rename))
    }
  })
  const renameSpan = tests.add(span.testFiles)
  const missing = []
  const mutants = spanFile.mutants.map((m) => {
    if (!ranges.some((r) => within(m.location, r))) return renumber(m, renameSpan)
    const result = fromChunk.get(mutantKey(m))
    if (!result) missing.push(`${m.mutatorName} at ${m.location.start.line}:${m.location.start.column}`)
    return result
  })
  if (missing.length > 0) throw new ChunkMergeError(`no chunk holds these mutants of ${file}: ${missing.join(', ')}`)
  mutants.forEach((m, i) => (m.id = String(i)))
  return { ...span, files: { ...span.files, [file]: { ...spanFile, mutants } }, testFiles: tests.testFiles() }
}

function renumber(mutant, rename) {
  const copy = { ...mutant }
  if (mutant.coveredBy) copy.coveredBy = mutant.coveredBy.map(rename)
  if (mutant.killedBy) copy.killedBy = mutant.killedBy.map(rename)
  return copy
}

/** The union of the runs' test files, one id per test name. */
class TestIndex {
  #byName = new Map()
  #files = new Map()
  add(testFiles = {}) {
    const local = new Map()
    for (const [fileName, { tests, source }] of Object.entries(testFiles)) {
      const entry = this.#files.get(fileName) ?? { source, tests: [] }
      this.#files.set(fileName, entry)
      for (const t of tests) {
        let id = this.#byName.get(t.name)
        if (id === undefined) {
          id = String(this.#byName.size)
          this.#byName.set(t.name, id)
          entry.tests.push({ ...t, id })
        }
        local.set(t.id, id)
      }
    }
    return (id) => {
      const mapped = local.get(id)
      if (mapped === undefined) throw new ChunkMergeError(`a mutant names test ${id}, which its run does not list`)
      return mapped
    }
  }
  testFiles() {
    return Object.fromEntries(this.#files)
  }
}
