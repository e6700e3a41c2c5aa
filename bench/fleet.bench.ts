// The monitor's throughput and memory against the number of scans it runs at once: 100 real target apps
// from packages/testkit on loopback (a child process), one monitor process per N = 1, 4, 8, 16 timing a
// steady-state round (scan + diff + file history) and recording its peak RSS. Figures are ratios to N = 1
// from the same run. Loopback apps answer in well under a millisecond, so a round here is bound by the
// CPU of this machine (the scanner and the apps share it), not by network latency as against real apps:
// the gain from concurrency here is a floor. Also: one browser-login scan's Chromium memory.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

const here = dirname(fileURLToPath(import.meta.url))
const LEVELS = [1, 4, 8, 16]
const TARGETS = Number(process.env.SG_BENCH_FLEET_TARGETS ?? 100)

function node(script: string, args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(here, 'fleet', script), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
}

async function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  const rl = createInterface({ input: child.stdout! })
  for await (const line of rl) return line
  throw new Error('child ended without output')
}

export default async function (): Promise<void> {
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared: figures move with it)`,
  )
  const host = node('apps-host.ts', [String(TARGETS)])
  const dir = await mkdtemp(join(tmpdir(), 'sg-bench-fleet-'))
  try {
    const file = join(dir, 'apps.json')
    await writeFile(file, await firstLine(host))
    const rows: Array<{ n: number; ms: number; maxRssKiB: number; scans: number; failed: number; requests: number; gzBytes: number }> = []
    for (const n of LEVELS) {
      const child = node('monitor-round.ts', [String(n), file])
      child.stdin!.end()
      rows.push(JSON.parse(await firstLine(child)))
    }
    const base = rows[0]!
    console.log(`fleet of ${TARGETS} loopback apps; rounds per hour and peak RSS of the monitor process, as ratios to N = 1`)
    for (const r of rows) {
      const perHour = 3_600_000 / r.ms
      console.log(
        `N=${String(r.n).padEnd(2)}  ${(perHour / (3_600_000 / base.ms)).toFixed(2)}x rounds/h (${perHour.toFixed(0)}/h, round ${(r.ms / 1000).toFixed(1)} s)` +
          `  ${(r.maxRssKiB / base.maxRssKiB).toFixed(2)}x peak RSS (${(r.maxRssKiB / 1024).toFixed(0)} MiB)` +
          `  ${r.scans} scans, ${r.failed} failed, ${r.requests.toFixed(0)} requests/scan, ${(r.gzBytes / 1024).toFixed(1)} KiB gzipped report`,
      )
    }
    const chromium = node('chromium-memory.ts', [])
    chromium.stdin!.end()
    const c = JSON.parse(await firstLine(chromium)) as { peakChromiumRssKiB: number; requests: number }
    console.log(
      `browser-login scan: Chromium peak RSS ${(c.peakChromiumRssKiB / 1024).toFixed(0)} MiB (sum over its processes), ${c.requests} requests`,
    )
  } finally {
    host.stdin!.end()
    await rm(dir, { recursive: true, force: true })
  }
}
