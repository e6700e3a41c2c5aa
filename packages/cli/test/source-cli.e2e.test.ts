import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { runCli } from '@sessionguard/testkit'
import { connectDynamo, type Dynamo } from '../../../examples/embedded-dynamodb.js'
import { startVulnerableApi } from '../../../examples/vulnerable-api/src/index.js'
import { USERS } from '../../../examples/users.js'
import type { RunningApi } from '../../../examples/serve.js'
import { reportValidator, sarifValidator, errorsText } from '../../scanner/test/report/validators.js'

interface SarifResult {
  ruleId: string
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; snippet?: { text: string } } } }>
  codeFlows?: unknown[]
  properties: { scan?: string }
}

describe('sessionguard check', () => {
  test('reports the seed pattern of examples/vulnerable-api and fails the gate (exit 1); secure-api passes (exit 0)', async () => {
    const bad = await runCli(['check', 'examples/vulnerable-api', '-f', 'json'])
    assert.equal(bad.code, 1, bad.stderr)
    const report = JSON.parse(bad.stdout) as {
      kind: string
      findings: Array<{ id: string; code: { location: { file: string; line: number } } }>
    }
    const validate = reportValidator()
    assert.ok(validate(report), errorsText(validate))
    assert.equal(report.kind, 'check')
    assert.deepEqual(
      report.findings.map((f) => `${f.id} ${f.code.location.file}:${f.code.location.line}`),
      ['SG-SRC-CLIENT-ID examples/vulnerable-api/src/app.ts:40'],
    )
    const good = await runCli(['check', 'examples/secure-api', '-f', 'sarif'])
    assert.equal(good.code, 0, good.stderr)
    const sarif = JSON.parse(good.stdout) as { runs: Array<{ results: SarifResult[] }> }
    const validSarif = sarifValidator()
    assert.ok(validSarif(sarif), errorsText(validSarif))
    assert.deepEqual(sarif.runs[0]!.results, [])
  })

  test('a directory that does not exist is a usage error (exit 2, SG_SOURCE_DIR)', async () => {
    const r = await runCli(['check', 'no/such/dir'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /no\/such\/dir: no such directory \[SG_SOURCE_DIR\]/)
  })

  test('an --output path that cannot be written is a usage error before any file is read (exit 2, nothing on stdout)', async () => {
    const r = await runCli(['check', 'examples/vulnerable-api', '-o', 'package.json/report.json'])
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--output package\.json\/report\.json: cannot write into package\.json/)
    assert.equal(r.stdout, '')
  })

  test('an ignore entry with a reason suppresses the finding and the gate passes; SARIF marks it accepted', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = await mkdtemp(join(tmpdir(), 'sg-ignore-'))
    const file = join(dir, 'accepted.yml')
    await writeFile(file, '- check: SG-SRC-CLIENT-ID\n  carrier: cookie:session_id\n  reason: the example is vulnerable on purpose\n')
    const r = await runCli(['check', 'examples/vulnerable-api', '--ignore-file', file, '-f', 'sarif'])
    assert.equal(r.code, 0, r.stderr)
    const results = JSON.parse(r.stdout).runs[0].results as Array<{ ruleId: string; suppressions?: unknown[] }>
    assert.equal(results.length, 1)
    assert.equal(results[0]!.ruleId, 'SG-SRC-CLIENT-ID')
    assert.ok(results[0]!.suppressions?.length)
  })
})

describe('sessionguard scan --source on the demo vulnerable API (dynalite)', () => {
  let db: Dynamo
  let api: RunningApi
  before(async () => {
    db = await connectDynamo('')
    api = await startVulnerableApi(db.client)
  })
  after(async () => {
    await api?.close()
    await db?.close()
  })

  test("puts the black-box SG-FIX-ADOPT result on the login handler's line and confirms the code finding", async () => {
    const r = await runCli(
      [
        'scan',
        api.url,
        '--login-url',
        '/login',
        '--login-type',
        'json',
        '--username',
        'alice',
        '--password-env',
        'SG_PW',
        '--username-field',
        'username',
        '--password-field',
        'password',
        '--check-url',
        '/me',
        '--check-contains',
        'alice',
        '--source',
        'examples/vulnerable-api',
        '-f',
        'sarif',
        '-q',
        '--fail-on',
        'none',
      ],
      { env: { SG_PW: USERS.alice!.password } },
    )
    assert.equal(r.code, 0, r.stderr)
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: SarifResult[] }> }
    const validSarif = sarifValidator()
    assert.ok(validSarif(sarif), errorsText(validSarif))
    const results = sarif.runs[0]!.results
    const adopt = results.filter((x) => x.ruleId === 'SG-FIX-ADOPT')
    assert.ok(adopt.length > 0, 'the scan proved SG-FIX-ADOPT')
    for (const a of adopt) {
      const loc = a.locations[0]!.physicalLocation
      assert.equal(loc.artifactLocation.uri, 'examples/vulnerable-api/src/app.ts')
      assert.equal(loc.region.startLine, 35, "the handler app.post('/login', …)")
      assert.match(loc.region.snippet?.text ?? '', /app\.post\('\/login'/)
    }
    const code = results.find((x) => x.ruleId === 'SG-SRC-CLIENT-ID')!
    assert.equal(code.locations[0]!.physicalLocation.region.startLine, 40)
    assert.equal(code.properties.scan, 'confirmed')
    assert.ok(code.codeFlows?.length)
    assert.ok(!r.stdout.includes(USERS.alice!.password), 'the test password reaches no artifact')
  })
})
