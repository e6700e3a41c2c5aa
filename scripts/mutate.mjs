#!/usr/bin/env node
// Mutation testing with StrykerJS on named source files, with the tests that exercise them.
// Usage: npm run mutate -- [--tests <glob>]... [--concurrency <n>] [--chunks <lines> [--fresh]] <file[:from-to]>...
//   file             a source file of the workspace (packages/…/src/….ts); `:from-to` limits the mutants to those lines
//   --tests glob     the test files to run instead of the table in scripts/mutate/tests-for.mjs (repeatable)
//   --concurrency n  test processes at once (default 1: the machine is shared; more only on an idle one)
//   --timeout-ms n   what a mutant may take beyond twice its tests' time before it counts as a timeout
//                    (default 60000; a unit-test run can take less, so an endless loop costs less)
//   --chunks n       run one whole file as Stryker runs of n lines each, then one pass over the mutants that
//                    cross a chunk's edge; each finished run is kept under reports/mutation/chunks, keyed by
//                    the source, the tests' texts and the settings, so an interrupted run resumes where it
//                    stopped and an unchanged chunk is read back instead of run (scripts/mutate/chunks.mjs)
//   --fresh          with --chunks: run every chunk again, kept or not
// Writes reports/mutation/mutation.json (mutation-testing-report schema, validated here) and
// reports/mutation/mutation.html; one test process at a time by default. Stryker mutates a copy of the
// workspace under .stryker-tmp: the working tree is left as it was, which is checked at the end.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { TESTS_FOR, packageUnitTests } from './mutate/tests-for.mjs'
import { chunkFileName, chunkManifest, chunkRanges, chunkReusable, lineCount, mergeChunkReports } from './mutate/chunks.mjs'

const root = resolve(new URL('..', import.meta.url).pathname)
const usage =
  'usage: npm run mutate -- [--tests <glob>]... [--concurrency <n>] [--timeout-ms <n>] [--chunks <lines> [--fresh]] <file[:from-to]>...'

const files = []
const override = []
let concurrency = 1
let timeoutMs = 60000
let chunkSize = 0
let fresh = false
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  if (a === '--help' || a === '-h') {
    console.log(usage)
    process.exit(0)
  } else if (a === '--tests') {
    if (!args[i + 1]) fail('--tests needs a glob')
    override.push(args[++i])
  } else if (a === '--concurrency') {
    concurrency = Number(args[++i])
    if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 8) fail('--concurrency needs a number from 1 to 8')
  } else if (a === '--timeout-ms') {
    timeoutMs = Number(args[++i])
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 5000) fail('--timeout-ms needs a number of milliseconds, at least 5000')
  } else if (a === '--chunks') {
    chunkSize = Number(args[++i])
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 10) fail('--chunks needs a number of lines, at least 10')
  } else if (a === '--fresh') fresh = true
  else if (a.startsWith('--')) fail(`unknown option ${a}`)
  else files.push(a)
}
if (files.length === 0) fail('name at least one source file')
if (chunkSize && (files.length !== 1 || /:\d+-\d+$/.test(files[0]))) fail('--chunks runs one whole file: name one file, without :from-to')
if (fresh && !chunkSize) fail('--fresh goes with --chunks')

function fail(message) {
  console.error(`mutate: ${message}\n${usage}`)
  process.exit(2)
}

const mutate = []
const tests = new Set(override)
for (const spec of files) {
  const m = /^(.*?)(?::(\d+)-(\d+))?$/.exec(spec)
  const file = relative(root, resolve(m[1]))
  if (file.startsWith('..') || !existsSync(join(root, file)) || !lstatSync(join(root, file)).isFile())
    fail(`${m[1]}: no such source file in the workspace`)
  if (!/\/src\/.*\.(ts|mts|js|mjs)$/.test(file)) fail(`${file}: not a source file (packages/<name>/src/…)`)
  mutate.push(m[2] ? `${file}:${m[2]}-${m[3]}` : file)
  if (override.length === 0) for (const t of TESTS_FOR[file] ?? packageUnitTests(file)) tests.add(t)
}

