// The memory of one browser-login scan's Chromium: a scan of testkit's SPA (login.type: browser) while
// the resident set of every chromium process under this one is sampled from /proc (Linux only).
import { readdirSync, readFileSync } from 'node:fs'
import { scan, type ScanConfigInput } from '@sessionguard/scanner'
import { startSpaCookieApp } from '@sessionguard/testkit'

function children(pid: number): number[] {
  const out: number[] = []
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1])
      if (ppid === pid) out.push(Number(d), ...children(Number(d)))
    } catch {
      // the process ended while we looked
    }
  }
  return out
}

function chromiumRssKiB(): number {
  let total = 0
  for (const pid of children(process.pid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      if (!/^Name:\s+(chrom|headless)/m.test(status)) continue
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
    } catch {
      // gone
    }
  }
  return total
}

const app = await startSpaCookieApp({ rotate: true })
let peak = 0
const timer = setInterval(() => (peak = Math.max(peak, chromiumRssKiB())), 100)
try {
  const report = await scan(app.config as ScanConfigInput)
  process.stdout.write(`${JSON.stringify({ peakChromiumRssKiB: peak, requests: report.requestCount, grade: report.score.grade })}\n`)
} finally {
  clearInterval(timer)
  await app.close()
}
