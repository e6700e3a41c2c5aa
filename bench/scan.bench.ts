// Full assessment of one login flow on loopback (no token sampling), against express + express-session.
// Peer: the same number of plain keep-alive GETs to the same server, sequentially, in the same run —
// the floor any scanner making that many requests would pay.
import { request, Agent } from 'undici'
import { scan } from '@sessionguard/scanner'
import { startExpressSession, startPhpSessions, type TargetApp } from '@sessionguard/testkit'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
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

async function measure(name: string, app: TargetApp): Promise<void> {
  const runs: Array<{ ms: number; requests: number }> = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const report = await scan(app.config as never)
    runs.push({ ms: performance.now() - t0, requests: report.requestCount })
  }
  const ms = median(runs.map((r) => r.ms))
  const requests = Math.max(...runs.map((r) => r.requests))
  const peerRuns: number[] = []
  for (let i = 0; i < 3; i++) peerRuns.push(await plainRequests(app.url, requests))
  const peer = median(peerRuns)
  console.log(`${name}: full assessment ${ms.toFixed(0)} ms wall, ${requests} requests (goal ≤ 1500 ms, ≤ 60 requests)`)
  console.log(`${name}: ${(ms / peer).toFixed(2)}x the time of ${requests} plain sequential keep-alive GETs to the same server (${peer.toFixed(0)} ms)`)
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
