import type { BrowserContext } from 'playwright-core'

// The scanner needs no WebRTC, and WebRTC is the one part of a page that makes Chromium resolve names
// the page chose (a TURN server, a remote candidate, a `.local` name by multicast). This takes the
// constructors away in every frame of a context before the page's scripts run. It is not the wall: a
// page can try to re-obtain them (from a fresh frame, before the script lands there); the browser's
// host-resolver rules (launch.ts) are what keep every such name off the wire.
const SCRIPT = `(() => {
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (/^(webkit)?RTC|^MediaStreamTrackProcessor$/.test(name)) {
      try { delete globalThis[name] } catch {}
    }
  }
})()`

export async function withoutWebRtc(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: SCRIPT })
}
