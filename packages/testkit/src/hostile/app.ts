// A hostile target written as an ordinary HTTP handler, for misbehaviour above the wire (what a page,
// a cookie or an API description says, rather than how the bytes arrive). Every request is recorded
// with its body, so a test can prove what the scanner sent to the target.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listen } from '../listen.js'

export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface HostileApp {
  url: string
  requests: RecordedRequest[]
  /** Everything the scanner sent, as one string: search it for what must never leave the machine. */
  sent(): string
  close(): Promise<void>
}

export type HostileHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>

/** Starts `handler` on 127.0.0.1 (kernel-chosen port), recording every request. */
export async function startHostileApp(handler: HostileHandler): Promise<HostileApp> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      Promise.resolve(handler(req, res, body)).catch(() => {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
    })
  })
  const running = await listen(server)
  return {
    url: running.url,
    requests,
    sent: () => requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n'),
    close: running.close,
  }
}
