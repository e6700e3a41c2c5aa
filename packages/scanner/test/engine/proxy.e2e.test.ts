// An upstream proxy (--proxy, scope.proxy): a real proxy server from npm (`proxy`, TooTallNate's) on
// loopback sees every request of the scan; scope checks still apply behind it; its credentials never
// reach an artifact; the loopback rate is not lifted through it.
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { createProxy } from 'proxy'
import { listen, startExpressSession, startHostile, startHostileApp, type TargetApp } from '@sessionguard/testkit'
import { scan } from '../../src/run/scan.js'
import type { ScanConfigInput } from '../../src/config/schema.js'
import { render, FORMATS } from '../../src/report/render.js'
import { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'
import { isSessionguardError } from '../../src/errors.js'
import { engineOptions } from './engine-options.js'

interface RunningProxy {
  url: string
  /** "GET http://…" for plain http, "CONNECT host:port" for https, in order. */
  seen: string[]
  close(): Promise<void>
}

async function startProxy(auth?: { user: string; password: string }): Promise<RunningProxy> {
  const seen: string[] = []
  const server = createProxy(createServer()) as Server & { authenticate?: (req: IncomingMessage) => boolean }
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected
  }
  server.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`))
  server.on('connect', (req: IncomingMessage) => seen.push(`CONNECT ${req.url}`))
  const running = await listen(server)
  return { url: running.url, seen, close: () => running.close() }
}

/** The app's scan config, through a proxy. */
const withProxy = (proxyUrl: string): ScanConfigInput => ({ ...(app.config as ScanConfigInput), scope: { proxy: proxyUrl } })

const PROXY_USER = 'scanner-proxy-user'
const PROXY_PASSWORD = 'proxy-pass-5ecr3t-91'

let app: TargetApp
let proxy: RunningProxy
before(async () => {
  app = await startExpressSession({ regenerate: false })
  proxy = await startProxy({ user: PROXY_USER, password: PROXY_PASSWORD })
})
after(async () => {
  await proxy?.close()
  await app?.close()
})

describe('scanning through an upstream proxy', () => {
  test('every request of the scan goes through the proxy, and the verdicts are those of a direct scan', async () => {
    const viaUrl = proxy.url.replace('http://', `http://${PROXY_USER}:${PROXY_PASSWORD}@`)
    const before = proxy.seen.length
    const report = await scan(withProxy(viaUrl))
    const seen = proxy.seen.slice(before)
    assert.equal(seen.length, report.requestCount, 'the proxy saw each request the report counts')
    assert.ok(
      seen.every((line) => line.startsWith(`${line.split(' ')[0]} ${app.url}/`)),
      seen.slice(0, 5).join('\n'),
    )
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      'the fixation is proven through the proxy',
    )
    const direct = await scan(app.config as ScanConfigInput)
    assert.deepEqual(
      report.findings.map((f) => f.id),
      direct.findings.map((f) => f.id),
    )
    assert.ok(report.notes.some((n) => n.includes(`through the proxy ${proxy.url}`) && n.includes('rate limit')))
    // the proxy's credentials are in no artifact, in any format (the HAR and the whole traffic included)
    const withTraffic = await scan(withProxy(viaUrl), { traffic: true })
    for (const format of FORMATS) {
      const text = render(withTraffic, format)
      for (const secret of [PROXY_PASSWORD, PROXY_USER + ':', Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')])
        assert.ok(!text.includes(secret), `${format} carries ${secret}`)
    }
  })

  test('a proxy that refuses the credentials stops the scan (exit 3) with a message that names the proxy, not its password', async () => {
    const wrong = proxy.url.replace('http://', `http://${PROXY_USER}:wrong-${PROXY_PASSWORD}@`)
    await assert.rejects(scan(withProxy(wrong)), (err: Error) => {
      assert.ok(isSessionguardError(err) && err.exitCode !== undefined)
      assert.doesNotMatch(err.message, /proxy-pass|wrong-/)
      return true
    })
  })

  test('a proxy that redirects to another origin, or answers for one, widens nothing', async () => {
    const elsewhere = await startHostileApp((_req, res) => void res.end('elsewhere'))
    // answers every request with a redirect to another origin
    const hostile = await listen(
      createServer((_req, res) => {
        res.writeHead(302, { location: `${elsewhere.url}/steal` }).end()
      }),
    )
    try {
      const report = await scan({ target: app.url, scope: { proxy: hostile.url } })
      assert.ok(
        report.notes.some((n) => n.includes('redirect to another origin') && n.includes('not followed')),
        report.notes.join('\n'),
      )
      assert.equal(elsewhere.requests.length, 0, 'nothing was sent to the other origin')
    } finally {
      await hostile.close()
      await elsewhere.close()
    }
  })

  test("through a proxy the loopback rate is not lifted: the connected address is the proxy's", async () => {
    const target = await startHostileApp((_req, res) => void res.end('ok'))
    const http = new HttpEngine(new Scope(target.url), engineOptions({ rate: 5, loopbackRate: 100_000, proxy: { origin: proxy.url } }))
    const direct = new HttpEngine(new Scope(target.url), engineOptions({ rate: 5, loopbackRate: 100_000 }))
    try {
      // the proxy wants credentials: a 407 still proves which address the socket reached
      await http.send({ actor: 'scanner', path: '/' }).catch(() => undefined)
      await direct.send({ actor: 'scanner', path: '/' })
      assert.equal(direct.onLoopback, true, 'control: a direct connection to loopback lifts the rate')
      assert.equal(http.onLoopback, false)
    } finally {
      await http.close()
      await direct.close()
      await target.close()
    }
  })

  test('a proxy URL is checked before anything is sent, and never quoted back with its password', async () => {
    for (const bad of ['socks5://127.0.0.1:1080', 'http://u:p4ssw0rd@127.0.0.1:1/path', 'not a url'])
      await assert.rejects(scan({ target: app.url, scope: { proxy: bad } }), (err: Error) => {
        assert.equal((err as { code?: string }).code, 'SG_CONFIG')
        assert.doesNotMatch(err.message, /p4ssw0rd/)
        return true
      })
    await assert.rejects(scan({ target: app.url, scope: { proxy_ca: '/nonexistent.pem' } }), /set scope\.proxy \(--proxy\) too/)
  })

  test('a proxy CA path that names an endless device is refused unread, as not a regular file', async () => {
    await assert.rejects(scan({ target: app.url, scope: { proxy: 'http://127.0.0.1:9', proxy_ca: '/dev/zero' } }), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'SG_CONFIG')
      assert.match(err.message, /\/dev\/zero: cannot read it \(not a regular file/)
      return true
    })
  })
})