/** What git says about the working tree, file modes included (`git status` shows a mode change as a modification). */
const treeState = () =>
  spawnSync('git', ['status', '--porcelain=v1', '-uall', '--ignored=no'], { cwd: root, encoding: 'utf8' }).stdout +
  spawnSync('git', ['diff', '--raw'], { cwd: root, encoding: 'utf8' }).stdout
const before = treeState()
// Stryker removes its sandbox after a finished run, not after an interrupted or failed one
const sandboxes = join(root, '.stryker-tmp')
const hadSandboxes = existsSync(sandboxes)

// Stryker runs every test file that reaches a mutant once per mutant: the property tests make
// fewer runs here (test files read the count through @sessionguard/testkit/property-runs); npm test
// in CI never sets it and keeps their full counts. SG_PROPERTY_RUNS=<n> npm run mutate … chooses another.
const propertyRuns = process.env.SG_PROPERTY_RUNS ?? '100'
console.log(
  `mutating ${mutate.join(', ')}${chunkSize ? ` in chunks of ${chunkSize} lines` : ''}\ntests: ${[...tests].join(', ')}\nproperty tests capped at ${propertyRuns} runs; ${concurrency} test process(es) at a time`,
)

/** One Stryker run; `env` adds the chunked mode's settings (SG_MUTATE_JSON, SG_MUTATE_CHUNK_RANGES). */
function stryker(mutateList, env = {}) {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'),
      'run',
      'scripts/mutate/stryker.config.mjs',
      '--concurrency',
      String(concurrency),
      '--timeoutMS',
      String(timeoutMs),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        // as scripts/test.mjs: the test processes need no AWS SDK Node-version notice
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...process.env,
        SG_MUTATE_ROOT: root,
        SG_MUTATE_FILES: JSON.stringify(mutateList),
        SG_MUTATE_TESTS: JSON.stringify([...tests]),
        SG_PROPERTY_RUNS: propertyRuns,
        ...env,
      },
    },
  )
  if (!hadSandboxes) rmSync(sandboxes, { recursive: true, force: true })
  if (run.status !== 0) {
    console.error(`mutate: Stryker exited with ${run.status ?? run.signal}`)
    process.exit(1)
  }
}

const started = Date.now()
const reportFile = join(root, 'reports/mutation/mutation.json')
if (chunkSize) await chunked(mutate[0])
else stryker(mutate)
const seconds = Math.round((Date.now() - started) / 1000)

// the report must be what the schema says, or the score read from it means nothing
const report = JSON.parse(readFileSync(reportFile, 'utf8'))
const require = createRequire(import.meta.url)
const Ajv = require('ajv')
const schema = require('mutation-testing-report-schema/mutation-testing-report-schema.json')
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
if (!validate(report)) {
  console.error('mutate: reports/mutation/mutation.json does not match the mutation-testing-report schema')
  console.error(validate.errors)
  process.exit(1)
}

// the mutation score as Stryker counts it: detected (killed, timed out) over every valid mutant
const DETECTED = new Set(['Killed', 'Timeout'])
const INVALID = new Set(['CompileError', 'RuntimeError', 'Ignored'])
for (const [file, { mutants }] of Object.entries(report.files)) {
  const valid = mutants.filter((x) => !INVALID.has(x.status))
  const detected = valid.filter((x) => DETECTED.has(x.status)).length
  const ignored = mutants.filter((x) => x.status === 'Ignored').length
  const score = valid.length ? ((100 * detected) / valid.length).toFixed(2) : 'n/a'
  const count = (status) => mutants.filter((x) => x.status === status).length
  console.log(`${file}: ${score} % (${detected}/${valid.length} detected, ${ignored} marked equivalent)`)
  console.log(
    `  killed ${count('Killed')}, timeout ${count('Timeout')}, survived ${count('Survived')}, no coverage ${count('NoCoverage')}, errors ${count('CompileError') + count('RuntimeError')}`,
  )
}
console.log(`mutation run: ${seconds} s; report: reports/mutation/mutation.json, reports/mutation/mutation.html`)

if (treeState() !== before) {
  console.error('mutate: the working tree changed during the run (git status differs)')
  process.exit(1)
}

