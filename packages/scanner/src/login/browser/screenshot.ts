import type { CDPSession, Page } from 'playwright-core'
import { ActorSession } from '../../actors/session.js'
import type { LoginConfig } from '../../config/schema.js'
import type { Redactor } from '../../http/redact.js'
import type { Carrier, Exchange, Finding, Screenshot } from '../../model/finding.js'
import type { BrowserLoginDriver } from './driver.js'
import { maskPicture, readPage, settlePage, type PageRead } from './page-check.js'
import { watchPage, type PageWatch } from './page-watch.js'
import { drawnEmail, lookAlikeLetters, mixedReadings, seenForms } from './seen-text.js'

/** A report stays readable: a picture over this is retaken smaller, then left out. */
export const MAX_SCREENSHOT_BYTES = 300 * 1024

const FIXATION = new Set(['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'])

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

interface CdpNode {
  nodeType?: number
  nodeName?: string
  nodeValue?: string
  attributes?: string[]
  children?: CdpNode[]
  shadowRoots?: Array<CdpNode & { shadowRootType?: string }>
  contentDocument?: CdpNode
}

/** Fields that draw their value in another order and format than they hold it (2026-12-07 drawn 12/07/2026, 13:37 as 01:37 PM, 2026-12 as December 2026). */
const DATE_FIELDS = new Set(['date', 'time', 'datetime-local', 'month', 'week'])

/**
 * What each date or time field draws: the text of its user-agent shadow tree, which only DevTools
 * reads (the page's own scripts, and the isolated world, see only the value).
 */
export function drawnDateFields(root: CdpNode): string[] {
  const out: string[] = []
  const text = (n: CdpNode): string =>
    n.nodeType === 3 ? (n.nodeValue ?? '') : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join('')
  const walk = (n: CdpNode): void => {
    const attrs = n.attributes ?? []
    const type = attrs.findIndex((a, i) => i % 2 === 0 && a.toLowerCase() === 'type')
    if (n.nodeName === 'INPUT' && type >= 0 && DATE_FIELDS.has((attrs[type + 1] ?? '').trim().toLowerCase()))
      for (const r of n.shadowRoots ?? []) if (r.shadowRootType === 'user-agent') out.push(text(r))
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c)
    if (n.contentDocument) walk(n.contentDocument)
  }
  walk(root)
  return out
}

