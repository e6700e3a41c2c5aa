// Issue 23 item 4: a scan that fails quotes what the target answered, and a hostile target can make
// that answer hold the password: after the login POST it sends the check URL to /denied/<password>.
// The error (CLI stderr, the Action's annotation, an MCP tool error) must not carry it in any form,
// nor the progress lines.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scan, type ProgressEvent } from '@sessionguard/scanner'
import { deepReflections, reflections, runCli, startHostileApp } from '@sessionguard/testkit'

const PASSWORD = 'Pä ss/w+rd"<&>=42!'

async function startDenier(): Promise<Awaited<ReturnType<typeof startHostileApp>>> {
  let seen = 'nothing-yet'
  return startHostileApp((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') {
      // the body arrives form-encoded: the password as the target read it
      seen = new URLSearchParams(body).get('password') ?? seen
      res.writeHead(303, { location: '/account', 'set-cookie': 'sid=0123456789abcdef0123; Path=/' })
      return void res.end()
    }
    if (req.url === '/account') {
      res.writeHead(302, { location: `/denied/${encodeURIComponent(seen)}/${Buffer.from(seen).toString('hex')}` })
      return void res.end()
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (req.url?.startsWith('/denied/')) return void res.writeHead(401).end('denied')
    res.end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
  })
}

function leaked(text: string): string[] {
  const forms = [...reflections(PASSWORD), ...deepReflections(PASSWORD)].filter((f) => f.length >= 8)
  return forms.filter((f) => text.includes(f))
}

test('a login that fails at a URL the target built from the password: the error and progress lines do not carry it', async () => {
  const app = await startDenier()
  try {
    const events: ProgressEvent[] = []
    const config = {
      target: app.url,
      login: { url: '/login', credentials: { username: 'alice', password: PASSWORD }, check: { url: '/account' } },
      scope: { timeout: '2s' },
    }
    await assert.rejects(scan(config, { onProgress: (e) => events.push(e) }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SG_LOGIN_FAILED')
      assert.match(err.message, /after redirect to \/denied\//, 'the error still says where the check went')
      assert.deepEqual(leaked(err.message), [], err.message)
      assert.deepEqual(leaked(String(err.stack)), [])
      return true
    })
    assert.ok(
      app.requests.some((r) => r.url.startsWith('/denied/')),
      'the target did send the check URL to the password',
    )
    assert.deepEqual(leaked(JSON.stringify(events)), [])

    const cli = await runCli(
      ['scan', app.url, '--login-url', '/login', '--username', 'alice', '--password-env', 'SG_ERR_PW', '--check-url', '/account'],
      { env: { SG_ERR_PW: PASSWORD, SG_DEBUG: '1' } },
    )
    assert.equal(cli.code, 2, cli.stderr)
    assert.match(cli.stderr, /LoginFailedError: login as "alice" did not reach \/account/, 'SG_DEBUG prints the stack')
    assert.deepEqual(leaked(cli.stdout + cli.stderr), [], cli.stderr)
  } finally {
    await app.close()
  }
})
