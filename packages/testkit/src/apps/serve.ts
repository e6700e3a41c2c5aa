import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listen } from '../listen.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS } from './users.js'

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void

/** Serves a hand-written handler on 127.0.0.1 (kernel-chosen port); a thrown error is a 500, never a hang. */
export async function serveHandler(
  name: string,
  handler: Handler,
  config: (url: string) => Record<string, unknown>,
  onClose?: () => Promise<void>,
): Promise<TargetApp> {
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`internal error: ${(err as Error).message}\n`)
      })
  })
  const running = await listen(server)
  return {
    name,
    url: running.url,
    config: config(running.url),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: async () => {
      await running.close()
      await onClose?.()
    },
  }
}
