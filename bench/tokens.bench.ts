// Token analysis and collection speed. Reference lines from the same run on the same machine: Debian's
// `ent` over the very bits the analysis tests, and for collection a plain sequential loop and
// autocannon's raw request rate against the same local server.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { Agent, request } from 'undici'
import { listen } from '@sessionguard/testkit'
import { analyzeTokens, collectTokens } from '../packages/scanner/src/tokens/index.js'
import { decodeSample } from '../packages/scanner/src/tokens/decode/index.js'
import { bitPositions, statStream } from '../packages/scanner/src/tokens/stats/positions.js'

type Autocannon = (opts: {
  url: string
  connections: number
  duration: number
  workers?: number
}) => Promise<{ requests: { average: number } }>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const TOKENS = 20_000
const COLLECT = 2_000
const ROUNDS = 5

const best = (xs: number[]): number => Math.min(...xs)

/** Wall and CPU milliseconds of one call: on a shared machine CPU time is the steadier of the two. */
function timeIt(f: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage()
  const t = performance.now()
  f()
  const used = process.cpuUsage(c)
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 }
}

/** ent's own wall and CPU time (bash's `time` reports the child's user+sys). */
function timeEnt(file: string): { wall: number; cpu: number } {
  const t = performance.now()
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ent "${file}" >/dev/null; } 2>&1`], { encoding: 'utf8' })
  const wall = performance.now() - t
  if (r.status !== 0) throw new Error(`ent failed: ${r.stderr}`)
  const [user, sys] = r.stdout.trim().split('\n').pop()!.split(' ').map(Number) as [number, number]
  return { wall, cpu: (user + sys) * 1000 }
}

async function analysis(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-tokens-'))
  try {
    for (const [name, make] of [
      ['crypto-random 128-bit hex', () => randomBytes(16).toString('hex')],
      [
        'express-session-like (signed, 192-bit base64url)',
        () => `s%3A${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64').replace(/=+$/, '')}`,
      ],
      // 256 bits: the width of a SHA-256 digest, so the hash search runs in full (the session library's own shape)
      ['crypto-random 256-bit base64url', () => randomBytes(32).toString('base64url')],
    ] as const) {
      const tokens = Array.from({ length: TOKENS }, make)
      analyzeTokens(tokens.slice(0, 2000)) // warm-up: JIT and lazy crypto init
      const runs = Array.from({ length: ROUNDS }, () => timeIt(() => analyzeTokens(tokens)))
      const d = decodeSample(tokens)
      const bytes = statStream(d, bitPositions(d, 1e-6).varyingMask).bytes
      const file = join(dir, 'bits.bin')
      writeFileSync(file, bytes)
      const entRuns = Array.from({ length: ROUNDS }, () => timeEnt(file))
      const wall = best(runs.map((r) => r.wall))
      const cpu = best(runs.map((r) => r.cpu))
      const entWall = best(entRuns.map((r) => r.wall))
      const entCpu = Math.max(1, best(entRuns.map((r) => r.cpu)))
      console.log(
        `analysis of ${TOKENS} tokens, ${name}: ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU (best of ${ROUNDS}; target ≤ 250 ms)`,
      )
      console.log(
        `  reference: ent on the same ${bytes.length} bytes: ${entWall.toFixed(0)} ms wall incl. process start, ${entCpu.toFixed(0)} ms CPU → ours/ent ${(wall / entWall).toFixed(1)}x wall, ${(cpu / entCpu).toFixed(1)}x CPU`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function collection(): Promise<void> {
  const server = await listen(
    createServer((_req, res) => {
      res.setHeader('set-cookie', `sid=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly`)
      res.end('ok')
    }),
  )
  const agent = new Agent({ connections: 32, pipelining: 1, keepAliveTimeout: 10_000 })
  const fetchOne = async (): Promise<string | undefined> => {
    const res = await request(`${server.url}/login`, { dispatcher: agent })
    await res.body.dump()
    const sc = res.headers['set-cookie']
    const first = Array.isArray(sc) ? sc[0] : sc
    return first?.split(';')[0]?.split('=')[1]
  }
  try {
    await collectTokens(fetchOne, { samples: 200, concurrency: 16 }) // warm-up
    const rates: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now()
      const got = await collectTokens(fetchOne, { samples: COLLECT, concurrency: 16 })
      rates.push(got.length / ((performance.now() - t) / 1000))
    }
    const seq: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now()
      for (let i = 0; i < 500; i++) await fetchOne()
      seq.push(500 / ((performance.now() - t) / 1000))
    }
    const cannon = await autocannon({ url: `${server.url}/login`, connections: 16, duration: 3 })
    const ours = Math.max(...rates)
    const loop = Math.max(...seq)
    const raw = cannon.requests.average
    console.log(
      `collection of ${COLLECT} ids with collectTokens (concurrency 16, undici keep-alive): ${ours.toFixed(0)} tokens/s (target ≥ 2000)`,
    )
    console.log(
      `  reference: plain sequential loop, same client: ${loop.toFixed(0)} tokens/s → ours/sequential ${(ours / loop).toFixed(2)}x`,
    )
    console.log(`  reference: autocannon raw rate, 16 connections: ${raw.toFixed(0)} req/s → ours/autocannon ${(ours / raw).toFixed(2)}x`)
  } finally {
    await agent.close()
    await server.close()
  }
}

export default async function (): Promise<void> {
  await analysis()
  await collection()
}