/**
 * A whole file as line-range runs, each kept when it finishes (Stryker writes its report only at the end of
 * a run, so a long run interrupted halfway keeps nothing), then the span pass, then one merged report.
 */
async function chunked(file) {
  const testFiles = expandTests([...tests])
  const sourceNow = () => readFileSync(join(root, file), 'utf8')
  const source = sourceNow()
  const ranges = chunkRanges(lineCount(source), chunkSize)
  const settings = { propertyRuns, timeoutMs }
  const dir = join(root, 'reports/mutation/chunks')
  mkdirSync(dir, { recursive: true })
  const readTests = () => testFiles.map((path) => ({ path, source: readFileSync(join(root, path), 'utf8') }))
  const testTexts = readTests()
  const settingsOf = (range) => (range === 'span' ? { ...settings, ranges } : settings)

  /** A kept result of this range that still holds, or a fresh run of it (kept only if nothing it read changed meanwhile). */
  const result = (range, mutateList, env) => {
    const label = typeof range === 'string' ? range : `${range.from}-${range.to}`
    const name = chunkFileName(file, range)
    const kept = join(dir, name)
    const now = { source, tests: testTexts, settings: settingsOf(range) }
    if (!fresh && existsSync(kept)) {
      const stored = JSON.parse(readFileSync(kept, 'utf8'))
      if (chunkReusable(stored.manifest, now)) {
        console.log(`mutate: lines ${label}: kept result reused (reports/mutation/chunks/${name})`)
        return stored.report
      }
    }
    const t0 = Date.now()
    const partial = `${kept}.partial`
    rmSync(partial, { force: true })
    console.log(`mutate: lines ${label}: running`)
    stryker(mutateList, { SG_MUTATE_JSON: relative(root, partial), ...env })
    const after = { source: sourceNow(), tests: readTests(), settings: now.settings }
    const report = JSON.parse(readFileSync(partial, 'utf8'))
    rmSync(partial)
    const manifest = chunkManifest({ ...now, report, file })
    if (!chunkReusable(manifest, after) || after.source !== source) {
      console.error(`mutate: ${file} or its tests changed during the run of lines ${label}; its result is not kept`)
      process.exit(1)
    }
    writeFileSync(kept, JSON.stringify({ manifest, report }))
    const n = report.files[file]?.mutants.filter((m) => m.status !== 'Ignored').length ?? 0
    console.log(
      `mutate: lines ${label}: ${n} mutant(s) in ${Math.round((Date.now() - t0) / 1000)} s, kept as reports/mutation/chunks/${name}`,
    )
    return report
  }

  const chunks = ranges.map((range) => result(range, [`${file}:${range.from}-${range.to}`], {}))
  const span = result('span', [file], { SG_MUTATE_CHUNK_RANGES: JSON.stringify(ranges) })
  const merged = mergeChunkReports({ file, ranges, chunks, span })
  mkdirSync(dirname(reportFile), { recursive: true })
  writeFileSync(reportFile, JSON.stringify(merged, null, 2))
  await writeHtml(merged, join(root, 'reports/mutation/mutation.html'))
}

/** The test globs as the files they name, in run order (the matcher Stryker's tap runner uses). */
function expandTests(globs) {
  const { globSync } = createRequire(join(root, 'node_modules/@stryker-mutator/tap-runner/package.json'))('glob')
  const out = []
  for (const g of globs) for (const f of globSync(g, { cwd: root }).sort()) if (!out.includes(f)) out.push(f)
  if (out.length === 0) fail('the tests name no file')
  return out
}

/** The HTML report of a merged run, written by Stryker's own HTML reporter (the report is Stryker's format). */
async function writeHtml(report, fileName) {
  const url = pathToFileURL(join(root, 'node_modules/@stryker-mutator/core/dist/src/reporters/html-reporter.js'))
  const { HtmlReporter } = await import(url.href)
  const quiet = { debug() {}, info() {} }
  const reporter = new HtmlReporter({ htmlReporter: { fileName } }, quiet)
  reporter.onMutationTestReportReady(report)
  await reporter.wrapUp()
}
