import type { Server } from 'node:http'

export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

/** Listens a node:http server on a kernel-chosen port on 127.0.0.1 and returns how to reach and stop it. */
export function listen(server: Server): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      if (!addr || typeof addr === 'string') return reject(new Error('server has no TCP address'))
      resolve({
        url: `http://127.0.0.1:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.()
            server.close(() => done())
          }),
      })
    })
  })
}
