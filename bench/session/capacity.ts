// Overhead of the session layer over the bare framework, measured as server CPU time per request.
// A single-threaded server at saturation serves 1 / (CPU per request) requests/s, so the CPU ratio is
// its requests/s ratio without the load generator's share: on a 2-core machine the generator competes
// for the same cores and would dilute any throughput ratio towards 1. Both apps run in their own
// processes and are driven alternately in short slices (A B B A ...), so the host's shifting load
// falls on both sides alike; the requests each side completed over equal time are reported as well.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Pool } from 'undici'
import type { AppName, ChildMessage } from './child-server.js'
import { loginCookie } from './login.js'

const CONNECTIONS = 16

class Child {
  private constructor(
    private readonly proc: ChildProcess,
    readonly url: string,
  ) {}

  static start(app: AppName): Promise<Child> {
    const proc = fork(fileURLToPath(new URL('./child-server.ts', import.meta.url)), [app], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return new Promise((resolve, reject) => {
      const failed = (why: string) => reject(new Error(`bench app ${app} did not start: ${why}`))
      proc.once('error', (err) => failed(err.message))
      proc.once('exit', (code) => failed(`exited with ${code}`))
      proc.once('message', (m: ChildMessage) => {
        proc.removeAllListeners('exit')
        if (m.url) resolve(new Child(proc, m.url))
        else failed('no url')
      })
    })
  }

  /** CPU time the process has used so far (user + system, all threads), in microseconds. */
  cpuMicros(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.proc.once('message', (m: ChildMessage) =>
        m.cpuMicros === undefined ? reject(new Error('unexpected message')) : resolve(m.cpuMicros),
      )
      this.proc.send('cpu')
    })
  }

  stop(): Promise<void> {
    if (this.proc.exitCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000)
      this.proc.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      this.proc.send('stop')
    })
  }
}

/** Keeps CONNECTIONS requests in flight until the deadline; returns how many completed. Anything but 200 aborts the bench. */
async function drive(pool: Pool, cookie: string | undefined, ms: number): Promise<number> {
  const deadline = performance.now() + ms
  const headers = cookie ? { cookie } : {}
  let done = 0
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const res = await pool.request({ path: '/me', method: 'GET', headers })
      await res.body.dump()
      if (res.statusCode !== 200) throw new Error(`GET /me answered ${res.statusCode} during the capacity run`)
      done++
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, loop))
  return done
}

export interface Capacity {
  /** Requests/s a saturated core serves with sessions over without: bare CPU per request / ours. */
  capacity: number
  /** Requests completed with sessions over without, over equal time. */
  throughput: number
  /** Quartiles of the per-pair capacity ratios: how noisy the machine was. */
  spread: [number, number]
  /** Quartiles of the per-pair throughput ratios. */
  throughputSpread: [number, number]
  cpuPerRequest: { ours: number; bare: number }
  requestsPerSecond: { ours: number; bare: number }
}

export async function compareCapacity(
  ours: AppName,
  bare: AppName,
  { pairs = 40, sliceMs = 250, warmupPairs = 4, bareLogsIn = false } = {},
): Promise<Capacity> {
  const a = await Child.start(ours)
  const b = await Child.start(bare)
  const poolA = new Pool(a.url, { connections: CONNECTIONS })
  const poolB = new Pool(b.url, { connections: CONNECTIONS })
  try {
    const cookie = await loginCookie(a.url)
    const bareCookie = bareLogsIn ? await loginCookie(b.url) : undefined
    const slice = async (child: Child, pool: Pool, c: string | undefined) => {
      const before = await child.cpuMicros()
      const n = await drive(pool, c, sliceMs)
      return { cpu: (await child.cpuMicros()) - before, n }
    }
    const sum = { cpuA: 0, nA: 0, cpuB: 0, nB: 0 }
    const ratios: number[] = []
    const served: number[] = []
    for (let i = 0; i < warmupPairs + pairs; i++) {
      const aFirst = i % 2 === 0
      const first = aFirst ? await slice(a, poolA, cookie) : await slice(b, poolB, bareCookie)
      const second = aFirst ? await slice(b, poolB, bareCookie) : await slice(a, poolA, cookie)
      if (i < warmupPairs) continue
      const [ra, rb] = aFirst ? [first, second] : [second, first]
      sum.cpuA += ra.cpu
      sum.nA += ra.n
      sum.cpuB += rb.cpu
      sum.nB += rb.n
      ratios.push(rb.cpu / rb.n / (ra.cpu / ra.n))
      served.push(ra.n / rb.n)
    }
    ratios.sort((x, y) => x - y)
    served.sort((x, y) => x - y)
    const quartile = (q: number, of = ratios): number => of[Math.round(q * (of.length - 1))]!
    const seconds = (pairs * sliceMs) / 1000
    return {
      capacity: sum.cpuB / sum.nB / (sum.cpuA / sum.nA),
      throughput: sum.nA / sum.nB,
      spread: [quartile(0.25), quartile(0.75)],
      throughputSpread: [quartile(0.25, served), quartile(0.75, served)],
      cpuPerRequest: { ours: sum.cpuA / sum.nA, bare: sum.cpuB / sum.nB },
      requestsPerSecond: { ours: sum.nA / seconds, bare: sum.nB / seconds },
    }
  } finally {
    await Promise.all([poolA.close(), poolB.close()])
    await Promise.all([a.stop(), b.stop()])
  }
}
