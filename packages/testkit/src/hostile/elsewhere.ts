import { createServer, type Socket } from 'node:net'

/** Another origin (another loopback port): anything that connects here is a request that left the target's origin. */
export interface Elsewhere {
  url: string
  /** TCP connections accepted: a scanner that stays in scope never makes one. */
  readonly hits: number
  close(): Promise<void>
}

export function startElsewhere(): Promise<Elsewhere> {
  let hits = 0
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    hits++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 9\r\nconnection: close\r\n\r\nelsewhere')
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      if (!addr || typeof addr === 'string') return reject(new Error('no TCP address'))
      resolve({
        url: `http://127.0.0.1:${addr.port}`,
        get hits() {
          return hits
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
