import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { after, before } from 'node:test'

/**
 * Chromium processes whose environment carries `marker` (NAME=value). Chromium and every helper process
 * it starts inherit the scanner's environment, so this finds a browser left behind by one test even
 * while other browsers run on the machine.
 */
export function processesWithMarker(marker: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0')
      if (!env.includes(marker)) continue
      // the test process's own helpers inherit the marker too (tsx's esbuild service, started when a
      // file is first compiled after the marker was set): only the browser's processes count
      if (/chrom|headless_shell/i.test(readFileSync(`/proc/${name}/cmdline`, 'latin1'))) out.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

/**
 * Waits up to `ms` for every marked process to be gone; returns what is left, each as its pid, state
 * and command line, so a failure says which process stayed. The wait is long because Chromium's
 * helpers (zygote, renderers, network service) exit on their own once the browser is gone, and on a
 * loaded two-core CI machine that can take seconds after the browser itself has exited.
 */
export async function leftAfter(marker: string, ms = 20_000): Promise<string[]> {
  const until = Date.now() + ms
  let left = processesWithMarker(marker)
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    left = processesWithMarker(marker)
  }
  return left.map(describe)
}

function describe(pid: number): string {
  try {
    const state = /^State:\s*(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?'
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').slice(0, 200)
    return `${pid} (${state}): ${cmd}`
  } catch {
    return `${pid} (gone while read)`
  }
}

/**
 * Gives every chromium the calling test file starts a marker in its environment (children inherit
 * it), and fails the file when one of them outlives its tests. Returns the marker.
 */
export function markChromiumOfThisFile(): string {
  const marker = `SG_BROWSER_TEST=${randomUUID()}`
  before(() => {
    const [k, v] = marker.split('=') as [string, string]
    process.env[k] = v
  })
  after(async () => {
    assert.deepEqual(await leftAfter(marker), [], 'no chromium process outlives the scans')
  })
  return marker
}
