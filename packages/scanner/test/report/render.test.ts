import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../../src/errors.js'
import { FORMATS, render, type Format } from '../../src/report/render.js'
import { cleanReport, hostileReport, sampleReport } from './sample-report.js'

describe('render', () => {
  it('renders every format for a report with findings, a clean one and a hostile one', () => {
    for (const format of FORMATS) {
      for (const report of [sampleReport(), cleanReport(), hostileReport()]) {
        const out = render(report, format)
        assert.ok(out.length > 100, format)
        assert.ok(out.endsWith('\n'), `${format} ends with a newline`)
      }
    }
  })

  it('is deterministic: the same report gives the same text', () => {
    for (const format of FORMATS) assert.equal(render(sampleReport(), format), render(sampleReport(), format), format)
  })

  it('does not change the report it renders', () => {
    const report = hostileReport()
    const before = structuredClone(report)
    for (const format of FORMATS) render(report, format)
    assert.deepEqual(report, before)
  })

  it('refuses an unknown format with a configuration error', () => {
    assert.throws(() => render(sampleReport(), 'yaml' as Format), ConfigError)
  })
})
