import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import type { TargetApp } from '@sessionguard/testkit'
import { createServer } from 'node:http'

// A target that tries to steer the pre-login discovery: hundreds of links, links off the origin, to
// javascript: and to a logout that would end someone's session, a GET form pointing elsewhere. The
// discovery must stay on the origin, never follow the logout, stop at its budget, and say what it tried.

async function steeringApp(issueAt: string): Promise<TargetApp & { paths: string[] }> {
  const paths: string[] = []
  const sessions = new Map<string, string | undefined>()
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x')
      paths.push(`${req.method} ${url.pathname}`)
      const sid = /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
      const html = (body: string, status = 200, cookie?: string) => {
        res.writeHead(status, {
          'content-type': 'text/html',
          ...(cookie ? { 'set-cookie': `sid=${cookie}; Path=/; HttpOnly; SameSite=Lax` } : {}),
        })
        res.end(`<!doctype html><html><body>${body}</body></html>`)
      }
      if (url.pathname === issueAt && req.method === 'GET') {
        const id = sid && sessions.has(sid) ? sid : randomBytes(16).toString('hex')
        if (!sessions.has(id)) sessions.set(id, undefined)
        return html('<p>page that starts a session</p>', 200, id === sid ? undefined : id)
      }
      if (url.pathname === '/' || url.pathname.startsWith('/p/')) {
        const links = Array.from({ length: 300 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(' ')
        return html(
          `<a href="http://offsite.invalid/x">off</a><a href="javascript:alert(1)">js</a><a href="/logout">out</a><a href="mailto:a@b">m</a><form method="get" action="http://offsite.invalid/search"><input name="q"></form>${links}`,
        )
      }
      if (url.pathname === '/login' && req.method === 'GET')
        return html('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
      if (url.pathname === '/login' && req.method === 'POST') {
        let raw = ''
        for await (const c of req) raw += String(c)
        const f = Object.fromEntries(new URLSearchParams(raw))
        if (f.username !== 'alice' || f.password !== 'alice-password-1') return html('bad', 401)
        const id = sid && sessions.has(sid) ? sid : randomBytes(16).toString('hex')
        sessions.set(id, 'alice')
        res.writeHead(303, { location: '/account', 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` })
        return res.end()
      }
      if (url.pathname === '/account') {
        const user = sid ? sessions.get(sid) : undefined
        if (!user) {
          res.writeHead(302, { location: '/login' })
          return res.end()
        }
        return html(`<p>Welcome ${user}</p>`)
      }
      if (url.pathname === '/logout') {
        if (sid) sessions.delete(sid)
        res.writeHead(303, { location: '/login' })
        return res.end()
      }
      res.writeHead(404)
      res.end()
    })()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as { port: number }).port
  const url = `http://127.0.0.1:${port}`
  return {
    name: 'steering',
    url,
    paths,
    config: {
      target: url,
      login: {
        page: '/login',
        url: '/login',
        type: 'form',
        credentials: { username: 'alice', password: 'alice-password-1' },
        check: { url: '/account', contains: 'alice' },
      },
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
}

test('a link farm with off-origin, javascript: and logout links: the discovery stays in scope and within budget, and reports not tested', async () => {
  const app = await steeringApp('/p/299')
  try {
    const report = await scan({ ...(app.config as object), login: { ...(app.config as { login: object }).login, discovery: 6 } } as never)
    const pre = report.session.preLogin!
    assert.equal(pre.issuedBy, undefined)
    assert.ok(pre.used <= 6, `used ${pre.used}`)
    assert.ok(!app.paths.some((p) => p.endsWith('/logout')), 'the logout link is never followed')
    assert.ok(!pre.visited.some((v) => /offsite\.invalid|javascript|mailto/.test(v.path)))
    // a link or form the pages led to is named by its number (its path is the page's choice); the rest by path
    assert.ok(!pre.visited.some((v) => v.via !== 'failed login' && !/^\/|^(link|form) \d+$/.test(v.path)))
    assert.ok(pre.visited.some((v) => v.via === 'link' && /^link \d+$/.test(v.path)))
    const fixLogin = report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!
    assert.equal(fixLogin.status, 'not-tested')
    assert.match(fixLogin.reason ?? '', /link 1 \(link\)/)
    assert.doesNotMatch(fixLogin.reason ?? '', /\/p\/\d/)
    assert.equal(report.complete, false)
  } finally {
    await app.close()
  }
})

test('the same farm with a budget that reaches the issuing link: found there, attacked from there', async () => {
  const app = await steeringApp('/p/2')
  try {
    const report = await scan(app.config as never)
    assert.deepEqual(report.session.preLogin!.issuedBy, { path: '/p/2', via: 'link', natural: true, carriers: ['sid'] })
    const f = report.findings.find((x) => x.id === 'SG-FIX-LOGIN')!
    assert.ok(f, 'the session kept through login is found')
    assert.equal(new URL(f.evidence[0]!.request.url).pathname, '/p/2')
    assert.ok(!app.paths.some((p) => p.endsWith('/logout')))
  } finally {
    await app.close()
  }
})
