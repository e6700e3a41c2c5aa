// The Action's code path (the bundle, run as the runner runs it) with `history-table`: the scan lands in
// a DynamoDB Local table, and the dashboard over that table shows it in the fleet. Credentials and
// region come from the environment, as aws-actions/configure-aws-credentials leaves them.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createHistoryTable, DynamoHistoryStore } from '@sessionguard/history/dynamodb'
import { startDashboard } from '@sessionguard/history/server'
import { ALICE, startDynamoDBLocal, startExpressSession, type RunningDynamoDB, type TargetApp } from '@sessionguard/testkit'
import { buildActionBundle } from '../src/action/build.js'
import { INPUT_DEFAULTS } from '../src/action/inputs.js'

const TABLE = 'sg-team-history'
let dir: string
let bundle: string
let db: RunningDynamoDB
let client: DynamoDBClient
let app: TargetApp

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-action-history-'))
  bundle = (await buildActionBundle(join(dir, 'action', 'index.mjs'))).outfile
  db = await startDynamoDBLocal()
  client = new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
  await createHistoryTable(client, TABLE)
  app = await startExpressSession({ regenerate: true })
})
after(async () => {
  await app?.close()
  client?.destroy()
  await db?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

let runs = 0
async function runBundle(inputs: Record<string, string>): Promise<{ code: number; stdout: string; outputs: string; workspace: string }> {
  const workspace = join(dir, `ws-${++runs}`)
  await mkdir(workspace, { recursive: true })
  const outputFile = join(workspace, '.github_output')
  await writeFile(outputFile, '')
  const child = spawn(process.execPath, [bundle], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workspace,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(workspace, '.summary'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      // what configure-aws-credentials exports, plus the endpoint of the local engine
      AWS_ACCESS_KEY_ID: db.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: 'local-session',
      AWS_REGION: db.region,
      AWS_DEFAULT_REGION: db.region,
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      ...Object.fromEntries(Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()))
  const code = await new Promise<number>((ok) => child.on('close', (c) => ok(c ?? -1)))
  return { code, stdout, outputs: await readFile(outputFile, 'utf8'), workspace }
}

const scanInputs = () => ({
  target: app.url,
  'login-url': '/login',
  'login-page': '/login',
  'check-url': '/account',
  'check-contains': ALICE.username,
  username: ALICE.username,
  password: ALICE.password,
  format: 'json',
  'fail-on': 'none',
})

describe('the Action with history-table', () => {
  it('records the scan in the team table under the repository, where the dashboard shows it in the fleet', async () => {
    const run = await runBundle({ ...scanInputs(), 'history-table': TABLE })
    assert.equal(run.code, 0, run.stdout)
    const report = JSON.parse(await readFile(join(run.workspace, 'sessionguard-report.json'), 'utf8')) as {
      scanId: string
      score: { grade: string }
    }
    const store = new DynamoHistoryStore({ client, table: TABLE })
    const entries = await store.list('https://github.com/acme/shop')
    assert.deepEqual(
      entries.map((e) => e.kind === 'scan' && [e.scanId, e.source]),
      [[report.scanId, 'action']],
    )
    assert.equal((await store.get(report.scanId))?.report.scanId, report.scanId)

    const dash = await startDashboard({ store })
    try {
      const res = await fetch(`${dash.url}/api/fleet`, { headers: { authorization: `Bearer ${dash.token}` } })
      const body = (await res.json()) as { rows: Array<{ target: string; grade: string; latestScanId: string }> }
      assert.deepEqual(
        body.rows.map((r) => [r.target, r.grade, r.latestScanId]),
        [['https://github.com/acme/shop', report.score.grade, report.scanId]],
      )
    } finally {
      await dash.close()
    }
  })

  it('fails the step with exit code 3 and names the table when it cannot be written, after writing the report', async () => {
    const run = await runBundle({ ...scanInputs(), 'history-table': 'sg-no-such-table', 'history-key': 'shop-eu' })
    assert.equal(run.code, 3, run.stdout)
    assert.match(
      run.stdout,
      /^::error title=sessionguard::the scan was not recorded in the history table sg-no-such-table: .*\[SG_HISTORY_STORE\]/m,
    )
    assert.match(run.outputs, /exit-code<<.*\n3\n/)
    await readFile(join(run.workspace, 'sessionguard-report.json'), 'utf8')
  })
})
