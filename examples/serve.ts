import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RequestListener } from 'node:http'

export interface RunningApi {
  url: string
  close(): Promise<void>
}

/** Serves an app on 127.0.0.1 (port 0: the kernel picks a free one). */
export function serveLocal(handler: RequestListener, port = 0): Promise<RunningApi> {
  const server = createServer(handler)
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo
      ok({
        url: `http://127.0.0.1:${p}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
