import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CHECKS } from '../../src/checks/registry.js'
import { CHECK_IDS } from '../../src/model/index.js'
import { render } from '../../src/report/render.js'
import { cleanReport, hostileReport, sampleReport } from './sample-report.js'
import { errorsText, sarifValidator } from './validators.js'

interface SarifRule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  help: { text: string; markdown: string }
  properties: { tags: string[]; 'security-severity': string; precision: string }
}
interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: string
  message: { text: string }
  locations: {
    physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } }
    logicalLocations?: { kind: string; name: string; fullyQualifiedName: string }[]
    message: { text: string }
  }[]
  partialFingerprints: Record<string, string>
  webRequest?: { protocol: string; method: string; target: string; headers: Record<string, string>; body?: { text: string } }
  webResponse?: { statusCode: number; headers: Record<string, string>; body?: { text: string } }
}
interface SarifLog {
  version: string
  runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[]; properties: Record<string, unknown> }[]
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog

describe('sarif report', () => {
  const validate = sarifValidator()

  it('validates against the SARIF 2.1.0 schema, with findings, without, and with hostile evidence', () => {
    for (const report of [sampleReport(), cleanReport(), hostileReport()]) {
      const log: unknown = JSON.parse(render(report, 'sarif'))
      assert.ok(validate(log), errorsText(validate))
    }
  })

  it('the schema validator rejects a log that breaks the schema (so the check above can fail)', () => {
    const log = parse(render(sampleReport(), 'sarif'))
    ;(log.runs[0]!.results[0] as unknown as { level: string }).level = 'fatal'
    assert.equal(validate(log), false)
    // and the web objects are checked too
    const web = parse(render(sampleReport(), 'sarif'))
    ;(web.runs[0]!.results[0]!.webResponse as unknown as { statusCode: string }).statusCode = 'two hundred'
    assert.equal(validate(web), false)
  })

  it('declares one rule per check of the catalogue, with descriptions, help and CWE tags', () => {
    const rules = parse(render(cleanReport(), 'sarif')).runs[0]!.tool.driver.rules
    assert.deepEqual(
      rules.map((r) => r.id),
      [...CHECK_IDS],
    )
    for (const rule of rules) {
      const info = CHECKS[rule.id as keyof typeof CHECKS]
      assert.equal(rule.shortDescription.text, info.title)
      assert.ok(rule.fullDescription.text.length > 0 && rule.fullDescription.text.length <= 1024)
      assert.ok(rule.help.text.includes(info.description) && rule.help.markdown.length > 0)
      assert.ok(rule.properties.tags.includes('security'))
      for (const cwe of info.references.cwe) {
        assert.ok(rule.properties.tags.includes(`external/cwe/${cwe.toLowerCase()}`), `${rule.id} lacks tag for ${cwe}`)
      }
      const sev = Number(rule.properties['security-severity'])
      assert.ok(sev > 0 && sev <= 10, `${rule.id} security-severity ${sev}`)
    }
    assert.deepEqual(
      rules.find((r) => r.id === 'SG-FIX-ADOPT')?.properties.tags.filter((t) => t.startsWith('external/cwe/')),
      ['external/cwe/cwe-384'],
    )
  })

  it('ranks a critical rule above a low one for GitHub (security-severity bands)', () => {
    const rules = parse(render(cleanReport(), 'sarif')).runs[0]!.tool.driver.rules
    const score = (id: string): number => Number(rules.find((r) => r.id === id)!.properties['security-severity'])
    assert.ok(score('SG-FIX-ADOPT') >= 9.0)
    assert.ok(score('SG-FIX-LOGIN') >= 7.0 && score('SG-FIX-LOGIN') < 9.0)
    assert.ok(score('SG-LOGOUT') >= 4.0 && score('SG-LOGOUT') < 7.0)
    assert.ok(score('SG-COOKIE-SAMESITE') < 4.0)
  })

  it('puts the fix for the detected framework into the help of a rule that fired', () => {
    const rules = parse(render(sampleReport(), 'sarif')).runs[0]!.tool.driver.rules
    const adopt = rules.find((r) => r.id === 'SG-FIX-ADOPT')!
    assert.match(adopt.help.markdown, /How to fix \(express\)/)
    assert.match(adopt.help.markdown, /req\.session\.regenerate/)
  })

  it('reports one result per finding, worst first, with level from severity and the rule index', () => {
    const report = sampleReport()
    const run = parse(render(report, 'sarif')).runs[0]!
    assert.equal(run.results.length, report.findings.length)
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.level]),
      [
        ['SG-FIX-ADOPT', 'error'],
        ['SG-LOGOUT', 'warning'],
        ['SG-COOKIE-SECURE', 'warning'],
        ['SG-COOKIE-SAMESITE', 'note'],
      ],
    )
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId)
  })

  it('gives every result the target URL as a logical location, and no file location when no repository file describes the scan', () => {
    const text = render(sampleReport(), 'sarif')
    const log = parse(text)
    for (const r of log.runs[0]!.results) {
      const loc = r.locations[0]!
      assert.equal(loc.physicalLocation, undefined, 'no invented file')
      assert.deepEqual(loc.logicalLocations, [{ kind: 'resource', name: '127.0.0.1:3000', fullyQualifiedName: 'http://127.0.0.1:3000' }])
      assert.match(loc.message.text, /http:\/\/127\.0\.0\.1:3000/)
    }
    assert.doesNotMatch(text, /sessionguard\.yml|%SRCROOT%/)
  })

  it('anchors results to a real repository file when one is given, at the line that names the target', () => {
    const custom = parse(render(sampleReport(), 'sarif', { artifactUri: './ci/scan config.yml', artifactLine: 4 })).runs[0]!
    const loc = custom.results[0]!.locations[0]!
    assert.deepEqual(loc.physicalLocation!.artifactLocation, { uri: 'ci/scan%20config.yml', uriBaseId: '%SRCROOT%' })
    assert.deepEqual(loc.physicalLocation!.region, { startLine: 4, startColumn: 1 })
    assert.equal(loc.logicalLocations![0]!.fullyQualifiedName, 'http://127.0.0.1:3000')
    assert.ok(validate(JSON.parse(render(sampleReport(), 'sarif', { artifactUri: 'sg.yml', artifactLine: 2 }))), errorsText(validate))
  })

  it('carries the decisive exchange of each finding as webRequest and webResponse, as the (redacted) report has it', () => {
    const report = sampleReport()
    const results = parse(render(report, 'sarif')).runs[0]!.results
    for (const r of results) {
      const finding = report.findings.find((f) => f.id === r.ruleId)!
      const last = [...finding.evidence].reverse().find((x) => x.response)!
      assert.equal(r.webRequest!.method, last.request.method)
      assert.equal(r.webRequest!.target, last.request.url)
      assert.equal(r.webRequest!.protocol, 'HTTP')
      for (const [k, v] of Object.entries(last.request.headers)) assert.equal(r.webRequest!.headers[k], v)
      assert.equal(r.webResponse!.statusCode, last.response!.status)
      if (last.response!.body !== undefined) assert.equal(r.webResponse!.body!.text, last.response!.body)
    }
    // the adoption finding's proof ends with the attacker's replay of the planted id
    const adopt = results.find((r) => r.ruleId === 'SG-FIX-ADOPT')!
    assert.match(adopt.webRequest!.headers.cookie ?? '', /…\[\d+\]/, 'the planted id as the report masks it')
  })

  it('gives the same fingerprints on a rerun and different ones for another target', () => {
    const prints = (target: string): string[] => {
      const report = sampleReport()
      report.target = target
      report.scanId = `${target}-${Math.random()}`
      return parse(render(report, 'sarif')).runs[0]!.results.map((r) => r.partialFingerprints.primaryLocationLineHash!)
    }
    const first = prints('http://127.0.0.1:3000')
    assert.deepEqual(prints('http://127.0.0.1:3000'), first)
    assert.equal(new Set(first).size, first.length)
    const other = prints('http://127.0.0.1:4000')
    assert.equal(other.filter((p) => first.includes(p)).length, 0)
  })

  it('reports checks that were not tested or failed to run as tool notifications', () => {
    const log = JSON.parse(render(sampleReport(), 'sarif')) as {
      runs: {
        invocations: {
          executionSuccessful: boolean
          toolExecutionNotifications: { level: string; message: { text: string }; associatedRule: { id: string } }[]
        }[]
      }[]
    }
    const inv = log.runs[0]!.invocations[0]!
    assert.equal(inv.executionSuccessful, false)
    const byRule = new Map(inv.toolExecutionNotifications.map((n) => [n.associatedRule.id, n]))
    assert.equal(byRule.get('SG-COOKIE-PREFIX')?.level, 'error')
    assert.match(byRule.get('SG-IDOR')!.message.text, /enable with two accounts/)
  })
})
