// A browser login through an upstream proxy: Chromium's requests go through it too, and the scan's
// walls still stand in front of it (a request to another origin is refused before the proxy sees it).
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import { test } from 'node:test'
import { createProxy } from 'proxy'
import { scan } from '@sessionguard/scanner'
import { listen, startSpaCookieApp } from '@sessionguard/testkit'

test("a browser login through --proxy: the proxy sees the browser's requests and the scanner's, and nothing off the scope", async () => {
  const app = await startSpaCookieApp({ rotate: false })
  const seen: Array<{ line: string; agent: string }> = []
  const server = createProxy(createServer())
  const note = (req: IncomingMessage): void =>
    void seen.push({ line: `${req.method} ${req.url}`, agent: String(req.headers['user-agent'] ?? '') })
  server.on('request', note)
  server.on('connect', note)
  const proxy = await listen(server)
  try {
    const config = app.config as { scope?: Record<string, unknown> }
    const report = await scan({ ...config, scope: { ...(config.scope ?? {}), proxy: proxy.url } } as never)
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      'the fixation is proven with the login in the browser, through the proxy',
    )
    const browser = seen.filter((s) => /Chrome/.test(s.agent))
    const engine = seen.filter((s) => s.agent === 'sessionguard')
    assert.ok(browser.length > 0, 'the browser went through the proxy')
    assert.ok(
      browser.some((s) => s.line.startsWith(`POST ${app.url}/api/login`)),
      browser.map((s) => s.line).join('\n'),
    )
    assert.ok(engine.length > 0, "the scanner's own requests too")
    assert.ok(
      seen.every((s) => s.line.includes(app.url) || s.line.startsWith(`CONNECT ${new URL(app.url).host}`)),
      seen.map((s) => s.line).join('\n'),
    )
    // the page's stylesheet on another origin: refused at the gate, never handed to the proxy, and reported
    assert.ok(!seen.some((s) => s.line.includes('fonts.analytics.invalid')))
    assert.ok(
      report.notes.some((n) =>
        /requests to (?:one other place|several other places|many other places) \(host and port\) outside the scan's scope were refused/.test(
          n,
        ),
      ),
      report.notes.join('\n'),
    )
    // counted, never named: a page chooses the host (r24r F8)
    assert.ok(!report.notes.some((n) => n.includes('fonts.analytics.invalid')), report.notes.join('\n'))
  } finally {
    await proxy.close()
    await app.close()
  }
})

test("the browser's proxy gate passes only the scan's origins on, by host and port, request by request", async () => {
  const { startProxyGate } = await import('../../src/login/browser/proxy-gate.js')
  const { parseProxy } = await import('../../src/http/proxy.js')
  const { request } = await import('node:http')
  const target = await listen(createServer((_req, res) => void res.end('target')))
  const other = await listen(createServer((_req, res) => void res.end('other')))
  const seen: string[] = []
  const server = createProxy(createServer())
  server.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`))
  server.on('connect', (req: IncomingMessage) => seen.push(`CONNECT ${req.url}`))
  const proxy = await listen(server)
  const refused: string[] = []
  const gate = await startProxyGate(
    parseProxy(proxy.url),
    () => [target.url],
    (w) => refused.push(w),
  )
  const gateUrl = new URL(gate.server)
  const viaGate = (method: string, path: string): Promise<number> =>
    new Promise((ok, fail) => {
      const req = request({
        host: gateUrl.hostname,
        port: gateUrl.port,
        method,
        path,
        headers: { host: path.replace(/^https?:\/\//, '').split('/')[0] },
      })
      req.once('response', (res) => (res.resume(), ok(res.statusCode ?? 0)))
      req.once('connect', (res, socket) => (socket.destroy(), ok(res.statusCode ?? 0)))
      req.once('error', fail)
      req.end()
    })
  try {
    assert.equal(await viaGate('GET', `${target.url}/a`), 200)
    // the same host on another port (a bypass rule could not tell them apart), another host, and https to another port
    assert.equal(await viaGate('GET', `${other.url}/b`), 403)
    assert.equal(await viaGate('GET', `http://evil.invalid/c`), 403)
    assert.equal(await viaGate('CONNECT', `${new URL(other.url).host}`), 403)
    assert.deepEqual(seen, [`GET ${target.url}/a`], 'only the allowed request reached the proxy')
    assert.deepEqual(refused, [other.url, 'http://evil.invalid', `https://${new URL(other.url).host}`])
  } finally {
    await gate.close()
    await proxy.close()
    await target.close()
    await other.close()
  }
})
