import type { BrowserContext, Route } from 'playwright-core'

export interface GuardOptions {
  /** The target's origin: always allowed. */
  origin: string
  /** Identity-provider origins, allowed only while `loginPhase()` says the login steps are running. */
  loginOrigins: string[]
  loginPhase: () => boolean
  /** Headers added to requests to the target's origin only (a header carrier the page cannot set itself). */
  inject?: Record<string, string>
  /** Called once per refused origin, for the report's notes. */
  onBlocked: (line: string) => void
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
    const key = `${origin} ${opts.loginOrigins.includes(origin) ? 'after' : 'any'}`
    if (!seen.has(key)) {
      seen.add(key)
      const where = origin === 'null' ? req.url().split(':')[0] + ':' : origin
      opts.onBlocked(
        opts.loginOrigins.includes(origin)
          ? `browser: a request to the login origin ${where} after the login steps was blocked (login origins are allowed during the login only)`
          : `browser: requests to ${where} were blocked (outside the scan's scope; add it to scope.login_origins if the login needs it)`,
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
    const key = `ws ${origin}`
    if (!seen.has(key)) {
      seen.add(key)
      opts.onBlocked(`browser: a WebSocket to ${origin.replace(/^http/, 'ws')} was refused before it connected (outside the scan's scope)`)
    }
    void ws.close({ code: 1008, reason: 'outside the scan scope' }).catch(() => undefined)
  })
}
