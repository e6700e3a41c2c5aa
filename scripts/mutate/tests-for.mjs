// Which tests a mutation run of a source file uses: the unit tests that pin the module first, and
// the e2e tests where its behaviour only shows against a running app. A file not listed here gets
// every unit test of its package (slow but complete); --tests overrides both.
const REDACTOR = [
  'packages/scanner/test/engine/redact-rules.test.ts',
  'packages/scanner/test/engine/redact-forms.test.ts',
  'packages/scanner/test/engine/redact.test.ts',
  'packages/scanner/test/hostile/fuzz-cookies.test.ts',
]
const COOKIES = [
  'packages/session/test/cookie-rules.test.ts',
  'packages/session/test/cookie.test.ts',
  'packages/session/test/cookie-mac.test.ts',
  'packages/session/test/faults-cookie-fuzz.test.ts',
]
export const TESTS_FOR = {
  'packages/scanner/src/http/redact.ts': REDACTOR,
  'packages/scanner/src/http/secret-forms.ts': REDACTOR,
  'packages/scanner/src/checks/fixation/fix-login.ts': [
    'packages/scanner/test/checks/fixation/fix-login*.test.ts',
    'packages/scanner/test/checks/target-matrix.e2e.test.ts',
  ],
  'packages/scanner/src/checks/fixation/adopt.ts': [
    'packages/scanner/test/checks/fixation/adopt*.test.ts',
    'packages/scanner/test/checks/target-matrix.e2e.test.ts',
  ],
  'packages/session/src/core/linked.ts': ['packages/session/test/linked*.test.ts', 'packages/session/test/conformance.memory.test.ts'],
  // the rule-by-rule files first (about a second each), so a killed mutant bails before the conformance suite runs
  'packages/session/src/core/session.ts': [
    'packages/session/test/session-rules.test.ts',
    'packages/session/test/session-lifecycle.test.ts',
    'packages/session/test/conformance.memory.test.ts',
  ],
  'packages/session/src/cookie/parse.ts': COOKIES,
  'packages/session/src/cookie/mac.ts': COOKIES,
}

/** The default for a file the table does not name: its package's unit tests. */
export function packageUnitTests(file) {
  const match = /^(packages|examples)\/([^/]+)\//.exec(file)
  return match ? [`${match[1]}/${match[2]}/test/**/!(*.e2e).test.ts`] : []
}
