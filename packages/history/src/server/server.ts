import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UnsafeHostError } from '../errors.js'
import type { HistoryStore } from '../store/types.js'
import { handleApi } from './api.js'
import { listenError } from './listen-error.js'
import { loadAssets } from './assets.js'
import { newAccessToken, presentedToken, tokenMatches } from './access-token.js'
import { hostHeaderName, isLoopbackHost } from './loopback.js'

export interface DashboardServerOptions {
  store: HistoryStore
  /** Defaults to 127.0.0.1. */
  host?: string
  /** 0 (the default) lets the kernel choose. */
  port?: number
  /** Must be true to listen on an address other machines can reach. */
  allowRemote?: boolean
  /** The access token the page and the API require; default: a new random one. */
  token?: string
  /** The clock "overdue" is judged by (ms since the epoch); default Date.now. */
  now?: () => number
}

export interface RunningDashboard {
  /** The origin (no token): assets are served here, the page and the API want the token too. */
  url: string
  /** The access token, generated at start unless given. */
  token: string
  /** The page's address with the token, to open in a browser (`url/?token=…`). */
  openUrl: string
  host: string
  port: number
  server: Server
  close(): Promise<void>
}

// Nothing but this origin: the page loads no CDN, no fonts, no frames; report text can never run as script.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))
}

/** Serves the dashboard page and its JSON API over the history store; loopback only unless allowRemote. */
export async function startDashboard(opts: DashboardServerOptions): Promise<RunningDashboard> {
  const host = opts.host ?? '127.0.0.1'
  const loopback = isLoopbackHost(host)
  if (!loopback && !opts.allowRemote) throw new UnsafeHostError(host)
  const assets = await loadAssets()
  const token = opts.token ?? newAccessToken()

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A page on another site can point a DNS name at 127.0.0.1 (rebinding); a loopback dashboard only
    // answers requests that name a loopback host.
    const named = hostHeaderName(req.headers.host)
    if (loopback && (!named || !isLoopbackHost(named))) return sendJson(res, 421, { error: 'unexpected Host header' })
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'read-only' })
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid')
    // the script, styles and icon are the same for everyone (browsers ask for /favicon.ico without the
    // page's query); the page and every API answer need the token
    const isPublic = url.pathname.startsWith('/assets/') || url.pathname === '/favicon.ico'
    if (!isPublic && !tokenMatches(token, presentedToken(req, url.searchParams))) {
      return sendJson(res, 401, { error: 'missing or wrong access token: open the URL the dashboard printed at start (…/?token=…)' })
    }
    const asset = assets.get(url.pathname)
    if (asset) return send(res, 200, asset.type, asset.body)
    if (url.pathname.startsWith('/api/')) {
      const out = await handleApi(opts.store, url.pathname, url.searchParams, opts.now)
      return sendJson(res, out.status, out.body)
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message })
      else res.destroy()
    })
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(listenError(err, host, opts.port ?? 0)))
    server.listen(opts.port ?? 0, host, () => ok())
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  const base = `http://${urlHost}:${port}`
  return {
    url: base,
    token,
    openUrl: `${base}/?token=${token}`,
    host,
    port,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
