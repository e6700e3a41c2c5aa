// A hostile target for the scanner: one loopback server per misbehaviour, each with a second origin
// (another loopback port) that counts every connection, so a test can prove nothing left the target.
import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Server } from 'node:net'
import type { Socket } from 'node:net'
import { RAW_BEHAVIOURS, type BehaviourContext, type HostileStats, type RawBehaviour } from './behaviours.js'
import { startElsewhere } from './elsewhere.js'
import { rawServer } from './raw.js'
import { shiftingLogin } from './shifting-login.js'
import { selfSignedCertificate } from './tls.js'

export { GIGABYTE, type HostileStats, type RawBehaviour } from './behaviours.js'
export { runCliMeasured, type MeasuredCliResult } from './measure.js'
export { startReflectingLogin, reflections, deepReflections, REFLECTED_ACCOUNT } from './reflecting-login.js'
export { startHostileApp, type HostileApp, type HostileHandler, type RecordedRequest } from './app.js'
export { startElsewhere, type Elsewhere } from './elsewhere.js'
export {
  startSpellingLogin,
  SPELLING_ACCOUNT,
  hex as spelledHex,
  wsLabel,
  type SpellingChannel,
  type SpellingLogin,
} from './spelling-login.js'
export { startHostileBrowserLogin, HOSTILE_BROWSER_ACCOUNT, DRAWN_PASSWORDS, type HostileBrowserLogin } from './browser-login.js'
export { startCharsetLogin, passwordBytes, CHARSET_ACCOUNT, CHARSET_FRAMES, type CharsetFrame, type CharsetLogin } from './charset-login.js'

export type HostileBehaviour = RawBehaviour | 'shifting-login' | 'tls-self-signed'

export const HOSTILE_BEHAVIOURS: readonly HostileBehaviour[] = [
  ...(Object.keys(RAW_BEHAVIOURS) as RawBehaviour[]),
  'shifting-login',
  'tls-self-signed',
]

export interface HostileServer {
  behaviour: HostileBehaviour
  /** http://127.0.0.1:<port> (https:// for tls-self-signed) */
  url: string
  stats: HostileStats
  /** The other origin: `hits` counts every connection made to it. */
  elsewhere: { url: string; readonly hits: number }
  /**
   * performance.now() of the first connection to the target: the scan's own time starts there, after
   * the scanner's process has started (which a loaded machine can stretch to tens of seconds).
   */
  readonly firstConnectionAt: number | undefined
  close(): Promise<void>
}

function listenOn(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      if (!addr || typeof addr === 'string') return reject(new Error('no TCP address'))
      resolve(addr.port)
    })
  })
}

/** Starts one misbehaving server on 127.0.0.1 (kernel-chosen port). Stop it with close(). */
export async function startHostile(behaviour: HostileBehaviour): Promise<HostileServer> {
  const elsewhere = await startElsewhere()
  const stats: HostileStats = { requests: 0, bytesSent: 0 }
  const ctx: BehaviourContext = { stats, elsewhere: elsewhere.url, timers: new Set() }
  const sockets = new Set<Socket>()
  let firstConnectionAt: number | undefined
  let server: Server
  let scheme = 'http'

  if (behaviour === 'shifting-login' || behaviour === 'tls-self-signed') {
    const handler = behaviour === 'shifting-login' ? shiftingLogin(elsewhere.url) : tlsPage
    const onRequest = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
      stats.requests++
      Promise.resolve(handler(req, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
    }
    let http: HttpServer
    if (behaviour === 'tls-self-signed') {
      http = createHttpsServer(await selfSignedCertificate(), onRequest)
      http.on('tlsClientError', () => undefined)
      scheme = 'https'
    } else http = createHttpServer(onRequest)
    http.on('connection', (s: Socket) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    server = http
  } else {
    const make = RAW_BEHAVIOURS[behaviour](ctx)
    const raw = rawServer(
      (socket, req) => {
        stats.requests++
        make(socket, req)
      },
      behaviour === 'not-http' ? { onConnect: (s) => void s.write('SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n') } : {},
    )
    server = raw.server
    server.on('connection', (s: Socket) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
  }

  server.on('connection', () => (firstConnectionAt ??= performance.now()))
  const port = await listenOn(server)
  return {
    behaviour,
    url: `${scheme}://127.0.0.1:${port}`,
    stats,
    elsewhere,
    get firstConnectionAt() {
      return firstConnectionAt
    },
    close: async () => {
      for (const t of ctx.timers) clearInterval(t)
      for (const s of sockets) s.destroy()
      await new Promise<void>((done) => server.close(() => done()))
      await elsewhere.close()
    },
  }
}

/** The TLS target itself is harmless: a page with a session cookie, only its certificate is untrusted. */
function tlsPage(_req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  res.setHeader('set-cookie', `sid=${randomBytes(32).toString('base64url')}; Path=/; Secure; HttpOnly; SameSite=Lax`)
  res.setHeader('content-type', 'text/html; charset=utf-8')
  res.end('<!doctype html><html><body><p>self-signed</p></body></html>')
}
