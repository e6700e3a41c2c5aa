// Which tests a mutation run of a source file uses: the unit tests that pin the module first, and
// the e2e tests where its behaviour only shows against a running app. A file not listed here gets
// every unit test of its package (slow but complete); --tests overrides both.
const REDACTOR = [
  'packages/scanner/test/engine/redact-rules.test.ts',
  'packages/scanner/test/engine/redact-forms.test.ts',
  'packages/scanner/test/engine/redact-js-escapes.test.ts',
  'packages/scanner/test/engine/redact.test.ts',
  // the work budget and the withheld texts (the 2026-12-07 run found them uncovered)
  'packages/scanner/test/engine/redact-budget.test.ts',
  'packages/scanner/test/engine/redact-quoted-printable.test.ts',
  // quoted-printable and tag characters read inside each other and every other escape (the readings of find())
  'packages/scanner/test/engine/redact-escape-readings.test.ts',
  // the readings beside the text (letters and digits, renderer-folded, punycode, tag characters) and the bytes a
  // browser posts a password in: the property tests over random separators and cuts live here
  'packages/scanner/test/engine/redact-classes.test.ts',
  'packages/scanner/test/engine/redact-readings.test.ts',
  'packages/scanner/test/engine/redact-neighbour-byte.test.ts',
  'packages/scanner/test/engine/redact-posted-bytes.test.ts',
  // the cut window in every reading's units, punycode read at every level (r26y P1, Q2, P2)
  'packages/scanner/test/engine/redact-cut-readings.test.ts',
  'packages/scanner/test/engine/redact-cut-views.test.ts',
  'packages/scanner/test/engine/redact-punycode-levels.test.ts',
  'packages/scanner/test/hostile/fuzz-cookies.test.ts',
]
// the decoder's own tests first, then the others from the fastest to the slowest (measured on this machine
// under load): a mutant of secret-forms.ts is killed by the first file that fails, and most of the files
// reach all of it, so this order costs the least for a killed mutant (a survivor runs them all anyway)
const SECRET_FORMS = [
  'packages/scanner/test/engine/redact-forms.test.ts',
  'packages/scanner/test/engine/redact-js-escapes.test.ts',
  'packages/scanner/test/engine/redact-rules.test.ts',
  'packages/scanner/test/engine/redact-punycode-levels.test.ts',
  'packages/scanner/test/engine/redact.test.ts',
  'packages/scanner/test/engine/redact-posted-bytes.test.ts',
  'packages/scanner/test/engine/redact-neighbour-byte.test.ts',
  'packages/scanner/test/engine/redact-cut-readings.test.ts',
  'packages/scanner/test/engine/redact-quoted-printable.test.ts',
  'packages/scanner/test/engine/redact-escape-readings.test.ts',
  'packages/scanner/test/engine/redact-cut-views.test.ts',
  'packages/scanner/test/hostile/fuzz-cookies.test.ts',
  'packages/scanner/test/engine/redact-budget.test.ts',
  'packages/scanner/test/engine/redact-classes.test.ts',
  'packages/scanner/test/engine/redact-readings.test.ts',
]
const COOKIES = [
  'packages/session/test/cookie-rules.test.ts',
  'packages/session/test/cookie.test.ts',
  'packages/session/test/cookie-mac.test.ts',
  'packages/session/test/faults-cookie-fuzz.test.ts',
]
export const TESTS_FOR = {
  'packages/scanner/src/http/redact.ts': REDACTOR,
  'packages/scanner/src/http/secret-forms.ts': SECRET_FORMS,
  'packages/scanner/src/http/canonical.ts': [...REDACTOR, 'packages/scanner/test/engine/span-maps-grow.test.ts'],
  'packages/scanner/src/http/skeleton.ts': REDACTOR,
  'packages/scanner/src/http/folded-view.ts': REDACTOR,
  'packages/scanner/src/http/punycode-view.ts': REDACTOR,
  'packages/scanner/src/http/derived-forms.ts': REDACTOR,
  'packages/scanner/src/http/needle-index.ts': REDACTOR,
  'packages/scanner/src/http/ascii-shadow.ts': REDACTOR,
  // the fixation checks: scans of small in-process apps with only the checks of the file selected,
  // asserting statuses and whole reasons (a few seconds a file); the target matrix is left out of a
  // routine run (minutes a mutant, compares finding ids only): add it with --tests for a deep run
  'packages/scanner/src/checks/fixation/fix-login.ts': [
    'packages/scanner/test/checks/fixation/fix-login-edges.e2e.test.ts',
    'packages/scanner/test/checks/fixation/fix-login-status.e2e.test.ts',
  ],
  // (invented-ids.e2e.test.ts is left out too: adopt-edges scans its apps again, asserting more, and
  // each survivor would cost it in full)
  // adopt-no-login first: a few seconds, and attackWithoutLogin's mutants reach only it (behind the longer
  // file they timed out on a loaded machine instead of failing)
  'packages/scanner/src/checks/fixation/adopt.ts': [
    'packages/scanner/test/checks/fixation/adopt-no-login.e2e.test.ts',
    'packages/scanner/test/checks/fixation/adopt-edges.e2e.test.ts',
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
