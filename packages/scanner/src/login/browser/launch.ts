import type { Browser } from 'playwright-core'
import { ConfigError } from '../../errors.js'

/**
 * playwright-core is an optional peer of the scanner: only a browser login loads it, so an HTTP-only
 * install never needs it.
 */
async function loadPlaywright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core')
  } catch (err) {
    throw new ConfigError(
      'browser login needs the npm package playwright-core next to the scanner (npm install playwright-core); it drives the system Chromium and downloads no browser',
      { cause: err },
    )
  }
}

/**
 * Flags for a scanner's headless run: nothing phones home, nothing persists, no GPU on a CI box.
 * WebRTC may use no UDP that does not go through the proxy (there is none: the proxy speaks TCP), so
 * a page's STUN or TURN request never leaves as a datagram, past both the request guard and the proxy.
 */
export function launchArgs(isRoot: boolean): string[] {
  return [
    '--headless',
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  ]
}

/**
 * Launches the system Chromium. Playwright gives every launch a fresh temporary user-data directory
 * and deletes it on close; each actor then gets its own incognito-like context inside it.
 */
export async function launchChromium(
  executablePath: string,
  timeoutMs: number,
  proxy: { server: string; bypass: string },
): Promise<Browser> {
  const { chromium } = await loadPlaywright()
  const isRoot = process.getuid?.() === 0
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      // the sandbox cannot start as root; as anyone else it stays on
      chromiumSandbox: !isRoot,
      args: launchArgs(isRoot),
      // the list starts with <-loopback> (bypassList), which Playwright passes on as given: loopback
      // hosts and ports other than the allowed origins go through the proxy, into the black hole
      proxy: { server: proxy.server, bypass: proxy.bypass },
      timeout: Math.max(timeoutMs, 30_000),
    })
  } catch (err) {
    const first = String((err as Error).message ?? err).split('\n')[0]
    throw new ConfigError(`browser login: ${executablePath} did not start (${first}); check the browser or pass another with --browser`, {
      cause: err,
    })
  }
}
