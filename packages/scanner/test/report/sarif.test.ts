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
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } }
    message: { text: string }
  }[]
  partialFingerprints: Record<string, string>
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

  it('locates results in the repository (config file, line 1) and names the target URL', () => {
    const defaults = parse(render(sampleReport(), 'sarif')).runs[0]!.results[0]!.locations[0]!
    assert.deepEqual(defaults.physicalLocation.artifactLocation, { uri: 'sessionguard.yml', uriBaseId: '%SRCROOT%' })
    assert.equal(defaults.physicalLocation.region.startLine, 1)
    assert.match(defaults.message.text, /http:\/\/127\.0\.0\.1:3000/)

    const custom = parse(render(sampleReport(), 'sarif', { artifactUri: './ci/scan config.yml' })).runs[0]!.results[0]!.locations[0]!
    assert.deepEqual(custom.physicalLocation.artifactLocation, { uri: 'ci/scan%20config.yml', uriBaseId: '%SRCROOT%' })
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