interface FrameTree {
  frame: { id: string; loaderId?: string }
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

interface Frozen extends PageRead {
  framesText: string
  /** What date and time fields draw (drawnDateFields). */
  dateFields: string[]
  /** The main frame's document: a navigation between the check and the picture changes it. */
  loaderId: string
}

/**
 * Whether the page read after the picture differs from the read the picture was checked on: another
 * document, a scroll or a moved box, or any change to the text or to what cannot be read (a
 * stylesheet that arrived in between still changes the page: stopping scripts does not stop the
 * network).
 */
export function changedSince(before: PageRead & { loaderId: string }, after: PageRead & { loaderId: string }): boolean {
  return (
    after.loaderId !== before.loaderId ||
    after.geometry !== before.geometry ||
    after.text !== before.text ||
    after.unreadable.join('\n') !== before.unreadable.join('\n')
  )
}

/** The serialized call of a page-check.ts function, in an isolated world of the frame. */
const call = (fn: (...a: never[]) => unknown): string => `(${fn.toString()})()`

/**
 * Stops the page's scripts and its animations, then reads it where they could not interfere; what still
 * moves by itself (a refresh timer, a smooth scroll) shows in the read and in the read after the
 * picture, which must be the same, so what is read is what the picture shows. The stop holds while
 * `cdp` stays attached (detaching lifts it), so the caller keeps it until after the picture.
 */
async function freezeAndRead(cdp: CDPSession, watch: PageWatch): Promise<Frozen> {
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree }
  const children: FrameTree[] = []
  const collect = (t: FrameTree): void => {
    for (const child of t.childFrames ?? []) {
      children.push(child)
      collect(child)
    }
  }
  collect(frameTree)
  // every frame: a field in a frame can hold a validation bubble that the browser draws past the frame's box
  // twice: the first pass's own actions (the blur, finishing animations) can start transitions, which
  // the second pass finishes; only then does the watch count what the page starts by itself, through
  // the second read after the picture
  for (let pass = 0; pass < 2; pass++) {
    await inIsolatedWorld(cdp, frameTree.frame.id, call(settlePage))
    for (const child of children) await inIsolatedWorld(cdp, child.frame.id, call(settlePage)).catch(() => undefined)
  }
  await watch.openWindow()
  const read = (await inIsolatedWorld(cdp, frameTree.frame.id, call(readPage))) as PageRead
  // frames are masked in the picture; their text is checked all the same, where it can be read
  const frames: string[] = []
  for (const child of children)
    frames.push(
      String(
        (await inIsolatedWorld(
          cdp,
          child.frame.id,
          "document.documentElement ? (document.documentElement.innerText ?? document.documentElement.textContent) : ''",
        ).catch(() => '')) ?? '',
      ),
    )
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode }
  const closed = (n: CdpNode): boolean =>
    (n.shadowRoots ?? []).some((r) => r.shadowRootType === 'closed' || closed(r)) ||
    (n.children ?? []).some(closed) ||
    (n.contentDocument ? closed(n.contentDocument) : false)
  return {
    ...read,
    framesText: frames.join('\n'),
    dateFields: drawnDateFields(root),
    unreadable: [
      ...read.unreadable,
      ...(closed(root) ? ['a closed shadow root'] : []),
      // a text directive's jump leaves location.href and .hash as they were: only the browser says it ran
      // a History API call's change of the URL is not a jump (a hash router's at load): it changes no :target
      ...(watch.jumpedSinceLoad()
        ? [
            'a jump to another #fragment since the page loaded (or to a text directive; a History API call is not one), as a refresh timer makes with scripts stopped',
          ]
        : []),
    ],
    loaderId: frameTree.frame.loaderId ?? '',
  }
}

