import { createServer } from 'node:net'

/** A port that was free on 127.0.0.1 a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export async function waitFor(
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; what: string; isDead?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    if (await probe()) return
    if (opts.isDead?.()) throw new Error(`${opts.what} exited before it answered`)
    if (Date.now() > deadline) throw new Error(`${opts.what} did not answer within ${opts.timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, delay))
  }
}
