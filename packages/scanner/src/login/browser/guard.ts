import type { BrowserContext, Route } from 'playwright-core'

export interface GuardOptions {
  /** The target's origin: always allowed. */
  origin: string
  /** Identity-provider origins, allowed only while `loginPhase()` says the login steps are running. */
  loginOrigins: string[]
  loginPhase: () => boolean
  /** Headers added to requests to the target's origin only (a header carrier the page cannot set itself). */
  inject?: Record<string, string>
  /** Called once for a login origin refused after the login steps: an origin the operator named, so a note may name it. */
  onBlocked: (line: string) => void
  /**
   * Called for every other refused request or WebSocket, with its place (`host:port`) for counting only:
   * the page chose that host, and a host label can spell what the page read from the form.
   */
  onElsewhere: (place: string) => void
}

/** `host:port` of a URL, the port written out (ws: as http:, wss: as https:): what the refusals are counted by. */
export function placeOf(url: string): string {
  try {
    const u = new URL(url)
    const secure = u.protocol === 'https:' || u.protocol === 'wss:'
    return u.host === '' ? u.protocol : `${u.hostname}:${u.port || (secure ? '443' : '80')}`
  } catch {
    return 'null'
  }
}

/**
 * Every request the browser makes passes here: the target's origin, plus the login origins during the
 * login steps; everything else (analytics, CDNs, an IdP after login) is aborted before it leaves.
 */
export async function guardContext(context: BrowserContext, opts: GuardOptions): Promise<void> {
  const seen = new Set<string>()
  await context.route('**/*', async (route: Route) => {
    const req = route.request()
    let origin: string
    try {
      origin = new URL(req.url()).origin
    } catch {
      origin = 'null'
    }
    if (origin === opts.origin) {
      if (opts.inject && Object.keys(opts.inject).length > 0)
        await route.continue({ headers: { ...(await req.allHeaders()), ...opts.inject } })
      else await route.continue()
      return
    }
    if (opts.loginPhase() && opts.loginOrigins.includes(origin)) {
      await route.continue()
      return
    }
    if (!opts.loginOrigins.includes(origin)) opts.onElsewhere(placeOf(req.url()))
    else if (!seen.has(origin)) {
      seen.add(origin)
      opts.onBlocked(
        `browser: a request to the login origin ${origin} after the login steps was blocked (login origins are allowed during the login only)`,
      )
    }
    await route.abort('blockedbyclient').catch(() => undefined)
  })
  // WebSockets are not routes: they get their own guard, with the same origins (ws: as http:, wss:
  // as https:). A page can reach the native WebSocket past this one (from a worker); the proxy
  // refuses those all the same, this guard is what names them in the report.
  await context.routeWebSocket(/.*/, (ws) => {
    let origin = 'null'
    try {
      const u = new URL(ws.url())
      u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:'
      origin = u.origin
    } catch {
      // not a URL: refused
    }
    if (origin === opts.origin || (opts.loginPhase() && opts.loginOrigins.includes(origin))) {
      ws.connectToServer()
      return
    }
    if (!opts.loginOrigins.includes(origin)) opts.onElsewhere(placeOf(ws.url()))
    else if (!seen.has(`ws ${origin}`)) {
      seen.add(`ws ${origin}`)
      opts.onBlocked(
        `browser: a WebSocket to the login origin ${origin.replace(/^http/, 'ws')} was refused before it connected (login origins are allowed during the login only)`,
      )
    }
    void ws.close({ code: 1008, reason: 'outside the scan scope' }).catch(() => undefined)
  })
}
