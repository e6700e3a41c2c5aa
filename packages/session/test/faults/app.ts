import { createServer } from 'node:http'
import express from 'express'
import { listen, type RunningServer } from '@sessionguard/testkit'
import type { SessionError, SessionManager } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'

export type Cart = { cart?: string[] }

/** The app a developer writes with the library: who am I, add to cart, log in, log out. Errors answer with their status. */
export async function startCartApp(sessions: SessionManager<Cart>): Promise<RunningServer> {
  const app = express()
  app.use(expressSessions({ sessions }))
  app.get('/me', (req, res) => {
    const s = getSession<Cart>(req)
    res.json({ userId: s.userId ?? null, state: s.state, cart: s.data.cart ?? [] })
  })
  app.post('/cart/:item', async (req, res) => {
    await getSession<Cart>(req).update((d) => ({ ...d, cart: [...(d.cart ?? []), req.params.item] }))
    res.json({ ok: true })
  })
  app.post('/login/:user', async (req, res) => {
    await getSession<Cart>(req).login(req.params.user, { keep: ['cart'] })
    res.json({ ok: true })
  })
  app.post('/logout', async (req, res) => {
    await getSession(req).logout()
    res.json({ ok: true })
  })
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status((err as SessionError).statusCode ?? 500).json({ error: (err as SessionError).code ?? 'error' })
  })
  return listen(createServer(app))
}

export interface Answer {
  status: number
  body: { userId?: string | null; state?: string; cart?: string[]; error?: string }
  /** `sid=<token>` when the response set a live session cookie. */
  cookie: string | undefined
}

/** One request as a browser would send it with `cookie`. */
export async function call(base: string, method: 'GET' | 'POST', path: string, cookie?: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers: cookie ? { cookie } : {} })
  const text = await res.text()
  let body: Answer['body'] = {}
  try {
    body = JSON.parse(text) as Answer['body']
  } catch {
    body = { error: text }
  }
  const set = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => /^sid=./.test(c))
  return { status: res.status, body, cookie: set }
}
