import { spawn, type ChildProcess } from 'node:child_process'
import { freePort, waitFor } from './net.js'

export interface ChildServer {
  url: string
  stop(): Promise<void>
}

export interface ChildServerOptions {
  /** Names the server in errors ("php -S did not answer within 15000 ms"). */
  what: string
  command: string
  /** The arguments, given the port the server must listen on at 127.0.0.1. */
  args: (port: number) => string[]
  /** True once the server at `url` is up. */
  ready: (url: string) => Promise<boolean>
  timeoutMs: number
  cwd?: string
}

/** A readiness check: `path` answers 200. */
export const answers200 =
  (path: string) =>
  async (url: string): Promise<boolean> => {
    try {
      return (await fetch(`${url}${path}`)).status === 200
    } catch {
      return false
    }
  }

/** SIGTERM, then SIGKILL after 3 s for a server that ignores it. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
  })
}

/**
 * A server in a child process (DynamoDB Local, php -S, Django's) on a free loopback port, once it is
 * ready. freePort() can lose a race with another process taking the port, so a failed start is tried
 * once more on a new port; the second failure is thrown with the last 4 KB of the server's stderr.
 */
export async function startChildServer(opts: ChildServerOptions): Promise<ChildServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child = spawn(opts.command, opts.args(port), { stdio: ['ignore', 'ignore', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
    const url = `http://127.0.0.1:${port}`
    try {
      await waitFor(() => opts.ready(url), { timeoutMs: opts.timeoutMs, what: opts.what, isDead: () => child.exitCode !== null })
    } catch (err) {
      await stop(child)
      if (attempt === 0) continue
      throw new Error(`${(err as Error).message}\n${stderr}`)
    }
    return { url, stop: () => stop(child) }
  }
}
