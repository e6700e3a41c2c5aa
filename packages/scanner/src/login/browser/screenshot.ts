/// <reference lib="dom" />
// (page.evaluate callbacks below run in the browser, where these globals exist)
import { ActorSession } from '../../actors/session.js'
import type { LoginConfig } from '../../config/schema.js'
import type { Redactor } from '../../http/redact.js'
import type { Carrier, Exchange, Finding, Screenshot } from '../../model/finding.js'
import type { BrowserLoginDriver } from './driver.js'

/** A report stays readable: a picture over this is retaken smaller, then left out. */
export const MAX_SCREENSHOT_BYTES = 300 * 1024

const FIXATION = new Set(['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'])

// Password fields are covered by the screenshot mask and drawn as dots, whatever the page's CSS says.
const PASSWORD_CSS = 'input[type=password]{-webkit-text-security:disc !important;color:transparent !important;text-shadow:none !important}'

function cookiePairs(header: string | undefined): Array<[string, string]> {
  if (!header) return []
  return header
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.includes('='))
    .map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as [string, string])
}

/** The attacker's identity exactly as its replay carried it: its cookies, and the header carrier. */
function attackerFrom(x: Exchange, carrier: Carrier | undefined, origin: string): ActorSession {
  const s = new ActorSession('attacker')
  const headers = Object.entries(x.request.headers)
  for (const [k, v] of cookiePairs(headers.find(([h]) => h.toLowerCase() === 'cookie')?.[1])) s.jar.set(k, v, `${origin}/`)
  if (carrier?.kind === 'header') {
    const value = headers.find(([h]) => h.toLowerCase() === carrier.name.toLowerCase())?.[1]
    if (value !== undefined) s.setCarry({ kind: 'header', name: carrier.name, value })
  }
  return s
}

/**
 * Opens the check URL in a separate browser context holding only what the attacker's replay carried,
 * and takes its picture. No picture when the page does not show the logged-in marker, or when its text
 * shows anything the redactor knows as secret (a password, a session id): an image cannot be masked
 * afterwards.
 */
export async function takeScreenshot(
  driver: BrowserLoginDriver,
  x: Exchange,
  carrier: Carrier | undefined,
  login: LoginConfig,
  redactor: Redactor,
  origin: string,
): Promise<Screenshot | string> {
  const session = attackerFrom(x, carrier, origin)
  const { context, page } = await driver.open(session, { login: false }, { injectHeaders: true })
  try {
    const res = await page.goto(x.request.url, { waitUntil: 'load' })
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined)
    const status = res?.status() ?? 0
    if (status < 200 || status >= 300) return `the attacker's browser got status ${status} on the check URL`
    const text = await page.evaluate(() => {
      const visible = document.body?.innerText ?? ''
      const values = Array.from(document.querySelectorAll('input:not([type=password]), textarea'))
        .map((e) => (e as HTMLInputElement).value)
        .filter(Boolean)
      return [visible, ...values].join('\n')
    })
    if (login.check.contains !== undefined && !text.includes(login.check.contains))
      return `the attacker's browser did not show ${JSON.stringify(login.check.contains)}`
    if (redactor.text(text) !== text) return 'the page shows a secret (a password or session id), so no picture was kept'
    const shoot = (clip?: { x: number; y: number; width: number; height: number }) =>
      page.screenshot({
        type: 'png',
        mask: [page.locator('input[type=password]')],
        style: PASSWORD_CSS,
        animations: 'disabled',
        caret: 'hide',
        ...(clip ? { clip } : {}),
      })
    let png = await shoot()
    let size = page.viewportSize() ?? { width: 1024, height: 720 }
    if (png.length > MAX_SCREENSHOT_BYTES) {
      size = { width: 640, height: 400 }
      png = await shoot({ x: 0, y: 0, ...size })
    }
    if (png.length > MAX_SCREENSHOT_BYTES) return `the picture was over ${MAX_SCREENSHOT_BYTES / 1024} KB`
    return { mediaType: 'image/png', data: png.toString('base64'), width: size.width, height: size.height, text: text.slice(0, 600) }
  } finally {
    await context.close().catch(() => undefined)
  }
}

/**
 * Puts the picture of the attacker's browser on the last attacker exchange of every confirmed
 * fixation finding. Returns notes for what could not be pictured; never fails the scan.
 */
export async function attachScreenshots(
  driver: BrowserLoginDriver,
  findings: Finding[],
  login: LoginConfig,
  redactor: Redactor,
  origin: string,
): Promise<string[]> {
  const notes: string[] = []
  for (const f of findings) {
    if (!FIXATION.has(f.id) || f.confidence !== 'confirmed') continue
    const replay = [...f.evidence]
      .reverse()
      .find((x) => x.actor === 'attacker' && x.response && x.response.status >= 200 && x.response.status < 300)
    if (!replay) continue
    try {
      const shot = await takeScreenshot(driver, replay, f.carrier, login, redactor, origin)
      if (typeof shot === 'string') notes.push(`${f.id}: no screenshot: ${shot}.`)
      else replay.screenshot = shot
    } catch (err) {
      notes.push(
        `${f.id}: no screenshot: ${String((err as Error).message ?? err)
          .split('\n')[0]!
          .slice(0, 200)}.`,
      )
    }
  }
  return notes
}
