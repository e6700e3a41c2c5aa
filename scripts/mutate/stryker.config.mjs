// StrykerJS configuration for `npm run mutate` (scripts/mutate.mjs chooses the files to mutate and
// the tests to run through SG_MUTATE_FILES and SG_MUTATE_TESTS; run Stryker through that script).
const list = (name) => JSON.parse(process.env[name] ?? '[]')

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner', './scripts/mutate/chunk-ignorer.mjs'],
  mutate: list('SG_MUTATE_FILES'),
  // the span pass of a chunked run skips the mutants the chunks ran (scripts/mutate/chunk-ignorer.mjs)
  ignorers: process.env.SG_MUTATE_CHUNK_RANGES ? ['sg-chunk-lines'] : [],
  tap: {
    testFiles: list('SG_MUTATE_TESTS'),
    // the tests' own loader (TypeScript through tsx, the workspace's sources through the 'source'
    // condition, as scripts/test.mjs runs them) and the hook that keeps workspace imports in the sandbox
    nodeArgs: [
      '--test-reporter=tap',
      '--conditions=source',
      '--import',
      'tsx',
      '--import',
      './scripts/mutate/sandbox-hook.mjs',
      '-r',
      '{{hookFile}}',
      '{{testFile}}',
    ],
    forceBail: true,
  },
  // one test process at a time: the machine is shared (see CONTRIBUTING)
  concurrency: 1,
  coverageAnalysis: 'perTest',
  // e2e tests start servers; a mutant that hangs one is a timeout (counted as detected), not a stuck run
  timeoutMS: 60000,
  timeoutFactor: 2,
  // a chunk of a chunked run writes its JSON under reports/mutation/chunks, no HTML (scripts/mutate.mjs)
  reporters: process.env.SG_MUTATE_JSON ? ['json', 'clear-text', 'progress'] : ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: process.env.SG_MUTATE_JSON ?? 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['reports', 'sessionguard-report', 'test-artifacts', 'scratch', '.sessionguard'],
  thresholds: { high: 85, low: 80, break: null },
}
