import { createRequire } from 'node:module'

interface AutocannonResult {
  requests: { average: number; total: number; sent: number }
  non2xx: number
  errors: number
  '2xx': number
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface LoadResult {
  rps: number
  ok: number
  /** Requests sent, including those still in flight when the run stopped (the server handled them too). */
  sent: number
  failed: number
}

/** Drives a URL with 16 connections for a few seconds, after a short warm-up; load generation runs in a worker thread. */
export async function load(
  url: string,
  cookie: string | undefined,
  seconds: number,
  afterWarmup?: () => void,
  warmupSeconds = 1,
): Promise<LoadResult> {
  const headers = cookie ? { cookie } : {}
  await autocannon({ url, connections: 16, duration: warmupSeconds, headers, workers: 1 })
  afterWarmup?.()
  const r = await autocannon({ url, connections: 16, duration: seconds, headers, workers: 1 })
  return { rps: r['2xx'] / seconds, ok: r['2xx'], sent: Math.max(r.requests.sent ?? 0, r['2xx']), failed: r.non2xx + r.errors }
}
