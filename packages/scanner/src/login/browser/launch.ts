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
 * Chromium's host-resolver rules: every name resolves to 0.0.0.0 without a question on the wire,
 * except the hosts given (the target's and the login origins' in black-hole mode, where Chromium
 * connects to them itself; none with an upstream proxy, which resolves them) and the loopback literal
 * the scan's own proxy listens on. A page chooses names the browser resolves outside both walls (a
 * WebRTC TURN server, a remote ICE candidate, a `.local` name asked by multicast on the LAN), and a
 * label can carry what the user typed. `~NOTFOUND` would still send a multicast question for the
 * literal name; 0.0.0.0 sends nothing, and it is never connected to: everything but the excluded hosts
 * goes through the scan's proxy, and WebRTC has no UDP outside it.
 */
export function resolverRules(resolvable: string[]): string {
  const hosts = new Set(['127.0.0.1'])
  for (const h of resolvable) {
    const bare = h.replace(/^\[|\]$/g, '').toLowerCase()
    if (!/^[a-z0-9.:_-]+$/.test(bare))
      throw new ConfigError(`browser login: the host ${JSON.stringify(h)} cannot be named to the browser's resolver`)
    hosts.add(bare)
    if (bare.includes(':')) hosts.add(`[${bare}]`)
  }
  return ['MAP * 0.0.0.0', ...[...hosts].map((h) => `EXCLUDE ${h}`)].join(', ')
}

/**
 * Flags for a scanner's headless run: nothing phones home, nothing persists, no GPU on a CI box.
 * WebRTC may use no UDP that does not go through the proxy (there is none: the proxy speaks TCP), so
 * a page's STUN or TURN request never leaves as a datagram, past both the request guard and the proxy;
 * and no name outside `resolvable` is resolved (resolverRules).
 */
export function launchArgs(isRoot: boolean, resolvable: string[]): string[] {
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
    `--host-resolver-rules=${resolverRules(resolvable)}`,
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
  resolvable: string[],
): Promise<Browser> {
  const { chromium } = await loadPlaywright()
  const isRoot = process.getuid?.() === 0
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      // the sandbox cannot start as root; as anyone else it stays on
      chromiumSandbox: !isRoot,
      args: launchArgs(isRoot, resolvable),
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
