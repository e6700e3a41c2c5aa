// `sessionguard monitor --once` with the real scanner against real apps on 127.0.0.1. One loopback
// front keeps the target URL stable while the app behind it changes: safe → vulnerable → down → back.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer, request, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileHistoryStore } from '@sessionguard/history/store'
import { listen, repoRoot, startExpressSession, type RunningServer, type TargetApp } from '@sessionguard/testkit'
import { registerMonitor } from '../src/commands/monitor.js'
import { runCommand, testIO } from '../../history/test/helpers/cli-io.js'
import { startReceiver, type Receiver } from '../../history/test/helpers/webhook-receiver.js'

let safe: TargetApp
let vulnerable: TargetApp
let front: RunningServer
let receiver: Receiver
let dir: string
let backend: TargetApp | 'down'

/** Forwards to the current backend; 'down' resets every connection, like a crashed app behind a proxy. */
function startFront(): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    if (backend === 'down') return req.socket.destroy()
    const up = new URL(backend.url)
    const fwd = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      },
    )
    fwd.on('error', () => res.destroy())
    req.pipe(fwd)
  })
  return listen(server)
}

before(async () => {
  safe = await startExpressSession({ regenerate: true })
  vulnerable = await startExpressSession({ regenerate: false })
  receiver = await startReceiver()
  front = await startFront()
  dir = await mkdtemp(join(tmpdir(), 'sg-monitor-e2e-'))
  // the apps' own scan config, pointed at the front
  const config = { ...safe.config, target: front.url, tokens: { samples: 0 } }
  await writeFile(join(dir, 'shop.yml'), JSON.stringify(config))
  await writeFile(join(dir, 'targets.yml'), 'targets:\n  - { config: shop.yml, name: shop }\n')
})
after(async () => {
  await front?.close()
  await safe?.close()
  await vulnerable?.close()
  await receiver?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function once() {
  const io = testIO()
  const args = [
    'monitor',
    '--once',
    '--config',
    join(dir, 'targets.yml'),
    '--data-dir',
    join(dir, 'data'),
    '--webhook',
    receiver.url,
    '--retries',
    '2',
    '--retry-delay',
    '10ms',
  ]
  return runCommand((p) => registerMonitor(p, io), args, io)
}

describe('monitor with the real scanner', () => {
  it('baseline on the safe app, regression alert when login stops rotating the id, DOWN (not fixed) when it goes away', async () => {
    backend = safe
    const base = await once()
    assert.equal(base.code, 0, base.stdout + base.stderr)
    assert.match(base.stdout, /shop: baseline grade/)
    assert.equal(receiver.received.length, 0)

    backend = vulnerable
    const worse = await once()
    assert.equal(worse.code, 1, worse.stdout + worse.stderr)
    assert.equal(receiver.received.length, 1)
    const alert = receiver.received[0]!.body as { kind: string; text: string; newFindings: Array<{ id: string }> }
    assert.equal(alert.kind, 'regression')
    assert.ok(
      alert.newFindings.some((f) => f.id === 'SG-FIX-LOGIN'),
      JSON.stringify(alert.newFindings),
    )
    assert.match(alert.text, /SG-FIX-LOGIN/)

    backend = 'down'
    const gone = await once()
    assert.equal(gone.code, 3, gone.stdout + gone.stderr)
    assert.match(gone.stdout, /shop: DOWN after 2 attempts/)
    assert.equal((receiver.received.at(-1)!.body as { kind: string }).kind, 'down')

    backend = vulnerable
    const back = await once()
    assert.equal(back.code, 0, back.stdout + back.stderr)
    assert.match(back.stdout, /0 fixed/)
    assert.deepEqual(
      receiver.received.map((r) => (r.body as { kind: string }).kind),
      ['regression', 'down', 'recovered'],
    )

    const entries = await new FileHistoryStore(join(dir, 'data')).list(front.url)
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['scan', 'scan', 'down', 'scan'],
    )
  })

  it('runs as a process until SIGTERM, then stops cleanly with exit 0', async () => {
    backend = safe
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        join(repoRoot, 'packages/cli/src/run.ts'),
        'monitor',
        '--config',
        join(dir, 'targets.yml'),
        '--data-dir',
        join(dir, 'data-proc'),
        '--every',
        '1h',
      ],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
    try {
      await new Promise<void>((ok, fail) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString()
          if (/shop: baseline/.test(stdout)) ok()
        })
        child.on('exit', () => fail(new Error(`monitor exited early: ${stdout}${stderr}`)))
      })
      child.kill('SIGTERM')
      assert.equal(await exited, 0, stderr)
      assert.match(stdout, /monitor stopped/)
      assert.equal((await new FileHistoryStore(join(dir, 'data-proc')).list(front.url)).length, 1)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })
})
