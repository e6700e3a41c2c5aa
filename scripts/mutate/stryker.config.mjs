// StrykerJS configuration for `npm run mutate` (scripts/mutate.mjs chooses the files to mutate and
// the tests to run through SG_MUTATE_FILES and SG_MUTATE_TESTS; run Stryker through that script).
const list = (name) => JSON.parse(process.env[name] ?? '[]')

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  mutate: list('SG_MUTATE_FILES'),
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
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['reports', 'sessionguard-report', 'test-artifacts', 'scratch', '.sessionguard'],
  thresholds: { high: 85, low: 80, break: null },
}
