// `sessionguard scan --login-type browser` as a user runs it: exit codes, one-line errors, and no
// chromium left behind after an error or Ctrl-C.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { repoRoot, runCli, startSpaCookieApp, startSpaTokenApp, type TargetApp } from '@sessionguard/testkit'
import { leftAfter, processesWithMarker } from '../../scanner/test/browser/processes.js'

const oneLine = (s: string): boolean => s.trim().split('\n').length === 1
const env = { SG_PASSWORD: 'alice-password-1' }
let dir: string
let spa: TargetApp
let token: TargetApp

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-browser-'))
  spa = await startSpaCookieApp({ rotate: false })
  token = await startSpaTokenApp({ revoke: true })
})
after(async () => {
  await spa?.close()
  await token?.close()
  await rm(dir, { recursive: true, force: true })
})

const browserFlags = (url: string): string[] => [
  url,
  '--login-type',
  'browser',
  '--login-page',
  '/',
  '--username',
  'alice',
  '--password-env',
  'SG_PASSWORD',
  '--check-url',
  '/api/me',
  '--check-contains',
  'alice',
  '-q',
]

async function tokenConfig(name: string, steps: unknown[], extra = ''): Promise<string> {
  const file = join(dir, name)
  const yaml = [
    `target: ${token.url}`,
    'login:',
    '  type: browser',
    '  page: /',
    '  credentials: { username: alice, password: "${SG_PASSWORD}" }',
    `  steps: ${JSON.stringify(steps)}`,
    '  check: { url: /api/me, contains: alice }',
    extra,
  ].join('\n')
  await writeFile(file, yaml)
  return file
}

describe('sessionguard scan --login-type browser', () => {
  test('flags alone: the JavaScript login runs in chromium, the fixation is found with its picture (--screenshots; exit 1 at --fail-on high)', async () => {
    const r = await runCli(['scan', ...browserFlags(spa.url), '--screenshots', '--fail-on', 'high', '-f', 'json'], { env })
    assert.equal(r.code, 1, r.stderr)
    const report = JSON.parse(r.stdout) as { findings: Array<{ id: string; evidence: Array<{ screenshot?: { data: string } }> }> }
    const fix = report.findings.find((f) => f.id === 'SG-FIX-LOGIN')
    assert.ok(fix, r.stdout.slice(0, 2000))
    assert.ok(fix.evidence.some((x) => x.screenshot && x.screenshot.data.length > 100))
    assert.ok(!r.stdout.includes(env.SG_PASSWORD) && !r.stderr.includes(env.SG_PASSWORD))
  })

  test('a browser that is not there: exit 2, one line with the install command', async () => {
    const r = await runCli(['scan', ...browserFlags(spa.url), '--browser', '/nonexistent/chromium'], { env })
    assert.equal(r.code, 2, r.stderr)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /apt-get install chromium/)
    assert.equal(r.stdout, '')
  })

  test('a login step that never happens: exit 2, one line naming the step; no chromium left', async () => {
    const marker = `SG_BROWSER_CLI_TEST=${randomUUID()}`
    const file = await tokenConfig(
      'failing.yml',
      [
        { click: 'text=Sign in' },
        { fill: { selector: '#email', value: '{username}' } },
        { fill: { selector: '#password', value: '{password}' } },
        { click: 'button[type=submit]' },
        { wait: { url: '/nowhere' } },
      ],
      'scope: { timeout: 3s }',
    )
    const [k, v] = marker.split('=') as [string, string]
    const r = await runCli(['scan', '--config', file, '-q'], { env: { ...env, [k]: v } })
    assert.equal(r.code, 2, r.stderr)
    assert.ok(oneLine(r.stderr), r.stderr)
    assert.match(r.stderr, /step 5 \(wait for URL \/nowhere\)/)
    assert.ok(!r.stderr.includes(env.SG_PASSWORD))
    assert.deepEqual(await leftAfter(marker), [])
  })

  test('Ctrl-C during the browser login ends the scan and closes chromium', async () => {
    const marker = `SG_BROWSER_CLI_TEST=${randomUUID()}`
    const [k, v] = marker.split('=') as [string, string]
    const file = await tokenConfig('slow.yml', [{ wait: { ms: 60000 } }])
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', resolve(repoRoot, 'packages/cli/src/run.ts'), 'scan', '--config', file, '-q'],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env, NO_COLOR: '1', [k]: v },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const exited = new Promise<number | null>((ok) => child.on('close', (code) => ok(code)))
    const until = Date.now() + 90_000
    // the CLI itself carries the marker too: wait for more than the node process
    while (processesWithMarker(marker).filter((p) => p !== child.pid).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100))
    assert.ok(
      processesWithMarker(marker).some((p) => p !== child.pid),
      'chromium started',
    )
    child.kill('SIGINT')
    const code = await exited
    assert.equal(code, 130, 'interrupted')
    assert.deepEqual(await leftAfter(marker), [], 'no chromium left after Ctrl-C')
  })
})
