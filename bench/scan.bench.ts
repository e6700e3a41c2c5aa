// Full assessment of one login flow on loopback (no token sampling), through assess(), the call every
// front-end makes. Peer: the same number of plain keep-alive GETs to the same server, sequentially,
// in the same run — the floor any scanner making that many requests would pay. Assessments and peer
// runs alternate after a warm-up, so a burst of noise on the machine lands on both sides of a pair;
// the figure is the median of the per-pair ratios, with their quartiles.
import { request, Agent } from 'undici'
import { assess } from '@sessionguard/scanner'
import { startExpressSession, startPhpSessions, type TargetApp } from '@sessionguard/testkit'

const WARMUP = 3
const PAIRS = 15

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

async function plainRequests(url: string, n: number): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 10_000 })
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const res = await request(`${url}/login`, { dispatcher: agent })
    await res.body.text()
  }
  const ms = performance.now() - t0
  await agent.close()
  return ms
}

async function assessOnce(app: TargetApp): Promise<{ ms: number; requests: number }> {
  const t0 = performance.now()
  const { report } = await assess(app.config as never, { defaultFailOn: 'none' })
  return { ms: performance.now() - t0, requests: report.requestCount }
}

async function measure(name: string, app: TargetApp): Promise<void> {
  let requests = 0
  for (let i = 0; i < WARMUP; i++) requests = Math.max(requests, (await assessOnce(app)).requests)
  await plainRequests(app.url, requests)
  const ms: number[] = []
  const ratios: number[] = []
  const peers: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    const run = await assessOnce(app)
    requests = Math.max(requests, run.requests)
    const peer = await plainRequests(app.url, run.requests)
    ms.push(run.ms)
    peers.push(peer)
    ratios.push(run.ms / peer)
  }
  console.log(
    `${name}: full assessment ${quantile(ms, 0.5).toFixed(0)} ms wall (median of ${PAIRS}), ${requests} requests (goal ≤ 1500 ms, ≤ 60 requests)`,
  )
  console.log(
    `${name}: ${quantile(ratios, 0.5).toFixed(2)}x the time of the same number of plain sequential keep-alive GETs to the same server ` +
      `(${quantile(peers, 0.5).toFixed(0)} ms; per-pair quartiles ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})`,
  )
}

export default async function (): Promise<void> {
  const express = await startExpressSession({ regenerate: false })
  try {
    await measure('express-session', express)
  } finally {
    await express.close()
  }
  const php = await startPhpSessions({ mode: 'lax' })
  try {
    await measure('php (built-in server)', php)
  } finally {
    await php.close()
  }
}
