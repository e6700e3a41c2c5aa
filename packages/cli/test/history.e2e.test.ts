// The real CLI process: `scan --save` records into the history, `history` and `diff` read it back.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, startDynalite, startExpressSession, type TargetApp } from '@sessionguard/testkit'

let app: TargetApp
let dir: string

before(async () => {
  app = await startExpressSession({ regenerate: false })
  dir = await mkdtemp(join(tmpdir(), 'sg-history-e2e-'))
})
after(async () => {
  await app?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('history of real scans through the CLI', () => {
  it('scan --save records each scan; history lists them; diff of two scans of an unchanged app shows no change', async () => {
    const cfg = join(dir, 'app.yml')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(cfg, JSON.stringify(app.config))
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['scan', '--config', cfg, '--save', '--data-dir', dir, '--format', 'json'])
      assert.ok(r.code === 0 || r.code === 1, r.stderr)
    }
    const listed = await runCli(['history', app.url, '--data-dir', dir, '--format', 'json'])
    assert.equal(listed.code, 0, listed.stderr)
    const entries = JSON.parse(listed.stdout) as Array<{ scanId: string; source: string; grade: string }>
    assert.equal(entries.length, 2)
    assert.ok(entries.every((e) => e.source === 'cli'))

    const diff = await runCli(['diff', entries[0]!.scanId, entries[1]!.scanId, '--data-dir', dir, '--format', 'json'])
    assert.equal(diff.code, 0, diff.stderr)
    const d = JSON.parse(diff.stdout) as {
      new: unknown[]
      fixed: unknown[]
      unchanged: Array<{ after: { id: string } }>
      regression: boolean
    }
    assert.deepEqual([d.new.length, d.fixed.length, d.regression], [0, 0, false])
    assert.ok(d.unchanged.some((u) => u.after.id === 'SG-FIX-LOGIN'))

    // the password of the scan config never reaches the history
    const password = (app.config.login as { credentials: { password: string } }).credentials.password
    for (const sub of ['reports', 'index']) {
      for (const f of await readdir(join(dir, sub)))
        assert.ok(!(await readFile(join(dir, sub, f), 'utf8')).includes(password), `${sub}/${f}`)
    }
  })

  it('exits 2 with the error code when a scan id is unknown', async () => {
    const r = await runCli(['diff', 'aaaa-missing', 'bbbb-missing', '--data-dir', dir])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /SG_HISTORY_NOT_FOUND/)
  })

  it('a history in DynamoDB (--table) prints no AWS SDK notice about Node versions, unless the user asked for it', async () => {
    const db = await startDynalite()
    try {
      const env = {
        AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
        AWS_REGION: db.region,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
      }
      const r = await runCli(['history', '--table', 'sg-history-quiet'], { env })
      // the table does not exist: the SDK client was made and used, which is when it warns
      assert.equal(r.code, 3, r.stderr)
      assert.match(r.stderr, /SG_HISTORY_STORE/)
      assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|January 2027/)
      // an explicit "false" is the user's choice: kept (on Node 20 the SDK then warns as it always did)
      const asked = await runCli(['history', '--table', 'sg-history-quiet'], {
        env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' },
      })
      if (Number(process.versions.node.split('.')[0]) < 22) assert.match(asked.stderr, /NodeVersionSupportWarning/)
    } finally {
      await db.stop()
    }
  })
})
