import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CATEGORIES, CHECK_IDS, REPORT_SCHEMA_ID, SEVERITIES, type ScanReport } from '../../src/model/index.js'
import { render } from '../../src/report/render.js'
import { cleanReport, hostileReport, sampleReport } from './sample-report.js'
import { errorsText, loadReportSchema, reportValidator } from './validators.js'

describe('json report', () => {
  const validate = reportValidator()

  it('validates against docs/report.schema.json for a report with findings, a clean one and a hostile one', () => {
    for (const report of [sampleReport(), cleanReport(), hostileReport()]) {
      const parsed: unknown = JSON.parse(render(report, 'json'))
      assert.ok(validate(parsed), errorsText(validate))
    }
  })

  it('is the ScanReport itself: parsing the output gives back the same object', () => {
    const report = sampleReport()
    assert.deepEqual(JSON.parse(render(report, 'json')), report)
  })

  it('has a schema whose $id is the one reports name in $schema', () => {
    const schema = loadReportSchema()
    assert.equal(schema.$id, REPORT_SCHEMA_ID)
    assert.equal(sampleReport().$schema, schema.$id)
  })

  it('keeps the schema enums in step with the model constants', () => {
    const defs = loadReportSchema().$defs as Record<string, { enum?: string[]; required?: string[] }>
    assert.deepEqual(defs.checkId?.enum, [...CHECK_IDS])
    assert.deepEqual(defs.severity?.enum, [...SEVERITIES])
    assert.deepEqual(defs.category?.enum, [...CATEGORIES])
  })

  const broken: [string, (r: ScanReport & Record<string, unknown>) => void][] = [
    ['an unknown severity', (r) => void ((r.findings[0] as { severity: string }).severity = 'catastrophic')],
    ['an unknown check id', (r) => void ((r.checks[0] as { id: string }).id = 'SG-NOPE')],
    ['a field the schema does not describe', (r) => void (r.surprise = true)],
    ['a missing category sub-score', (r) => void delete (r.score.categories as Partial<ScanReport['score']['categories']>).tokens],
    ['another schema version', (r) => void ((r as { schemaVersion: number }).schemaVersion = 2)],
    ['a start time that is not a date-time', (r) => void (r.startedAt = 'yesterday')],
  ]
  for (const [what, breakIt] of broken) {
    it(`rejects a report with ${what}`, () => {
      const r = sampleReport() as ScanReport & Record<string, unknown>
      breakIt(r)
      assert.equal(validate(JSON.parse(render(r, 'json'))), false)
    })
  }
})
