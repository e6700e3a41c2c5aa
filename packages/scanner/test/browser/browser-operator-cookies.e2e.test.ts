// r29br C1: the operator's request.cookies get a browser login past what a page script decides from
// document.cookie (a consent banner, an A/B flag, a locale chooser). Planted HttpOnly (r28s), the script
// did not see them: the banner stayed over the form and the login failed.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

// as cookie-consent widgets do: a full-page overlay unless the consent cookie is there
const BANNER = `if (!/(^|;\\s*)consent=yes/.test(document.cookie)) document.body.insertAdjacentHTML('beforeend', '<div style="position:fixed;inset:0;background:#fff;z-index:9">We use cookies</div>');`

test('a cookie from request.cookies is readable by the login page script (a consent banner lets the form be used)', async () => {
  const signedIn = new Set<string>()
  let posted = 0
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): void => {
      sid = randomBytes(18).toString('hex')
      res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`)
    }
    if (!sid) issue()
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login' && req.method === 'POST') {
      posted++
      if (!/(^|&)username=alice(&|$)/.test(body) || !body.includes('password=pw-Hunter2-secret'))
        return void res.writeHead(401).end('<p>bad</p>')
      issue()
      signedIn.add(sid!)
      return void res.writeHead(303, { location: '/account' }).end()
    }
    if (url.pathname === '/login')
      return void res.end(
        `<!doctype html><body><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${BANNER}</script></body>`,
      )
    if (url.pathname.startsWith('/account') && signedIn.has(sid!)) return void res.end('<p>Welcome alice</p>')
    res.end('<p>Please sign in</p>')
  })
  try {
    const report = await scan({
      target: app.url,
      request: { cookies: { consent: 'yes' } },
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: 'pw-Hunter2-secret' },
        check: { url: '/account', contains: 'Welcome' },
      },
      scope: { timeout: '10s', budget: '3m' },
    })
    assert.ok(posted > 0, 'the browser submitted the login form')
    assert.equal(report.session.loginConfigured, true)
    assert.ok(report.session.carrier?.name === 'sid', 'the login worked and its session carrier was proven')
  } finally {
    await app.close()
  }
})
