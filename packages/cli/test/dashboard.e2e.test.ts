// The real CLI process serves the dashboard on loopback and stops on SIGINT.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repoRoot } from '@sessionguard/testkit'
import { saveToHistory } from '../src/commands/history.js'
import { buildReport } from '../../history/test/helpers/report-builder.js'

let dir: string
const report = buildReport({ target: 'http://127.0.0.1:8301', findings: [{ id: 'SG-FIX-OLDID' }] })

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-dash-proc-'))
  await saveToHistory(report, { dataDir: dir, source: 'monitor' })
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sessionguard dashboard (process)', () => {
  it('prints its loopback URL, serves the history, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repoRoot, 'packages/cli/src/run.ts'), 'dashboard', '--data-dir', dir, '--port', '0'],
      {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
    try {
      const started = await new Promise<{ url: string; token: string }>((ok, fail) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString()
          const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]{32})/.exec(stdout)
          if (m) ok({ url: m[1]!, token: m[2]! })
        })
        child.on('exit', () => fail(new Error(`dashboard exited early: ${stdout}${stderr}`)))
      })
      const { url, token } = started
      assert.equal((await fetch(`${url}/api/targets`)).status, 401, 'the API wants the printed token')
      const targets = (await (await fetch(`${url}/api/targets`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{
        target: string
        grade: string
        scans: number
      }>
      assert.deepEqual(
        targets.map((t) => [t.target, t.grade, t.scans]),
        [[report.target, report.score.grade, 1]],
      )
      child.kill('SIGINT')
      assert.equal(await exited, 0, stderr)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })
})