describe('an intercepting proxy with its own CA (http-mitm-proxy)', () => {
  test("--proxy-ca trusts the proxy's CA for the target's TLS; without it the scan stops and names --proxy-ca", async () => {
    const { Proxy: MitmProxy } = await import('http-mitm-proxy')
    const { Agent: HttpsAgent } = await import('node:https')
    const { mkdtemp, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const target = await startHostile('tls-self-signed')
    const caDir = await mkdtemp(join(tmpdir(), 'sg-mitm-ca-'))
    const mitm = new MitmProxy()
    const seen: string[] = []
    // the scanner refusing the forged certificate (the second scan) is expected: not logged
    mitm.onError(() => undefined)
    mitm.onRequest((ctx, next) => {
      seen.push(`${ctx.clientToProxyRequest.method} ${ctx.clientToProxyRequest.headers.host}${ctx.clientToProxyRequest.url}`)
      next()
    })
    // the test target's certificate is self-signed: the proxy (not the scanner) is told to accept it
    await new Promise<void>((ok) =>
      mitm.listen({ host: '127.0.0.1', port: 0, sslCaDir: caDir, httpsAgent: new HttpsAgent({ rejectUnauthorized: false }) }, () => ok()),
    )
    const proxyUrl = `http://127.0.0.1:${mitm.httpPort}`
    try {
      const config = { target: target.url, scope: { proxy: proxyUrl, proxy_ca: join(caDir, 'certs', 'ca.pem') } } as ScanConfigInput
      const report = await scan(config)
      assert.ok(
        seen.length > 0 && seen.length === report.requestCount,
        `the proxy decrypted and saw every request (${seen.length} of ${report.requestCount})`,
      )
      assert.ok(report.notes.some((n) => n.includes('its CA trusted for TLS')))
      await assert.rejects(
        scan({ target: target.url, scope: { proxy: proxyUrl } } as ScanConfigInput),
        /TLS certificate rejected .*--proxy-ca/,
      )
    } finally {
      mitm.close()
      await target.close()
      await rm(caDir, { recursive: true, force: true })
    }
  })
})
