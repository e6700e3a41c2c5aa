import { request as httpRequest, createServer, type IncomingHttpHeaders } from 'node:http'
import { listen, type RunningServer } from '@sessionguard/testkit'

/**
 * A loopback proxy in front of a target app that writes down every session token that crosses it:
 * every cookie value the app sets, every cookie value a client sends back (the scanner's planted ids
 * too, which become logged-in sessions on a vulnerable app) and every X-Session-Id either way; and the
 * values of the named query parameters in every request URL and `Location` answer (a session carried
 * only in `?sid=`).
 */
export interface RecordingProxy extends RunningServer {
  /** Token values seen, as they appeared on the wire (the caller also checks decoded forms). */
  tokens: Set<string>
}

const MIN_TOKEN = 8

function cookiePairs(header: string, setCookie: boolean): Array<[string, string]> {
  const pairs = setCookie ? [header.split(';')[0] ?? ''] : header.split(';')
  return pairs.flatMap((p) => {
    const eq = p.indexOf('=')
    return eq > 0 ? [[p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as [string, string]] : []
  })
}

function listOf(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

export async function startRecordingProxy(
  target: string,
  opts: { sessionCookies: string[]; queryParams?: string[] },
): Promise<RecordingProxy> {
  const tokens = new Set<string>()
  const keep = (v: string | undefined): void => {
    if (v && v.length >= MIN_TOKEN) tokens.add(v)
  }
  const fromUrl = (url: string | undefined): void => {
    if (!url || !opts.queryParams) return
    const u = new URL(url, 'http://127.0.0.1')
    for (const name of opts.queryParams) for (const v of u.searchParams.getAll(name)) keep(v)
  }
  const fromHeaders = (h: IncomingHttpHeaders, direction: 'request' | 'response'): void => {
    if (direction === 'response') fromUrl(h.location)
    for (const v of listOf(h['x-session-id'])) keep(v)
    if (direction === 'response') for (const sc of listOf(h['set-cookie'])) for (const [, v] of cookiePairs(sc, true)) keep(v)
    else for (const c of listOf(h.cookie)) for (const [k, v] of cookiePairs(c, false)) if (opts.sessionCookies.includes(k)) keep(v)
  }
  const upstream = new URL(target)
  const server = createServer((req, res) => {
    fromUrl(req.url)
    fromHeaders(req.headers, 'request')
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        fromHeaders(answer.headers, 'response')
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(out)
  })
  const running = await listen(server)
  return { ...running, tokens }
}
