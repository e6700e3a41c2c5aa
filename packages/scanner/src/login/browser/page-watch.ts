import type { CDPSession } from 'playwright-core'

/**
 * What the browser reports the page doing by itself, through the DevTools protocol: events come in
 * while the page's scripts are stopped, so they show what no read can, a change that begins and ends
 * between the check's two reads (r23o).
 */
export interface PageWatch {
  /** Whether a frame jumped within its document to a fragment since the watch began: a text directive (`#:~:text=`) too, which leaves location as it was. */
  jumpedSinceLoad(): boolean
  /** From now on, what the page does by itself is recorded; called once the check's own actions have settled. */
  openWindow(): Promise<void>
  /** What the page did since openWindow, as the notes say it; empty when nothing. */
  seenInWindow(): string[]
}

/** Enables the Page, DOM and Animation domains on `cdp` and records their events until the session goes. */
export async function watchPage(cdp: CDPSession): Promise<PageWatch> {
  let jumped = false
  let open = false
  const seen = new Set<string>()
  cdp.on('Page.navigatedWithinDocument', (e: { navigationType?: string }) => {
    if (e.navigationType !== 'historyApi') jumped = true
    // with scripts stopped nothing but a timer (a refresh, a text directive) navigates: any kind counts
    if (open) seen.add('a jump within the page')
  })
  const animation = (): void => {
    if (open) seen.add('an animation that started')
  }
  cdp.on('Animation.animationCreated', animation)
  cdp.on('Animation.animationStarted', animation)
  cdp.on('DOM.topLayerElementsUpdated', () => {
    if (open) seen.add('an element that entered or left the top layer (a popover, a dialog)')
  })
  await cdp.send('Page.enable')
  await cdp.send('DOM.enable')
  await cdp.send('Animation.enable')
  return {
    jumpedSinceLoad: () => jumped,
    openWindow: async () => {
      // the top layer is reported only for a document the DOM domain has handed out
      await cdp.send('DOM.getDocument', { depth: 0 })
      open = true
    },
    seenInWindow: () => [...seen],
  }
}