/**
 * Opens the check URL in a separate browser context holding only what the attacker's replay carried,
 * and takes its picture. No picture when the page does not show the logged-in marker, when its text
 * (the whole document, every same-origin frame, open shadow roots, generated content, field values
 * and placeholders) shows anything the redactor knows as secret (a password, a session id, in any
 * form it knows, as read or as a reader sees it) or letters that can be look-alikes of one, when
 * it holds what cannot be read or bounded (a closed shadow root, a web font, an image that can paint
 * outside its box), or when the page moved while the picture was taken. What a page draws instead of
 * writing (canvas, images, SVG, frames, backgrounds, password fields) is covered with opaque boxes
 * painted onto the picture afterwards: nothing is added to the page, so its own CSS cannot react to
 * the masking. A page can still paint a secret with what is neither text nor an image (glyphs placed
 * out of order, CSS-drawn shapes): pictures are the operator's choice (ScanOptions.screenshots).
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
    // watched from before the page loads: a jump within it (a text directive) shows nowhere else
    const cdp = await context.newCDPSession(page)
    const watch = await watchPage(cdp)
    const res = await page.goto(x.request.url, { waitUntil: 'load' })
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined)
    const status = res?.status() ?? 0
    if (status < 200 || status >= 300) return `the attacker's browser got status ${status} on the check URL`
    // a refresh timer runs with scripts stopped and can change the page after the read (r23i N2)
    if (res?.headers()['refresh'] !== undefined)
      return 'the page holds what this check cannot read or bound (a refresh timer), so no picture was kept'
    // Another window of the page (a popup it opened) keeps its scripts, and a same-origin one can
    // change this page after the read: every other window is closed once this page is stopped (it
    // can open no more), and one that appears before the picture is checked again means no picture.
    let opened = 0
    const onPage = (): void => void opened++
    context.on('page', onPage)
    try {
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
      for (let round = 0; round < 20 && context.pages().some((p) => p !== page); round++)
        for (const other of context.pages()) if (other !== page) await other.close().catch(() => undefined)
      if (context.pages().some((p) => p !== page)) return 'the page keeps opening windows, so no picture was kept'
      opened = 0
      const shot = await checkAndCapture(cdp, watch, login, redactor)
      if (typeof shot === 'string') return shot
      if (opened > 0 || context.pages().some((p) => p !== page))
        return 'the page opened another window while its picture was taken, so no picture was kept'
      const size = page.viewportSize() ?? { width: 1024, height: 720 }
      context.off('page', onPage)
      return await maskAndFit(await context.newPage(), shot, size)
    } finally {
      context.off('page', onPage)
    }
  } finally {
    await context.close().catch(() => undefined)
  }
}

/** Stops and reads the page, and takes its picture when nothing in it stands in the way; else says why not. */
async function checkAndCapture(
  cdp: CDPSession,
  watch: PageWatch,
  login: LoginConfig,
  redactor: Redactor,
): Promise<{ png: string; read: Frozen } | string> {
  // the stop holds while this session is attached: it goes with the context, after the picture
  const read = await freezeAndRead(cdp, watch)
  // what e-mail fields draw, not only what they hold: their domains in Unicode; and what date fields draw
  const text = [read.text, read.framesText, ...read.emails.map(drawnEmail), ...read.dateFields].join('\n')
  if (login.check.contains !== undefined && !read.text.includes(login.check.contains))
    return `the attacker's browser did not show ${JSON.stringify(login.check.contains)}`
  const found = seenForms(text).map((form) => redactor.check(form))
  // a secret's letters and digits with anything between them (a dash of another kind, a space), each
  // look-alike letter read as any of its readings at its own place (ð for d and Ø for 0 at once)
  const mixed = mixedReadings(text)
  if (found.includes('secret') || redactor.someSecret((s) => mixed.shows(s)))
    return 'the page shows a secret (a password or session id), so no picture was kept'
  if (found.includes('withheld') || mixed.withheld)
    return "the page's text could not be checked for secrets in bounded time, so no picture was kept"
  if (read.unreadable.length)
    return `the page holds what this check cannot read or bound (${read.unreadable.join(', ')}), so no picture was kept`
  if (lookAlikeLetters(text))
    return 'the page shows letters or digits outside the Latin alphabet or struck through by a mark, any of which can be drawn as a look-alike of a secret, so no picture was kept'
  // straight from the compositor: a screenshot tool's own overlay or stylesheet would be page content the page's CSS can react to
  const shot = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as { data: string }
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree }
  const after = (await inIsolatedWorld(cdp, frameTree.frame.id, call(readPage))) as PageRead
  if (changedSince(read, { ...after, loaderId: frameTree.frame.loaderId ?? '' }))
    return 'the page moved or changed while its picture was taken, so no picture was kept'
  // what began and ended between the reads (a finite animation, a popover closing on a timer the
  // check's own blur started, a text directive's jump) leaves both reads alike: the browser's events say it
  const seen = watch.seenInWindow()
  if (seen.length) return `the page changed by itself between the check's reads (${seen.join(', ')}), so no picture was kept`
  return { png: shot.data, read }
}

/** Paints the masks onto the picture in `masker` (a blank page), cropped when it is over the size limit. */
async function maskAndFit(
  masker: Page,
  shot: { png: string; read: Frozen },
  size: { width: number; height: number },
): Promise<Screenshot | string> {
  const { read } = shot
  try {
    let data = (await masker.evaluate(maskPicture, { png: shot.png, boxes: read.boxes, scale: read.devicePixelRatio })) as string
    let shown = size
    if (Buffer.byteLength(data, 'base64') > MAX_SCREENSHOT_BYTES) {
      shown = { width: 640, height: 400 }
      const crop = { x: 0, y: 0, ...shown }
      data = (await masker.evaluate(maskPicture, { png: shot.png, boxes: read.boxes, scale: read.devicePixelRatio, crop })) as string
    }
    if (Buffer.byteLength(data, 'base64') > MAX_SCREENSHOT_BYTES) return `the picture was over ${MAX_SCREENSHOT_BYTES / 1024} KB`
    return { mediaType: 'image/png', data, width: shown.width, height: shown.height, text: read.text.slice(0, 600) }
  } finally {
    await masker.close().catch(() => undefined)
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
      // masked before it is cut: a cut first could keep a secret's start
      notes.push(`${f.id}: no screenshot: ${redactor.clip(String((err as Error).message ?? err), 200)}.`)
    }
  }
  return notes
}
