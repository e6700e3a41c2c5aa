import type { BrowserContext } from 'playwright-core'

/** Debian's chromium (installed by scripts/ensure-tools.mjs). */
const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Headless chromium on a persistent context in `profileDir` (give it a fresh, empty directory so
 * nothing carries over between runs), with the background traffic switched off: the tests that look
 * at what users see must send nothing but their own requests. playwright-core is loaded here, not
 * at the top, so tests that import testkit without a browser do not load it.
 */
export async function openChromium(profileDir: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core')
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  })
}
