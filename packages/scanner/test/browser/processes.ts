import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { after, before } from 'node:test'

/**
 * Processes whose environment carries `marker` (NAME=value). Chromium and every helper process it
 * starts inherit the scanner's environment, so this finds a browser left behind by one test even while
 * other browsers run on the machine.
 */
export function processesWithMarker(marker: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0')
      if (env.includes(marker)) out.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

/** Waits up to `ms` for every marked process to be gone; returns what is left. */
export async function leftAfter(marker: string, ms = 5000): Promise<number[]> {
  const until = Date.now() + ms
  let left = processesWithMarker(marker)
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    left = processesWithMarker(marker)
  }
  return left
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
