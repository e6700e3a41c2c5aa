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

/**
 * What a chunk's result depends on: the source file's text, every test file used (path and text, in run
 * order), the chunk's lines (or 'span' for the pass over the mutants no chunk holds, which also depends on
 * every chunk's range) and the settings that change a mutant's status. A change to any of them gives a new
 * key, so the chunk runs again; an unchanged chunk is read back.
 */
export function chunkKey({ file, source, tests, range, settings }) {
  const hash = createHash('sha256')
  const part = (label, text) => hash.update(`${label}\0${Buffer.byteLength(text)}\0${text}\0`)
  part('file', file)
  part('source', source)
  for (const t of tests) {
    part('test', t.path)
    part('test-source', t.source)
  }
  part('range', typeof range === 'string' ? range : `${range.from}-${range.to}`)
  part('settings', JSON.stringify(settings ?? {}))
  return hash.digest('hex').slice(0, 32)
}

/** The stored name of a chunk's report: readable, and the key makes a stale one never match. */
export function chunkFileName(file, range, key) {
  const slug = file.replace(/[^A-Za-z0-9._-]+/g, '_')
  const part = typeof range === 'string' ? range : `${range.from}-${range.to}`
  return `${slug}.${part}.${key}.json`
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
