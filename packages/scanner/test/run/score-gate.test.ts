import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gate, type CheckOutcome, type Finding, type ScanReport } from '@sessionguard/scanner'
import { scoreFindings } from '../../src/run/score.js'
import { makeFinding } from '../../src/checks/make-finding.js'

const finding = (id: Finding['id'], confidence: Finding['confidence'] = 'confirmed'): Finding =>
  makeFinding(id, { summary: 's', evidence: [], confidence }, 'generic')
/** A scan in which the takeover checks ran (and resisted): the letter has evidence behind it. */
const FIXATION_RAN: CheckOutcome[] = [{ id: 'SG-FIX-ADOPT', status: 'passed' }]

test('no finding scores 100, grade A, every category 100', () => {
  const s = scoreFindings([], FIXATION_RAN)
  assert.equal(s.value, 100)
  assert.equal(s.grade, 'A')
  assert.ok(Object.values(s.categories).every((v) => v === 100))
})

test('no letter without a fixation check that ran: the grade is null, the value still sums the findings', () => {
  const notRun: CheckOutcome[] = [
    { id: 'SG-FIX-ADOPT', status: 'not-tested', reason: 'needs a login' },
    { id: 'SG-FIX-LOGIN', status: 'error', reason: 'inconclusive' },
    { id: 'SG-PERMISSIVE', status: 'passed' },
    { id: 'SG-URL', status: 'passed' },
  ]
  const s = scoreFindings([finding('SG-COOKIE-HTTPONLY', 'firm')], notRun)
  assert.equal(s.grade, null)
  assert.equal(s.value, 90)
  assert.equal(scoreFindings([], [...notRun, { id: 'SG-FIX-OLDID', status: 'passed' }]).grade, 'A', 'one fixation check that ran is enough')
})

test('a confirmed critical finding is an F whatever else is right, in its category too', () => {
  const s = scoreFindings([finding('SG-FIX-ADOPT')], FIXATION_RAN)
  assert.equal(s.grade, 'F')
  assert.ok(s.value <= 40)
  assert.ok(s.categories.fixation <= 40)
  assert.equal(s.categories.cookies, 100)
})

test('tentative findings cost half of proven ones', () => {
  const proven = scoreFindings([finding('SG-COOKIE-HTTPONLY', 'firm')], FIXATION_RAN).value
  const tentative = scoreFindings([finding('SG-COOKIE-HTTPONLY', 'tentative')], FIXATION_RAN).value
  assert.equal(100 - tentative, (100 - proven) / 2)
})

test('the gate fails on a finding at or above --fail-on and on a score under --threshold', () => {
  const report = {
    findings: [finding('SG-COOKIE-SAMESITE')],
    score: scoreFindings([finding('SG-COOKIE-SAMESITE')], FIXATION_RAN),
  } as unknown as ScanReport
  assert.equal(gate(report, { failOn: 'low' }).exitCode, 1)
  assert.equal(gate(report, { failOn: 'medium' }).exitCode, 0)
  assert.equal(gate(report, { threshold: report.score.value }).exitCode, 0)
  assert.equal(gate(report, { threshold: report.score.value + 1 }).exitCode, 1)
  assert.equal(gate(report, {}).passed, true)
})
