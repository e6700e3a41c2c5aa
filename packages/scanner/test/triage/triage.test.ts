import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveConfig } from '../../src/config/load.js'
import { ConfigError } from '../../src/errors.js'
import { render, FORMATS } from '../../src/report/render.js'
import { applyTriage, assertIgnoreCurrent, selectedChecks } from '../../src/triage/apply.js'
import { applyBaseline, parseBaseline } from '../../src/triage/baseline.js'
import { IgnoreExpiredError, BaselineError } from '../../src/errors.js'
import { judge, DEFAULT_FAIL_ON } from '../../src/triage/gate-record.js'
import { parseIgnoreText } from '../../src/triage/ignore-file.js'
import type { IgnoreEntry } from '../../src/config/triage-schema.js'
import { sampleReport } from '../report/sample-report.js'
import { errorsText, reportValidator, sarifValidator } from '../report/validators.js'

const NOW = new Date('2026-06-15T12:00:00Z')
const entry = (e: Partial<IgnoreEntry> & { check: IgnoreEntry['check'] }): IgnoreEntry => ({ reason: 'dev server is http only', ...e })

describe('checks: selection', () => {
  it('keeps everything by default, a family or ids when included, and removes the excluded ones', () => {
    assert.equal(selectedChecks(undefined).size, 18)
    assert.deepEqual([...selectedChecks({ include: ['tokens'] })].sort(), ['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'])
    const noCookies = selectedChecks({ exclude: ['cookies', 'SG-LOGOUT'] })
    assert.ok(!noCookies.has('SG-COOKIE-SECURE') && !noCookies.has('SG-LOGOUT') && noCookies.has('SG-FIX-ADOPT'))
    assert.deepEqual([...selectedChecks({ include: ['fixation'], exclude: ['SG-URL'] })].sort(), [
      'SG-FIX-ADOPT',
      'SG-FIX-LOGIN',
      'SG-FIX-OLDID',
      'SG-PERMISSIVE',
    ])
  })

  it('drops the findings of left-out checks and marks them not tested (never passed), with how to bring them back', () => {
    const r = sampleReport()
    assert.ok(r.findings.some((f) => f.category === 'cookies'))
    const out = applyTriage(r, { checks: { exclude: ['cookies'] }, now: NOW })
    assert.ok(!out.findings.some((f) => f.category === 'cookies'))
    const samesite = out.checks.find((c) => c.id === 'SG-COOKIE-SAMESITE')!
    assert.equal(samesite.status, 'not-tested')
    assert.match(samesite.reason!, /checks\.exclude/)
    assert.match(samesite.enableWith!, /--checks/)
    assert.ok(out.score.value >= r.score.value)
  })

  it('refuses an unknown check or family in the config, suggesting the nearest one', () => {
    assert.throws(
      () => resolveConfig({ target: 'http://127.0.0.1:1', checks: { exclude: ['SG-COOKIE-SECUR'] } }),
      (e: unknown) =>
        e instanceof ConfigError &&
        /checks\.exclude\[0\]: unknown check or family "SG-COOKIE-SECUR" \(did you mean SG-COOKIE-SECURE\?\)/.test(e.message),
    )
    assert.throws(() => resolveConfig({ target: 'http://127.0.0.1:1', checks: { include: ['cookie'] } }), /did you mean cookies\?/)
    assert.throws(
      () => resolveConfig({ target: 'http://127.0.0.1:1', ignore: [{ check: 'cookies', reason: 'x' }] }),
      /unknown check id "cookies"/,
    )
  })
})

