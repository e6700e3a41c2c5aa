// The scanner against the MFA example, as its README says to run it: the example's own sessionguard.yml,
// the app on DynamoDB (embedded dynalite), a TOTP second factor and a step-up. Every privilege check must
// have run its attack and the app resisted it: grade A, not a letter for checks that were never tried.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { parseConfigText, resolveConfig, scan, type ScanReport } from '@sessionguard/scanner'
import { connectDynamo, type Dynamo } from '../../embedded-dynamodb.js'
import type { RunningApi } from '../../serve.js'
import { startMfaApp } from '../src/index.js'

const ENV = {
  SG_PASSWORD: 'alice-demo-password',
  SG_TOTP: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  SG_PASSWORD_BOB: 'bob-demo-password',
  SG_TOTP_BOB: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
}

describe('the MFA example, scanned with its own sessionguard.yml', () => {
  let db: Dynamo
  let app: RunningApi
  let report: ScanReport
  before(async () => {
    db = await connectDynamo()
    app = await startMfaApp(db.client, 0, { transactions: db.transactions })
    const text = await readFile(new URL('../sessionguard.yml', import.meta.url), 'utf8')
    const env = { ...process.env, ...ENV }
    const loaded = parseConfigText(text, 'examples/mfa-app/sessionguard.yml', env)
    const config = resolveConfig({ ...loaded.input, target: app.url }, { positionOf: loaded.positionOf, source: loaded.source })
    report = await scan(config, { env })
  })
  after(async () => {
    await app?.close()
    await db?.close()
  })

  it('grades A with no finding', () => {
    assert.deepEqual(
      report.findings.map((f) => f.id),
      [],
    )
    assert.equal(report.score.grade, 'A', report.gradeLabel)
  })

  it('ran the second-factor and step-up attacks, and each passed', () => {
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
    for (const id of ['SG-FIX-MFA', 'SG-MFA-PARTIAL', 'SG-FIX-STEPUP', 'SG-FIX-LOGIN', 'SG-FIX-ADOPT', 'SG-LOGOUT'])
      assert.equal(status[id], 'passed', `${id}: ${JSON.stringify(report.checks.find((c) => c.id === id))}`)
  })
})
