import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { UpstreamProxy } from '../../http/proxy.js'

/**
 * With an upstream proxy, the browser's proxy is this local gate instead of the black hole, with no
 * bypass: every request Chromium makes (redirects and background traffic included) comes here, and only
 * those to an allowed origin (the target's, the login origins') are passed on to the upstream proxy.
 * Everything else is refused here, as the black hole refuses it. The gate checks host and port of each
 * request (a bypass rule can only name a host), and each request on a kept-alive connection separately.
 */
export async function startProxyGate(
  upstream: UpstreamProxy,
  allowed: () => string[],
  onRefused: (where: string) => void,
): Promise<{ server: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const auth = upstream.authorization ? { 'proxy-authorization': upstream.authorization } : {}
  const isAllowed = (origin: string): boolean => allowed().includes(origin)

  // plain http: Chromium sends "GET http://host:port/path", passed on to the proxy in the same form
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    let url: URL
    try {
      url = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end()
      return
    }
    if (url.protocol !== 'http:' || !isAllowed(url.origin)) {
      onRefused(url.origin === 'null' ? url.protocol : url.origin)
      res.writeHead(403).end()
      return
    }
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, ...auth }
    delete headers['proxy-connection']
    const out = request({ host: upstream.host, port: upstream.port, method: req.method, path: url.href, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    out.on('error', () => res.destroy())
    req.pipe(out)
  }

  // https: "CONNECT host:port", tunnelled through the proxy's own CONNECT
  const tunnel = (req: IncomingMessage, client: Socket, head: Buffer): void => {
    const target = req.url ?? ''
    const origin = `https://${target.replace(/:443$/, '')}`
    if (!/^[^\s/]+:\d+$/.test(target) || !isAllowed(origin)) {
      onRefused(origin)
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const out = request({ host: upstream.host, port: upstream.port, method: 'CONNECT', path: target, headers: { host: target, ...auth } })
    out.once('connect', (answer, socket, upstreamHead) => {
      if (answer.statusCode !== 200) {
        client.end(`HTTP/1.1 ${answer.statusCode ?? 502} Proxy Refused\r\n\r\n`)
        socket.destroy()
        return
      }
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (upstreamHead.length) client.write(upstreamHead)
      if (head.length) socket.write(head)
      socket.pipe(client).pipe(socket)
      socket.on('error', () => client.destroy())
      client.on('error', () => socket.destroy())
    })
    out.once('error', () => client.destroy())
    out.end()
  }

  const server = createServer(forward)
  server.on('connect', tunnel)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => ok())
  })
  const addr = server.address()
  if (!addr || typeof addr === 'string') throw new Error('proxy gate has no address')
  return {
    server: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy()
        server.close(() => ok())
      }),
  }
}