describe('ignore list', () => {
  it('moves a matching finding to suppressed with its reason, and recomputes the score without it', () => {
    const r = sampleReport()
    const out = applyTriage(r, {
      ignore: [entry({ check: 'SG-COOKIE-SAMESITE', carrier: 'cookie:connect.sid', expires: '2026-06-15' })],
      now: NOW,
    })
    assert.ok(!out.findings.some((f) => f.id === 'SG-COOKIE-SAMESITE'))
    assert.equal(out.suppressed?.length, 1)
    assert.equal(out.suppressed![0]!.by, 'ignore')
    assert.equal(out.suppressed![0]!.expires, '2026-06-15')
    assert.equal(out.suppressed![0]!.finding.id, 'SG-COOKIE-SAMESITE')
    assert.ok(out.score.value > applyTriage(r, { now: NOW, checks: {} }).score.value || out.score.categories.cookies > 0)
  })

  it('matches the carrier exactly: another cookie is not covered, and no carrier covers them all', () => {
    const r = sampleReport()
    const other = applyTriage(r, { ignore: [entry({ check: 'SG-COOKIE-SAMESITE', carrier: 'cookie:sid' })], now: NOW })
    assert.ok(other.findings.some((f) => f.id === 'SG-COOKIE-SAMESITE'))
    assert.equal(other.suppressed, undefined)
    assert.ok(other.notes.some((n) => /SG-COOKIE-SAMESITE \(cookie:sid\) matched no finding/.test(n)))
    const headerKind = applyTriage(r, { ignore: [entry({ check: 'SG-COOKIE-SAMESITE', carrier: 'header:connect.sid' })], now: NOW })
    assert.ok(headerKind.findings.some((f) => f.id === 'SG-COOKIE-SAMESITE'))
    const any = applyTriage(r, { ignore: [entry({ check: 'SG-COOKIE-SAMESITE' })], now: NOW })
    assert.ok(!any.findings.some((f) => f.id === 'SG-COOKIE-SAMESITE'))
  })

  it('fails loudly on an expired entry, naming it, with exit code 2; the last day itself still applies', () => {
    const expired = entry({ check: 'SG-COOKIE-SECURE', carrier: 'cookie:sid', expires: '2026-06-14' })
    assert.throws(
      () => assertIgnoreCurrent([entry({ check: 'SG-LOGOUT' }), expired], NOW),
      (e: unknown) =>
        e instanceof IgnoreExpiredError &&
        e.exitCode === 2 &&
        e.code === 'SG_IGNORE_EXPIRED' &&
        /SG-COOKIE-SECURE \(cookie:sid\) expired 2026-06-14/.test(e.message) &&
        !/SG-LOGOUT/.test(e.message),
    )
    assert.throws(() => applyTriage(sampleReport(), { ignore: [expired], now: NOW }), IgnoreExpiredError)
    assert.doesNotThrow(() => assertIgnoreCurrent([entry({ check: 'SG-LOGOUT', expires: '2026-06-15' })], NOW))
  })

  it('validates entries: a reason is required, dates are real days, carriers have a kind', () => {
    const base = { target: 'http://127.0.0.1:1' }
    assert.throws(() => resolveConfig({ ...base, ignore: [{ check: 'SG-LOGOUT' }] }), /ignore\[0\]\.reason is missing/)
    assert.throws(() => resolveConfig({ ...base, ignore: [{ check: 'SG-LOGOUT', reason: 'x', expires: '2026-02-30' }] }), /YYYY-MM-DD/)
    assert.throws(() => resolveConfig({ ...base, ignore: [{ check: 'SG-LOGOUT', reason: 'x', carrier: 'sid' }] }), /cookie:NAME/)
    assert.throws(() => resolveConfig({ ...base, ignore: [{ check: 'SG-LOGOUT', reason: 'x', until: '2026-01-01' }] }), /unknown key/)
    assert.equal(
      resolveConfig({ ...base, ignore: [{ check: 'SG-LOGOUT', reason: 'x', expires: '2027-01-31' }] }).ignore?.[0]?.expires,
      '2027-01-31',
    )
  })

  it('shows suppressed findings in every report format', () => {
    const out = judge(
      applyTriage(sampleReport(), { ignore: [entry({ check: 'SG-COOKIE-SAMESITE', reason: 'tracked in JIRA-42' })], now: NOW }),
      {},
    ).report
    for (const format of FORMATS) {
      const text = render(out, format)
      assert.match(text, format === 'sarif' ? /"suppressions"/ : /suppressed/i, format)
      assert.match(text, /JIRA-42/, format)
    }
    const validate = reportValidator()
    assert.ok(validate(JSON.parse(render(out, 'json'))), errorsText(validate))
    const sarifText = render(out, 'sarif')
    const sv = sarifValidator()
    assert.ok(sv(JSON.parse(sarifText)), errorsText(sv))
    const sarif = JSON.parse(sarifText) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }> }
    const accepted = sarif.runs[0]!.results.filter((x) => x.suppressions)
    assert.equal(accepted.length, 1)
    assert.equal(accepted[0]!.ruleId, 'SG-COOKIE-SAMESITE')
    // JUnit: a check whose every finding is accepted is skipped, not failed
    const junit = render(out, 'junit')
    assert.match(junit, /SG-COOKIE-SAMESITE[^>]*>\s*<skipped message="suppressed \(ignore list: tracked in JIRA-42\)"/)
  })
})

