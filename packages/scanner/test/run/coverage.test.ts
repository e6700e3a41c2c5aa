import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gate } from '../../src/run/gate.js'
import { coverageOf, gradeLabel, isComplete, requiredChecks } from '../../src/run/coverage.js'
import { render } from '../../src/report/render.js'
import { ConfigError } from '../../src/errors.js'
import { CHECKS } from '../../src/checks/registry.js'
import { cleanReport } from '../report/sample-report.js'

test('coverage counts only checks whose attack ran; errors and not-tested carry their reason and how to enable them', () => {
  const r = cleanReport()
  const c = coverageOf(r.checks)
  assert.equal(c.ran, r.checks.filter((x) => x.status === 'passed' || x.status === 'failed').length)
  assert.equal(c.ran + c.notTested.length, 18)
  const expiry = c.notTested.find((n) => n.id === 'SG-EXPIRY')!
  assert.ok(expiry.reason.length > 0 && expiry.enable)
})

test('a report whose fixation checks did not run is incomplete, and every renderer says so next to the grade', () => {
  const r = cleanReport()
  r.checks = r.checks.map((c) =>
    c.id === 'SG-FIX-LOGIN' ? { id: c.id, status: 'not-tested', reason: 'no pre-login session found', enableWith: 'login.pre' } : c,
  )
  r.coverage = coverageOf(r.checks)
  r.complete = isComplete(r.checks)
  r.gradeLabel = gradeLabel(r.score, r.coverage, r.complete)
  assert.equal(r.complete, false)
  assert.equal(r.gradeLabel, `A (incomplete: ${r.coverage.ran} of 18 checks ran)`)
  assert.match(render(r, 'pretty'), /grade A \(incomplete: \d+ of 18 checks ran\)/)
  assert.match(render(r, 'markdown'), /\*\*incomplete\*\*/)
  assert.match(render(r, 'html'), /A \(incomplete: \d+ of 18 checks ran\)/)
  assert.match(render(r, 'junit'), /name="gradeLabel" value="A \(incomplete: \d+ of 18 checks ran\)"/)
  const sarif = JSON.parse(render(r, 'sarif')) as { runs: Array<{ properties: { complete: boolean; coverage: { ran: number } } }> }
  assert.equal(sarif.runs[0]!.properties.complete, false)
  assert.equal(sarif.runs[0]!.properties.coverage.ran, r.coverage.ran)
})

test('require: families and ids expand to checks; an unknown entry is a config error; the gate fails on a required check that did not run', () => {
  assert.deepEqual(requiredChecks(['SG-LOGOUT', 'tokens']).sort(), ['SG-LOGOUT', 'SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'].sort())
  assert.throws(() => requiredChecks(['fixaton']), ConfigError)
  const r = cleanReport()
  r.checks = r.checks.map((c) => (c.id === 'SG-FIX-OLDID' ? { id: c.id, status: 'not-tested', reason: 'needs a login' } : c))
  const failed = gate(r, { require: ['fixation'] })
  assert.equal(failed.exitCode, 1)
  assert.match(failed.reasons.join(), /SG-FIX-OLDID \(needs a login\)/)
  assert.equal(
    gate(r, { require: ['cookies'] }).exitCode,
    r.checks.some((c) => c.id.startsWith('SG-COOKIE') && c.status !== 'passed' && c.status !== 'failed') ? 1 : 0,
  )
  assert.equal(gate(r, {}).exitCode, 0, 'without require, coverage alone never fails the gate')
})

test('a report saved with a letter for a scan in which no fixation check ran (before the grade could be null) shows no letter in any format', () => {
  const r = cleanReport()
  r.checks = r.checks.map((c) =>
    ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'].includes(c.id)
      ? { id: c.id, status: 'not-tested', reason: 'needs a login', enableWith: '--login-url' }
      : c,
  )
  r.coverage = coverageOf(r.checks)
  r.complete = false
  r.gradeLabel = `A (incomplete: ${r.coverage.ran} of 18 checks ran)`
  assert.equal(r.score.grade, 'A', 'as an older scanner saved it')
  const label = `— (incomplete: fixation not tested; ${r.coverage.ran} of 18 checks ran)`
  const pretty = render(r, 'pretty')
  assert.ok(pretty.includes(`grade ${label}`), pretty)
  assert.doesNotMatch(pretty, /grade A/)
  assert.match(render(r, 'markdown'), /grade \*\*—\*\* \(fixation not tested\)/)
  assert.ok(render(r, 'html').includes('class="grade g-none"'))
  assert.ok(render(r, 'junit').includes('<property name="grade" value="—"/>'))
  const sarif = JSON.parse(render(r, 'sarif')) as { runs: Array<{ properties: { grade: unknown; gradeLabel: string } }> }
  assert.equal(sarif.runs[0]!.properties.grade, null)
  assert.equal(sarif.runs[0]!.properties.gradeLabel, label)
})

test('passed checks read as what held, not as the problem they look for', () => {
  const r = cleanReport()
  const pretty = render(r, 'pretty')
  const passed = pretty.slice(pretty.indexOf('Passed ('))
  assert.match(passed, /✓ SG-LOGOUT {2,}session ended at logout\n/)
  assert.match(passed, /✓ SG-FIX-LOGIN {2,}a new session id was issued at login\n/)
  assert.doesNotMatch(passed, /Session still valid on the server after logout/)
  assert.match(render(r, 'markdown'), /- ✓ `SG-LOGOUT` session ended at logout/)
  assert.match(render(r, 'html'), /<code>SG-LOGOUT<\/code><\/td><td>✓ session ended at logout<\/td>/)
})

test('every check of the catalogue says what held when it passed, in words other than its title', () => {
  for (const info of Object.values(CHECKS)) {
    assert.ok(info.passed.length > 8, info.id)
    assert.notEqual(info.passed.toLowerCase(), info.title.toLowerCase(), info.id)
  }
})
