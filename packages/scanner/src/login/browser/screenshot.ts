/// <reference lib="dom" />
// (readPage below runs in the browser, where these globals exist)
import type { CDPSession } from 'playwright-core'
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
 * What the picture would show beyond the text this check reads: whatever a script or a stylesheet can
 * draw (canvas, images, video, SVG, frames, embedded objects, CSS backgrounds and generated content)
 * is covered by the screenshot's mask; what it cannot read at all stops the picture.
 */
const MASKED = 'img, picture, canvas, video, audio, svg, iframe, frame, object, embed, input[type=image], [data-sg-mask]'

/** The page's text as the picture would show it, marking what must be masked; runs in the page, in a world of its own. */
function readPage(): { text: string; unreadable: string[] } {
  const parts: string[] = [document.body?.innerText ?? '']
  const unreadable = new Set<string>()
  const roots: Array<Document | ShadowRoot> = [document]
  for (let i = 0; i < roots.length; i++) {
    for (const el of Array.from(roots[i]!.querySelectorAll('*'))) {
      const shadow = (el as HTMLElement).shadowRoot
      if (shadow) {
        roots.push(shadow)
        parts.push(shadow.textContent ?? '')
      }
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        if (el.type !== 'password') parts.push(el.value)
        parts.push(el.placeholder)
      }
      const style = getComputedStyle(el)
      let mask = ['background-image', 'border-image-source', 'mask-image', '-webkit-mask-image', 'list-style-image'].some(
        (p) => !/^(none|)$/.test(style.getPropertyValue(p)),
      )
      // list-style-type: "text" draws its string as the marker
      if (style.listStyleType.startsWith('"')) parts.push(style.listStyleType)
      for (const pseudo of ['::before', '::after', '::marker']) {
        const content = getComputedStyle(el, pseudo).content
        if (!content || content === 'none' || content === 'normal') continue
        // generated text is read like any other; an image in it is masked with its element
        parts.push(content)
        if (/url\(|image|gradient/i.test(content)) mask = true
      }
      if (mask) el.setAttribute('data-sg-mask', '')
    }
  }
  // a web font can draw any glyph for any letter: the text read here would not be what is shown
  document.fonts.forEach((f) => {
    if (f.status === 'loaded' || f.status === 'loading') unreadable.add('a web font')
  })
  return { text: parts.filter(Boolean).join('\n'), unreadable: [...unreadable] }
}

interface CdpNode {
  children?: CdpNode[]
  shadowRoots?: Array<CdpNode & { shadowRootType?: string }>
  contentDocument?: CdpNode
}

interface FrameTree {
  frame: { id: string }
  childFrames?: FrameTree[]
}

/** Runs `expression` in a world of its own in the frame: the page's scripts cannot patch what it calls (innerText, getComputedStyle). */
async function inIsolatedWorld(cdp: CDPSession, frameId: string, expression: string): Promise<unknown> {
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId, worldName: 'sessionguard-screenshot-check' })
  // a bundler's keepNames helper, in case the serialized function calls it
  const r = await cdp.send('Runtime.evaluate', {
    contextId: executionContextId,
    expression: `var __name = (f) => f; ${expression}`,
    returnByValue: true,
  })
  if (r.exceptionDetails) throw new Error(`the page check failed: ${r.exceptionDetails.text}`)
  return r.result.value
}

/**
 * Stops the page's scripts, then reads it where they could not interfere: from here the page can
 * neither change what was read nor take a mask off before the picture is taken. The stop holds while
 * `cdp` stays attached (detaching lifts it), so the caller keeps it until after the picture.
 */
async function freezeAndRead(cdp: CDPSession): Promise<{ text: string; framesText: string; unreadable: string[] }> {
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree }
  const read = (await inIsolatedWorld(cdp, frameTree.frame.id, `(${readPage.toString()})()`)) as ReturnType<typeof readPage>
  // frames are masked in the picture; their text is checked all the same, where it can be read
  const frames: string[] = []
  const visit = async (t: FrameTree): Promise<void> => {
    for (const child of t.childFrames ?? []) {
      frames.push(
        String((await inIsolatedWorld(cdp, child.frame.id, "document.body ? document.body.innerText : ''").catch(() => '')) ?? ''),
      )
      await visit(child)
    }
  }
  await visit(frameTree)
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode }
  const closed = (n: CdpNode): boolean =>
    (n.shadowRoots ?? []).some((r) => r.shadowRootType === 'closed' || closed(r)) ||
    (n.children ?? []).some(closed) ||
    (n.contentDocument ? closed(n.contentDocument) : false)
  return {
    text: read.text,
    framesText: frames.join('\n'),
    unreadable: [...read.unreadable, ...(closed(root) ? ['a closed shadow root'] : [])],
  }
}

/**
 * Opens the check URL in a separate browser context holding only what the attacker's replay carried,
 * and takes its picture. No picture when the page does not show the logged-in marker, when its text
 * (every same-origin frame, open shadow roots, generated content, field values and placeholders)
 * shows anything the redactor knows as secret (a password, a session id, in any form it knows), or
 * when it holds what cannot be read (a closed shadow root, a web font): an image cannot be masked
 * afterwards. What a page draws instead of writing (canvas, images, SVG, frames, backgrounds) is
 * covered by the mask. A page can still paint a secret with what is neither text nor masked (glyphs
 * placed out of order, CSS shapes): pictures are the operator's choice (ScanOptions.screenshots).
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
    const cdp = await context.newCDPSession(page)
    // the stop holds while this session is attached: it goes with the context, after the picture
    const read = await freezeAndRead(cdp)
    const text = `${read.text}\n${read.framesText}`
    if (login.check.contains !== undefined && !read.text.includes(login.check.contains))
      return `the attacker's browser did not show ${JSON.stringify(login.check.contains)}`
    if (redactor.text(text) !== text) return 'the page shows a secret (a password or session id), so no picture was kept'
    if (read.unreadable.length) return `the page holds what this check cannot read (${read.unreadable.join(', ')}), so no picture was kept`
    const shoot = (clip?: { x: number; y: number; width: number; height: number }) =>
      page.screenshot({
        type: 'png',
        mask: [page.locator('input[type=password]'), page.locator(MASKED)],
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
    return { mediaType: 'image/png', data: png.toString('base64'), width: size.width, height: size.height, text: read.text.slice(0, 600) }
  } finally {
    await context.close().catch(() => undefined)
  }
}

/** Said once when a scan would have pictured a finding but the operator did not ask for pictures. */
export const SCREENSHOTS_OFF =
  "No screenshot of the attacker's browser was kept: pictures are taken only when the operator asks (--screenshots), since a hostile page can paint a session id or password in pixels, where no redaction can find it."

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
  enabled: boolean,
): Promise<string[]> {
  const notes: string[] = []
  const confirmed = findings.filter((f) => FIXATION.has(f.id) && f.confidence === 'confirmed')
  if (!enabled) return confirmed.length ? [SCREENSHOTS_OFF] : []
  for (const f of confirmed) {
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
