import { createServer } from 'node:http'
import { listen } from '@sessionguard/testkit'

export interface Receiver {
  url: string
  received: Array<{ headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }>
  /** Status the receiver answers with (change it to simulate a failing hook). */
  status: number
  close(): Promise<void>
}

/** A webhook endpoint on 127.0.0.1 that records every JSON POST it gets. */
export async function startReceiver(): Promise<Receiver> {
  const state = { status: 200, received: [] as Receiver['received'] }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (state.status === 200) state.received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> })
      res.writeHead(state.status).end()
    })
  })
  const running = await listen(server)
  return {
    url: `${running.url}/hooks/T000/B000/secret-part`,
    get received() {
      return state.received
    },
    get status() {
      return state.status
    },
    set status(v: number) {
      state.status = v
    },
    close: running.close,
  }
}
