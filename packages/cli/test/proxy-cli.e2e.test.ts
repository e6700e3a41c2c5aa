// sessionguard scan --proxy / --proxy-env: the environment's proxy is used only when asked, with NO_PROXY.
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import { after, before, test } from 'node:test'
import { createProxy } from 'proxy'
import { listen, runCli, startHostileApp, type HostileApp, type RunningServer } from '@sessionguard/testkit'

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
