import { readdirSync, readFileSync } from 'node:fs'

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
