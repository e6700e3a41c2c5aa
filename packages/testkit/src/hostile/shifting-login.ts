import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseCookies, readFields } from '../apps/http.js'
import { checkCredentials } from '../apps/users.js'

interface ShiftingSession {
  user?: string
  /** The form this session was shown last: only its field names and token are accepted. */
  form?: { user: string; pass: string; csrfName: string; csrf: string }
}

const rand = (n = 6): string => randomBytes(n).toString('hex')

/**
 * A login whose form is different on every visit: random field names, a fresh CSRF field name and
 * token, an action that sometimes points at another origin, a decoy form first. A POST is accepted
 * only with the names of the form this session was shown last. Sessions rotate at login (a safe app).
 */
export function shiftingLogin(elsewhere: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const sessions = new Map<string, ShiftingSession>()
  let visits = 0

  const issue = (res: ServerResponse, state: ShiftingSession): string => {
    const sid = rand(16)
    sessions.set(sid, state)
    res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`)
    return sid
  }

  const loginPage = (res: ServerResponse, sid: string | undefined, status = 200): void => {
    const state = (sid && sessions.get(sid)) || {}
    if (!sid || !sessions.has(sid)) issue(res, state)
    const form = { user: `u_${rand(3)}`, pass: `p_${rand(3)}`, csrfName: `t_${rand(3)}`, csrf: rand(12) }
    state.form = form
    visits++
    const action = visits % 3 === 0 ? `${elsewhere}/collect` : `/login?v=${rand(2)}`
    res.statusCode = status
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(
      `<!doctype html><html><body>` +
        `<form action="${elsewhere}/search" method="get"><input type="text" name="q_${rand(2)}"></form>` +
        `<form method="post" action="${action}">` +
        `<input type="hidden" name="${form.csrfName}" value="${form.csrf}">` +
        `<input type="text" name="${form.user}"><input type="password" name="${form.pass}">` +
        `<button>Sign in</button></form></body></html>`,
    )
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const sid = parseCookies(req).get('sid')
    const session = sid ? sessions.get(sid) : undefined
    if (url.pathname === '/login' && req.method === 'POST') {
      const fields = await readFields(req)
      const form = session?.form
      const user = form && fields[form.csrfName] === form.csrf ? checkCredentials(fields[form.user], fields[form.pass]) : undefined
      if (!user || !sid) return loginPage(res, sid, 401)
      sessions.delete(sid)
      issue(res, { user })
      res.writeHead(303, { location: '/account' }).end()
      return
    }
    if (url.pathname === '/login') return loginPage(res, sid)
    if (url.pathname === '/account') {
      if (!session?.user) return void res.writeHead(302, { location: '/login' }).end()
      res.setHeader('content-type', 'text/html; charset=utf-8')
      return void res.end(
        `<!doctype html><html><body><h1>Welcome ${session.user}</h1><a href="${elsewhere}/profile">profile</a></body></html>`,
      )
    }
    if (url.pathname === '/logout' && req.method === 'POST') {
      if (sid) sessions.delete(sid)
      res.setHeader('set-cookie', 'sid=; Path=/; Max-Age=0')
      return void res.writeHead(303, { location: '/login' }).end()
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }
}
