// sessionguard scan --proxy / --proxy-env: the environment's proxy is used only when asked, with NO_PROXY.
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createProxy } from 'proxy'
import { listen, runCli, startHostileApp, type HostileApp, type RunningServer } from '@sessionguard/testkit'
import { buildActionBundle } from '../src/action/build.js'
import { INPUT_DEFAULTS } from '../src/action/inputs.js'

let app: HostileApp
let proxy: RunningServer
const seen: string[] = []
before(async () => {
  app = await startHostileApp((_req, res) => void res.end('<html>hello</html>'))
  const server = createProxy(createServer())
  server.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`))
  proxy = await listen(server)
})
after(async () => {
  await proxy?.close()
  await app?.close()
})

const quiet = ['-q', '--fail-on', 'none', '-f', 'json']

test('HTTP_PROXY is ignored unless --proxy-env asks for it; then NO_PROXY is honoured', async () => {
  const env = { HTTP_PROXY: proxy.url, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined }
  const plain = await runCli(['scan', app.url, ...quiet], { env })
  assert.equal(plain.code, 0, plain.stderr)
  assert.equal(seen.length, 0, 'a stray HTTP_PROXY carries no scan anywhere')
  const asked = await runCli(['scan', app.url, '--proxy-env', ...quiet], { env })
  assert.equal(asked.code, 0, asked.stderr)
  const report = JSON.parse(asked.stdout) as { requestCount: number; notes: string[] }
  assert.equal(seen.length, report.requestCount)
  assert.ok(report.notes.some((n) => n.includes(`through the proxy ${proxy.url}`)))
  seen.length = 0
  const bypassed = await runCli(['scan', app.url, '--proxy-env', ...quiet], { env: { ...env, NO_PROXY: '127.0.0.1' } })
  assert.equal(bypassed.code, 0, bypassed.stderr)
  assert.equal(seen.length, 0, 'NO_PROXY names the target')
})

test('--proxy with credentials: the scan goes through it, and the password is in no output; a refused proxy is exit 3 naming --proxy', async () => {
  seen.length = 0
  const r = await runCli(['scan', app.url, '--proxy', proxy.url.replace('http://', 'http://ops:pr0xy-pa55word@'), ...quiet])
  assert.equal(r.code, 0, r.stderr)
  assert.ok(seen.length > 0)
  assert.doesNotMatch(r.stdout + r.stderr, /pr0xy-pa55word|ops:/)
  const closed = await runCli(['scan', app.url, '--proxy', 'http://127.0.0.1:9', '-q'])
  assert.equal(closed.code, 3, closed.stderr)
  assert.match(closed.stderr, /through the proxy http:\/\/127\.0\.0\.1:9, --proxy/)
})

test('a config file cannot send the scan through a proxy or make it trust a CA: scope.proxy and scope.proxy_ca are the operator’s (exit 2, nothing sent)', async () => {
  // a repository's sessionguard.yml naming a proxy would carry every request of the scan (the login
  // POST with the password from the CI secret) to a host the operator never named, and a CA file of
  // its own would let that host read https traffic too
  const dir = await mkdtemp(join(tmpdir(), 'sg-config-proxy-'))
  const through: string[] = []
  const evil = createProxy(createServer())
  evil.on('request', (req: IncomingMessage) => through.push(`${req.method} ${req.url}`))
  const evilProxy = await listen(evil)
  // a login that works: the check URL answers 401 until the login's cookie comes back
  const site = await startHostileApp((req, res) => {
    if (req.url === '/login' && req.method === 'POST')
      return void res.writeHead(302, { location: '/account', 'set-cookie': 'sid=s-0123456789abcdef; Path=/' }).end()
    if (req.url === '/account') return void res.writeHead(/sid=/.test(req.headers.cookie ?? '') ? 200 : 401).end('account')
    res.end('<html>hello</html>')
  })
  try {
    const password = 'hunter2-px-5ecr3t'
    const ca = join(dir, 'evil-ca.pem')
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    const login = `login:\n  url: /login\n  credentials: { username: alice, password: "\${SG_PX_PASSWORD}" }\n  check: { url: /account }\n`
    for (const scope of [`scope: { proxy: "${evilProxy.url}" }`, `scope:\n  proxy: "${evilProxy.url}"\n  proxy_ca: ${ca}`]) {
      const cfg = join(dir, 'sessionguard.yml')
      await writeFile(cfg, `target: ${site.url}\n${login}${scope}\n`)
      through.length = 0
      const before = site.requests.length
      const r = await runCli(['scan', '--config', cfg, ...quiet], { env: { SG_PX_PASSWORD: password } })
      assert.equal(r.code, 2, `${scope}: ${r.stdout}\n${r.stderr}`)
      assert.match(r.stderr, /sessionguard\.yml:\d+:\d+: scope\.proxy(_ca)? .*--proxy/)
      assert.deepEqual(through, [], 'requests went through the proxy of the config')
      assert.ok(!site.sent().includes(password), 'the login (its password) was sent')
      assert.equal(site.requests.length, before, 'nothing was sent')
    }
    // the operator's own flag still works with the same config file minus the proxy
    const cfg = join(dir, 'plain.yml')
    await writeFile(cfg, `target: ${app.url}\n`)
    seen.length = 0
    const ok = await runCli(['scan', '--config', cfg, '--proxy', proxy.url, ...quiet])
    assert.equal(ok.code, 0, ok.stderr)
    assert.ok(seen.length > 0)
  } finally {
    await evilProxy.close()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('the Action sends the scan through the proxy its workflow names (input proxy), masks the proxy password, and still refuses one from the config file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-action-proxy-'))
  try {
    const bundle = (await buildActionBundle(join(dir, 'action', 'index.mjs'))).outfile
    const run = async (inputs: Record<string, string>, config?: string): Promise<{ code: number; stdout: string; report?: string }> => {
      const workspace = await mkdtemp(join(dir, 'ws-'))
      await mkdir(join(workspace, 'ci'), { recursive: true })
      if (config !== undefined) await writeFile(join(workspace, 'ci', 'sessionguard.yml'), config)
      const env = Object.fromEntries(Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
      const child = spawn(process.execPath, [bundle], {
        cwd: workspace,
        env: { PATH: process.env.PATH ?? '', HOME: workspace, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
      child.stderr.on('data', (c: Buffer) => (stdout += c.toString()))
      const code = await new Promise<number>((ok) => child.on('close', (c) => ok(c ?? -1)))
      const report = await readFile(join(workspace, 'sessionguard-report.json'), 'utf8').catch(() => undefined)
      return { code, stdout, ...(report !== undefined ? { report } : {}) }
    }
    seen.length = 0
    const through = await run({
      target: app.url,
      proxy: proxy.url.replace('http://', 'http://ops:pr0xy%2Dpa55word@'),
      format: 'json',
      'fail-on': 'none',
    })
    assert.equal(through.code, 0, through.stdout)
    const report = JSON.parse(through.report ?? '{}') as { requestCount: number; notes: string[] }
    assert.equal(seen.length, report.requestCount, "every request went through the workflow's proxy")
    assert.ok(report.notes.some((n) => n.includes('through the proxy')))
    assert.match(through.stdout, /::add-mask::pr0xy-pa55word/, 'the runner is told to hide the decoded password')
    assert.doesNotMatch(through.report ?? '', /pr0xy|ops:/)
    assert.doesNotMatch(through.stdout.replace(/::add-mask::.*\n/g, ''), /pr0xy|ops:/)
    // the config file still cannot name one, whatever the inputs say
    seen.length = 0
    const fromFile = await run(
      { config: 'ci/sessionguard.yml', format: 'json', 'fail-on': 'none' },
      `target: ${app.url}\nscope: { proxy: "${proxy.url}" }\n`,
    )
    assert.equal(fromFile.code, 2, fromFile.stdout)
    assert.match(fromFile.stdout, /scope\.proxy/)
    assert.equal(seen.length, 0)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('monitor --proxy sends every target’s scan through the operator’s proxy; a targets file naming one is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-monitor-proxy-'))
  try {
    const targets = join(dir, 'targets.yml')
    await writeFile(targets, `targets:\n  - { target: "${app.url}", name: plain }\n`)
    seen.length = 0
    const r = await runCli(['monitor', '--once', '--config', targets, '--data-dir', join(dir, 'data'), '--proxy', proxy.url])
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.ok(seen.length > 0, 'the scan went through the proxy')
    assert.ok(
      seen.every((line) => line.includes(app.url.replace('http://', ''))),
      'only the target was asked for',
    )
    // a targets file's own proxy is refused before anything is sent
    await writeFile(targets, `targets:\n  - { target: "${app.url}", name: plain, scope: { proxy: "${proxy.url}" } }\n`)
    seen.length = 0
    const refused = await runCli(['monitor', '--once', '--config', targets, '--data-dir', join(dir, 'data')])
    assert.equal(refused.code, 2, refused.stdout + refused.stderr)
    assert.match(refused.stderr, /scope\.proxy/)
    assert.equal(seen.length, 0)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
