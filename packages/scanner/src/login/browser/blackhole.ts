import { createServer, type Socket } from 'node:net'

/**
 * Chromium follows a redirect without asking the request guard again, so a second wall stands behind
 * it: the browser's proxy is this local socket, which refuses everything, and only the target's and
 * login origins' hosts bypass it. A redirect (or the browser's own background traffic) to any other
 * host ends here.
 */
export async function startBlackHole(onRefused: (where: string) => void): Promise<{ server: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.once('data', (chunk: Buffer) => {
      // "CONNECT host:port HTTP/1.1" for https, "GET http://host:port/path HTTP/1.1" for http
      const line = chunk.subarray(0, 2048).toString('latin1').split('\r\n')[0] ?? ''
      const target = /^CONNECT\s+(\S+)/i.exec(line)?.[1] ?? /^[A-Z]+\s+(https?:\/\/[^/\s]+)/i.exec(line)?.[1]
      if (target) onRefused(target.includes('://') ? target : `https://${target.replace(/:443$/, '')}`)
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
 * The proxy-bypass entry for an origin. Chromium matches bypass rules by host only (a rule with a
 * port never matches an IP literal), so other ports of the same host are kept out by the request
 * guard alone, and a redirect to one is reported, not stopped.
 */
export function bypassEntry(origin: string): string {
  return new URL(origin).hostname
}

// Chromium's own background services (updates, sign-in): refused like everything else, not worth a note
export function isBrowserService(where: string): boolean {
  try {
    return /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|googleusercontent\.com)$/i.test(new URL(where).hostname)
  } catch {
    return false
  }
}