describe('ignore file', () => {
  it('reads a YAML list, a mapping with ignore:, and JSON', () => {
    const list = parseIgnoreText(
      '# accepted\n- check: SG-COOKIE-SECURE\n  carrier: cookie:sid\n  reason: http dev server\n  expires: 2027-01-31\n',
      'i.yml',
    )
    assert.deepEqual(list, [{ check: 'SG-COOKIE-SECURE', carrier: 'cookie:sid', reason: 'http dev server', expires: '2027-01-31' }])
    assert.deepEqual(parseIgnoreText('ignore:\n  - { check: SG-LOGOUT, reason: no logout yet }\n', 'i.yml'), [
      { check: 'SG-LOGOUT', reason: 'no logout yet' },
    ])
    assert.deepEqual(parseIgnoreText('[{"check": "SG-LOGOUT", "reason": "r"}]', 'i.json'), [{ check: 'SG-LOGOUT', reason: 'r' }])
    assert.deepEqual(parseIgnoreText('{"ignore": []}', 'i.json'), [])
  })

  it('names the file and the line of a bad entry', () => {
    assert.throws(
      () => parseIgnoreText('- check: SG-LOGOUT\n  reason: ok\n- check: SG-NOPE\n  reason: r\n', 'i.yml'),
      /: i\.yml:3:3: entry 2 check: unknown check id "SG-NOPE"/,
    )
    assert.throws(() => parseIgnoreText('ignore: []\nfail_on: low\n', 'i.yml'), /unknown key "fail_on"/)
    assert.throws(() => parseIgnoreText('ignore: []\nfail_on: low\n', 'i.yml'), /: i\.yml:2:1: unknown key "fail_on"/)
    // the unknown key's own line, not the entry's; the nearest key an entry takes
    assert.throws(
      () => parseIgnoreText('- check: SG-LOGOUT\n  reason: r\n  reson: typo\n', 'i.yml'),
      /: i\.yml:3:3: entry 1: unknown key "reson"/,
    )
    assert.throws(
      () => parseIgnoreText('- check: SG-LOGOUT\n  reasn: r\n', 'i.yml'),
      /: i\.yml:2:3: entry 1: unknown key "reasn" \(did you mean reason\?\)/,
    )
    // in the words of the file, never the validator's ("Invalid input: expected string, received undefined")
    assert.throws(
      () => parseIgnoreText('- check: SG-LOGOUT\n- check: SG-URL\n  reason: 42\n', 'i.yml'),
      (e: Error) =>
        /^i\.yml:1:3: entry 1 reason is missing \(add reason: to entry 1\); i\.yml:3:3: entry 2 reason: expected text, got 42/.test(
          e.message,
        ) && !/Invalid input|received/.test(e.message),
    )
  })
})

describe('baseline', () => {
  it('suppresses findings the earlier report had (by check and carrier), keeps new ones, leaves the score', () => {
    const before = sampleReport()
    before.findings = before.findings.filter((f) => f.id !== 'SG-FIX-ADOPT')
    const baseline = parseBaseline(render(before, 'json'), 'old.json')
    const now = sampleReport()
    const out = applyBaseline(now, baseline)
    assert.deepEqual(
      out.findings.map((f) => f.id),
      ['SG-FIX-ADOPT'],
    )
    assert.ok(out.suppressed!.every((s) => s.by === 'baseline' && /baseline scan/.test(s.reason)))
    assert.deepEqual(out.score, now.score)
    // only the new critical finding can fail the gate
    assert.equal(judge(out, { baseline }).verdict.exitCode, 1)
    const same = applyBaseline(sampleReport(), parseBaseline(render(sampleReport(), 'json'), 'old.json'))
    const judged = judge(same, { baseline })
    assert.equal(judged.verdict.exitCode, 0)
    assert.equal(judged.report.gate?.baseline?.scanId, before.scanId)
  })

  it('counts a finding suppressed in the baseline as known too, and a changed carrier as new', () => {
    const old = applyTriage(sampleReport(), { ignore: [entry({ check: 'SG-FIX-ADOPT' })], now: NOW })
    const b = parseBaseline(render(old, 'json'), 'old.json')
    assert.ok(!applyBaseline(sampleReport(), b).findings.some((f) => f.id === 'SG-FIX-ADOPT'))
    const moved = sampleReport()
    moved.findings = moved.findings.map((f) => ({ ...f, carrier: { kind: 'cookie' as const, name: 'sid2' } }))
    assert.equal(applyBaseline(moved, b).findings.length, moved.findings.length)
  })

  it('refuses something that is not a sessionguard JSON report', () => {
    assert.throws(
      () => parseBaseline('not json', 'x.json'),
      (e: unknown) => e instanceof BaselineError && e.exitCode === 2 && /not JSON/.test(e.message),
    )
    assert.throws(() => parseBaseline(render(sampleReport(), 'sarif'), 'x.sarif'), /not a sessionguard JSON report/)
  })
})

describe('gate default', () => {
  it('fails on high when nobody chose, and records the gate in the report', () => {
    assert.equal(DEFAULT_FAIL_ON, 'high')
    const { report, verdict } = judge(sampleReport(), {})
    assert.equal(verdict.exitCode, 1)
    assert.deepEqual({ ...report.gate, reasons: undefined }, { failOn: 'high', failOnSource: 'default', passed: false, reasons: undefined })
    const none = judge(sampleReport(), { failOn: 'none' })
    assert.equal(none.verdict.exitCode, 0)
    assert.equal(none.report.gate?.failOnSource, 'config')
  })
})
