import { createServer, type Socket } from 'node:net'

/** What the black hole refused, in words for the report: never the path or query (a page can put the typed password there). */
export interface Refused {
  /** "https://host:port" for a tunnel, "http://host:port" for a plain request. */
  origin: string
  /** "POST" for a plain request; for a tunnel (https, wss, ws) the method is inside it and unknown. */
  method?: string
}

/**
 * Chromium follows a redirect without asking the request guard again, and opens WebSockets and
 * WebRTC's TCP candidates out of its sight, so a second wall stands behind it: the browser's proxy is
 * this local socket, which refuses everything, and only the exact host:port of the target and the
 * login origins bypass it (bypassList). A redirect (a 307 re-posting the typed form included), a
 * WebSocket, or the browser's own background traffic to anything else ends here, before a byte of
 * it reaches that place.
 */
export async function startBlackHole(onRefused: (what: Refused) => void): Promise<{ server: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.once('data', (chunk: Buffer) => {
      // "CONNECT host:port HTTP/1.1" for a tunnel, "POST http://host:port/path HTTP/1.1" for plain http
      const line = chunk.subarray(0, 2048).toString('latin1').split('\r\n')[0] ?? ''
      const tunnel = /^CONNECT\s+(\S+)/i.exec(line)?.[1]
      const plain = /^([A-Z]+)\s+(https?:\/\/[^/\s?#]+)/i.exec(line)
      try {
        if (tunnel) onRefused({ origin: new URL(`https://${tunnel}`).origin.replace(/:443$/, '') })
        else if (plain) onRefused({ origin: new URL(plain[2]!).origin, method: plain[1]!.toUpperCase() })
      } catch {
        // not a URL: refused all the same
      }
      socket.destroy()
    })
    socket.setTimeout(5000, () => socket.destroy())
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => ok())
  })
  const addr = server.address()
  if (!addr || typeof addr === 'string') throw new Error('black-hole proxy has no address')
  return {
    server: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy()
        server.close(() => ok())
      }),
  }
}

/**
 * The proxy-bypass list for the allowed origins. `<-loopback>` first: without it Chromium bypasses
 * the proxy for every loopback host and port on its own, and Playwright leaves it out whenever the
 * list names localhost or 127.0.0.1 (it keeps a list that names it as given). Then each origin as
 * host:port, which Chromium matches exactly, an IP literal included: another port of the same host
 * goes to the black hole.
 */
export function bypassList(origins: string[]): string {
  const entries = origins.map((o) => {
    const u = new URL(o)
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`
  })
  return ['<-loopback>', ...new Set(entries)].join(',')
}

// Chromium's own background services (updates, sign-in): refused like everything else, not worth a note
export function isBrowserService(origin: string): boolean {
  try {
    return /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|googleusercontent\.com)$/i.test(new URL(origin).hostname)
  } catch {
    return false
  }
}
