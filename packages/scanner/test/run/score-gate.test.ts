import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gate, type Finding, type ScanReport } from '@sessionguard/scanner'
import { scoreFindings } from '../../src/run/score.js'
import { makeFinding } from '../../src/checks/make-finding.js'

const finding = (id: Finding['id'], confidence: Finding['confidence'] = 'confirmed'): Finding =>
  makeFinding(id, { summary: 's', evidence: [], confidence }, 'generic')

test('no finding scores 100, grade A, every category 100', () => {
  const s = scoreFindings([])
  assert.equal(s.value, 100)
  assert.equal(s.grade, 'A')
  assert.ok(Object.values(s.categories).every((v) => v === 100))
})

test('a confirmed critical finding is an F whatever else is right, in its category too', () => {
  const s = scoreFindings([finding('SG-FIX-ADOPT')])
  assert.equal(s.grade, 'F')
  assert.ok(s.value <= 40)
  assert.ok(s.categories.fixation <= 40)
  assert.equal(s.categories.cookies, 100)
})

test('tentative findings cost half of proven ones', () => {
  const proven = scoreFindings([finding('SG-COOKIE-HTTPONLY', 'firm')]).value
  const tentative = scoreFindings([finding('SG-COOKIE-HTTPONLY', 'tentative')]).value
  assert.equal(100 - tentative, (100 - proven) / 2)
})

test('the gate fails on a finding at or above --fail-on and on a score under --threshold', () => {
  const report = {
    findings: [finding('SG-COOKIE-SAMESITE')],
    score: scoreFindings([finding('SG-COOKIE-SAMESITE')]),
  } as unknown as ScanReport
  assert.equal(gate(report, { failOn: 'low' }).exitCode, 1)
  assert.equal(gate(report, { failOn: 'medium' }).exitCode, 0)
  assert.equal(gate(report, { threshold: report.score.value }).exitCode, 0)
  assert.equal(gate(report, { threshold: report.score.value + 1 }).exitCode, 1)
  assert.equal(gate(report, {}).passed, true)
})
