import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listen, type RunningServer } from '@sessionguard/testkit'

// A deliberately small cookie-session app whose quirks each engine test switches on: required
// headers and cookies, a Secure cookie over http, sessions that die after a few uses, a logout that
// forgets nothing. Sessions are server-issued and rotated at login, so no fixation is expected.

export interface TinyOptions {
  /** Every request must carry X-Api-Version: 2 and the cookie locale=en, else 400. */
  requireHeaders?: boolean
  secureCookie?: boolean
  /** A logged-in session dies after this many authenticated responses (a short server-side timeout). */
  maxHits?: number
  /** Logout clears the cookie only; the session stays valid on the server. */
  logoutNoop?: boolean
}

export interface TinyApp extends RunningServer {
  config: Record<string, unknown>
  requests: () => number
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

export async function startTinyApp(opts: TinyOptions = {}): Promise<TinyApp> {
  const sessions = new Map<string, { user?: string; hits: number }>()
  let count = 0
  const attrs = `Path=/; HttpOnly; SameSite=Lax${opts.secureCookie ? '; Secure' : ''}`
  const issue = (res: ServerResponse, user?: string): void => {
    const id = randomBytes(24).toString('hex')
    sessions.set(id, { ...(user ? { user } : {}), hits: 0 })
    res.setHeader('set-cookie', `sid=${id}; ${attrs}`)
  }
  const server = createServer((req, res) => {
    count++
    if (opts.requireHeaders && (req.headers['x-api-version'] !== '2' || cookie(req, 'locale') !== 'en')) {
      res.writeHead(400).end('missing X-Api-Version or locale cookie')
      return
    }
    const sid = cookie(req, 'sid')
    const session = sid ? sessions.get(sid) : undefined
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/login' && req.method === 'GET') {
      if (!session) issue(res)
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
    } else if (url.pathname === '/login' && req.method === 'POST') {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const form = new URLSearchParams(body)
        if (form.get('username') !== 'alice' || form.get('password') !== 'tiny-password') return void res.writeHead(401).end('no')
        if (sid) sessions.delete(sid)
        issue(res, 'alice')
        res.writeHead(303, { location: '/account' }).end()
      })
    } else if (url.pathname === '/account') {
      if (session?.user && opts.maxHits !== undefined && session.hits >= opts.maxHits) sessions.delete(sid!)
      else if (session?.user) {
        session.hits++
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Welcome ${session.user}</p>`)
      }
      res.writeHead(302, { location: '/login' }).end()
    } else if (url.pathname === '/logout' && req.method === 'POST') {
      if (sid && !opts.logoutNoop) sessions.delete(sid)
      res.writeHead(200, { 'set-cookie': `sid=; ${attrs}; Max-Age=0` }).end('bye')
    } else res.writeHead(404).end('not found')
  })
  const running = await listen(server)
  return {
    ...running,
    requests: () => count,
    config: {
      target: running.url,
      login: {
        url: '/login',
        credentials: { username: 'alice', password: 'tiny-password' },
        check: { url: '/account', contains: 'Welcome alice' },
      },
      logout: { url: '/logout' },
      ...(opts.requireHeaders ? { request: { headers: { 'X-Api-Version': '2' }, cookies: { locale: 'en' } } } : {}),
    },
  }
}
