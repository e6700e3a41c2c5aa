// One measured monitor, alone in its process: the real scanner, a file history, `--concurrency N`, one
// round over every target (scan, record; the first round of a fresh history, so no diff: a diff costs
// well under a millisecond beside a scan). Prints one JSON line: the round's wall time, the peak resident
// set size of the process, requests and gzipped report size per scan.
import { gzipSync } from 'node:zlib'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scan, type ScanConfigInput, type ScanReport } from '@sessionguard/scanner'
import { targetKey } from '@sessionguard/history'
import { FileHistoryStore } from '@sessionguard/history/store'
import { Monitor, type MonitorTarget } from '@sessionguard/history/monitor'

const [n, file] = [Number(process.argv[2]), process.argv[3]!]
const apps = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8')) as Array<{ name: string; config: ScanConfigInput }>
const targets: MonitorTarget[] = apps.map((a) => ({
  name: a.name,
  config: a.config,
  everyMs: 3_600_000,
  key: targetKey(a.config.target),
  tags: [],
}))
const dir = await mkdtemp(join(tmpdir(), 'sg-bench-fleet-'))
const reports: ScanReport[] = []
const monitor = new Monitor({
  targets,
  store: new FileHistoryStore(dir),
  scanFn: async (config, opts) => {
    const r = await scan(config, opts)
    reports.push(r)
    return r
  },
  sinks: [],
  limits: { scans: n, perOrigin: 1, browsers: 1 },
  retry: { attempts: 1 },
})
const t0 = performance.now()
const rounds = await monitor.runOnce()
const ms = performance.now() - t0
const failed = rounds.filter((r) => r.status === 'down' || r.status === 'error').length
const requests = reports.reduce((s, r) => s + r.requestCount, 0) / Math.max(1, reports.length)
const gz = reports.reduce((s, r) => s + gzipSync(JSON.stringify(r)).byteLength, 0) / Math.max(1, reports.length)
await rm(dir, { recursive: true, force: true })
process.stdout.write(
  `${JSON.stringify({ n, ms, maxRssKiB: process.resourceUsage().maxRSS, scans: reports.length, failed, requests, gzBytes: gz })}\n`,
)
