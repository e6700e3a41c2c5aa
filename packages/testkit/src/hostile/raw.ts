import { createServer, type Server, type Socket } from 'node:net'

/** A request as the raw server read it: enough to route, nothing a real server would validate. */
export interface RawRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer
}

/** Answers one request on a bare socket; the handler writes whatever bytes it likes, valid HTTP or not. */
export type RawHandler = (socket: Socket, req: RawRequest) => void

const MAX_HEAD = 64 * 1024
const MAX_BODY = 1024 * 1024

/**
 * A TCP server that reads HTTP/1.1 requests by hand, so a handler can answer with bytes that
 * node:http refuses to send (bad header names, control characters, truncated bodies, no HTTP at all).
 * One request per connection; `onConnect` may speak first (a banner) or stay silent.
 */
export function rawServer(
  handler: RawHandler,
  opts: { onConnect?: (socket: Socket) => void } = {},
): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    opts.onConnect?.(socket)
    let buf = Buffer.alloc(0)
    let handled = false
    const onData = (chunk: Buffer): void => {
      if (handled) return
      buf = Buffer.concat([buf, chunk])
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) {
        if (buf.length > MAX_HEAD) socket.destroy()
        return
      }
      const head = buf.subarray(0, end).toString('latin1').split('\r\n')
      const [method = 'GET', path = '/'] = (head.shift() ?? '').split(' ')
      const headers: Record<string, string> = {}
      for (const line of head) {
        const i = line.indexOf(':')
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
      }
      const length = Math.min(Number(headers['content-length'] ?? 0) || 0, MAX_BODY)
      const body = buf.subarray(end + 4)
      if (body.length < length) return
      handled = true
      socket.off('data', onData)
      handler(socket, { method, path, headers, body: body.subarray(0, length) })
    }
    socket.on('data', onData)
  })
  return { server, sockets }
}
