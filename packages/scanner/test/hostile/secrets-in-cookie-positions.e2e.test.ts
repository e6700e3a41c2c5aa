// Attack review r23c: a hostile target sets the password where the redactor showed a value by its
// shape instead of searching it: as a cookie's value (shown as its first four characters and length),
// in a response header named like a token (X-Auth-Token, X-Session-…: its first four) or
// Authorization (its first eleven). Also a Set-Cookie attribute (Path=/<password>), a cookie's name
// and a redirect's query (the HAR's cookies, queryString, redirectURL): those were already masked. No
// format of the report may carry any of its characters.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

const PASSWORD = 'Zq7vHorse-Battery-9'
const SID = 'a3f9c2e1b7d84f60a3f9c2e1b7d84f60'

test('a password a target sets as a cookie attribute, name or value, or as a token header, reaches no format of the report', async () => {
  let password = ''
  const app = await startHostileApp((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') password = new URLSearchParams(body).get('password') ?? password
    if (password) {
      res.setHeader('set-cookie', [
        `pref=1; Path=/${password}; HttpOnly`,
        `${password}=1; Path=/`,
        `remember=${password}; Path=/`,
        `sid=${SID}; Path=/`,
      ])
      res.setHeader('x-auth-token', password)
      res.setHeader('authorization', password)
      res.setHeader('x-session-note', password)
    }
    if (req.method === 'POST' && req.url === '/login') return void res.writeHead(303, { location: `/account?p=${password}` }).end()
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (req.url?.startsWith('/account')) {
      if (!String(req.headers.cookie ?? '').includes(`sid=${SID}`)) return void res.writeHead(302, { location: '/login' }).end()
      return void res.end('<p>Welcome alice</p>')
    }
    res.end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
  })
  try {
    const config = {
      target: app.url,
      login: { url: '/login', credentials: { username: 'alice', password: PASSWORD }, check: { url: '/account' } },
      scope: { timeout: '3s', budget: '60s' },
    }
    const report = await scan(config as Parameters<typeof scan>[0], { traffic: true })
    assert.ok(password === PASSWORD, 'the scanner logged in, and the target learned the password')
    assert.ok(
      app.requests.some((r) => String(r.headers.cookie ?? '').includes(`${PASSWORD}=1`)),
      'the cookies came back to the target (they were in the traffic)',
    )
    const leaks: string[] = []
    for (const f of FORMATS) {
      const text = render(report, f, { color: false })
      // the password's first four characters are enough to tell: a mask of an id keeps four
      for (const piece of [PASSWORD.slice(0, 4), PASSWORD.slice(4, 9), PASSWORD.slice(-7)])
        if (text.includes(piece)) leaks.push(`${piece} in ${f}`)
    }
    assert.deepEqual(leaks, [])
  } finally {
    await app.close()
  }
})

test("a password holding ';' echoed into a Set-Cookie, and a nameless cookie's id echoed in a page, reach no format of the report", async () => {
  const SEMI_PASSWORD = 'Hunter;Secret-Tail-99'
  const NAMELESS = 'c0ffee11d00d22beef33cafe44f00d55'
  let password = ''
  const app = await startHostileApp((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') password = new URLSearchParams(body).get('password') ?? password
    // a nameless cookie: no '=' before the first ';' (a browser stores it and sends `Cookie: <value>`)
    const cookies = [`${NAMELESS}; Path=/`]
    if (password) cookies.push(`echo=${password}; Path=/`, `sid=${SID}; Path=/`)
    res.setHeader('set-cookie', cookies)
    if (req.method === 'POST' && req.url === '/login') return void res.writeHead(303, { location: '/account' }).end()
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (req.url?.startsWith('/account')) {
      if (!String(req.headers.cookie ?? '').includes(`sid=${SID}`)) return void res.writeHead(302, { location: '/login' }).end()
      return void res.end(`<p>Welcome alice, device ${NAMELESS}</p>`)
    }
    res.end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
  })
  try {
    const config = {
      target: app.url,
      login: { url: '/login', credentials: { username: 'alice', password: SEMI_PASSWORD }, check: { url: '/account' } },
      scope: { timeout: '3s', budget: '60s' },
    }
    const report = await scan(config as Parameters<typeof scan>[0], { traffic: true })
    assert.ok(password === SEMI_PASSWORD, 'the scanner logged in, and the target learned the password')
    const leaks: string[] = []
    for (const f of FORMATS) {
      const text = render(report, f, { color: false })
      for (const piece of ['Hunter', 'Secret-Tail', NAMELESS.slice(4, 14), NAMELESS.slice(-10)])
        if (text.includes(piece)) leaks.push(`${piece} in ${f}`)
    }
    assert.deepEqual(leaks, [])
  } finally {
    await app.close()
  }
})
