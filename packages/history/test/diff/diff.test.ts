import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { diffReports, findingKey, formatDiff } from '../../src/index.js'
import { CHECK_IDS } from '../../../scanner/src/model/index.js'
import { buildReport, type FindingSpec } from '../helpers/report-builder.js'

describe('diffReports', () => {
  it('sorts findings into new, fixed and unchanged by check id + carrier + title', () => {
    const a = buildReport({ findings: [{ id: 'SG-FIX-LOGIN' }, { id: 'SG-COOKIE-HTTPONLY' }, { id: 'SG-LOGOUT' }] })
    const b = buildReport({ findings: [{ id: 'SG-FIX-LOGIN' }, { id: 'SG-LOGOUT' }, { id: 'SG-FIX-ADOPT' }] })
    const d = diffReports(a, b)
    assert.deepEqual(
      d.new.map((f) => f.id),
      ['SG-FIX-ADOPT'],
    )
    assert.deepEqual(
      d.fixed.map((f) => f.id),
      ['SG-COOKIE-HTTPONLY'],
    )
    assert.deepEqual(d.unchanged.map((u) => u.after.id).sort(), ['SG-FIX-LOGIN', 'SG-LOGOUT'])
    assert.equal(d.regression, true)
  })

  it('treats the same check on another carrier as a different finding', () => {
    const a = buildReport({ findings: [{ id: 'SG-FIX-ADOPT', carrier: { kind: 'cookie', name: 'sid' } }] })
    const b = buildReport({ findings: [{ id: 'SG-FIX-ADOPT', carrier: { kind: 'header', name: 'X-Session-Id' } }] })
    const d = diffReports(a, b)
    assert.equal(d.new.length, 1)
    assert.equal(d.fixed.length, 1)
    assert.notEqual(findingKey(d.new[0]!), findingKey(d.fixed[0]!))
  })

  it('ignores changes of evidence and summary wording for the same finding', () => {
    const a = buildReport({ findings: [{ id: 'SG-FIX-LOGIN', summary: 'first wording', evidence: [] }] })
    const b = buildReport({ findings: [{ id: 'SG-FIX-LOGIN', summary: 'second wording' }] })
    const d = diffReports(a, b)
    assert.equal(d.unchanged.length, 1)
    assert.equal(d.regression, false)
  })

  it('reports grade and score change, and a grade drop alone is a regression', () => {
    const a = buildReport({ score: 92 })
    const b = buildReport({ score: 71 })
    const d = diffReports(a, b)
    assert.deepEqual(d.grade, { before: 'A', after: 'C', dropped: true, improved: false })
    assert.deepEqual(d.score, { before: 92, after: 71, delta: -21 })
    assert.equal(d.regression, true)
    const back = diffReports(b, a)
    assert.equal(back.grade.improved, true)
    assert.equal(back.regression, false)
  })

  it('copes with a scan that earned no letter: losing the letter is a drop, gaining one is not an improvement, and an old record with a letter for such a scan reads as none', () => {
    const NO_FIXATION = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'] as const
    const graded = buildReport({ score: 95 })
    const ungraded = buildReport({ score: 95, notTested: [...NO_FIXATION] })
    assert.equal(ungraded.score.grade, null)
    const lost = diffReports(graded, ungraded)
    assert.deepEqual(lost.grade, { before: 'A', after: null, dropped: true, improved: false })
    assert.equal(lost.regression, true)
    assert.match(formatDiff(lost), /grade A → —, score 95 → 95/)
    const gained = diffReports(ungraded, graded)
    assert.deepEqual(gained.grade, { before: null, after: 'A', dropped: false, improved: false })
    assert.equal(gained.regression, false)
    // a record written before the grade could be null: a letter for a scan that never attacked the login
    const old = { ...ungraded, score: { ...ungraded.score, grade: 'A' as const } }
    const both = diffReports(old, ungraded)
    assert.deepEqual(both.grade, { before: null, after: null, dropped: false, improved: false })
  })

  it('does not call a finding fixed when the later scan did not run its check', () => {
    const a = buildReport({ findings: [{ id: 'SG-FIX-LOGIN' }, { id: 'SG-COOKIE-SECURE' }] })
    const b = buildReport({ findings: [], notTested: ['SG-FIX-LOGIN'] })
    const d = diffReports(a, b)
    assert.deepEqual(
      d.fixed.map((f) => f.id),
      ['SG-COOKIE-SECURE'],
    )
    assert.deepEqual(
      d.unverified.map((u) => [u.finding.id, u.status]),
      [['SG-FIX-LOGIN', 'not-tested']],
    )
  })

  it('matches duplicate findings one for one', () => {
    const a = buildReport({ findings: [{ id: 'SG-URL' }] })
    const b = buildReport({ findings: [{ id: 'SG-URL' }, { id: 'SG-URL' }] })
    const d = diffReports(a, b)
    assert.equal(d.unchanged.length, 1)
    assert.equal(d.new.length, 1)
  })

  it('accounts for every finding of both scans exactly once (property)', () => {
    const spec = fc.record({
      id: fc.constantFrom(...CHECK_IDS.slice(0, 6)),
      carrier: fc.constantFrom(null, { kind: 'cookie' as const, name: 'sid' }, { kind: 'query' as const, name: 'sid' }),
    }) as fc.Arbitrary<FindingSpec>
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), fc.array(spec, { maxLength: 8 }), (fa, fb) => {
        const a = buildReport({ findings: fa })
        const b = buildReport({ findings: fb })
        const d = diffReports(a, b)
        assert.equal(d.unchanged.length + d.new.length, b.findings.length)
        assert.equal(d.unchanged.length + d.fixed.length + d.unverified.length, a.findings.length)
        const self = diffReports(a, a)
        assert.equal(self.new.length + self.fixed.length, 0)
        assert.equal(self.regression, false)
      }),
    )
  })

  it("names a finding's carrier once, whether or not its title already says it", () => {
    const a = buildReport({})
    const b = buildReport({
      findings: [
        { id: 'SG-FIX-ADOPT', title: 'Invented id adopted (via cookie shop_sid)', carrier: { kind: 'cookie', name: 'shop_sid' } },
        { id: 'SG-LOGOUT', title: 'Logout leaves the session alive', carrier: { kind: 'cookie', name: 'shop_sid' } },
      ],
    })
    const lines = formatDiff(diffReports(a, b)).split('\n')
    const adopt = lines.find((l) => l.includes('SG-FIX-ADOPT'))!
    assert.equal(adopt.split('shop_sid').length - 1, 1, adopt)
    assert.match(
      lines.find((l) => l.includes('SG-LOGOUT'))!,
      /Logout leaves the session alive via cookie shop_sid$/,
    )
  })

  it('prints a text diff that neutralises control characters from the target', () => {
    const a = buildReport({})
    const b = buildReport({ findings: [{ id: 'SG-URL', title: 'evil\u001b[2K\rtitle' }] })
    const text = formatDiff(diffReports(a, b))
    assert.ok(text.includes('new (1)'))
    assert.ok(!text.includes('\u001b'))
    assert.ok(text.includes('verdict: REGRESSION'))
  })
})
