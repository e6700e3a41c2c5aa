// Attack review r23: a config file (or an MCP tool call, which takes the same request keys) set
// `request.headers: { Host: … }`, and every request went to the target's address asking for another
// site: behind a reverse proxy that serves several names on one address, a place the operator never
// named. The Host header is the target's own; the scan is refused before a request leaves.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { runCli, startHostileApp } from '@sessionguard/testkit'

test('a config or a --header flag cannot make the scan ask the target address for another host', async () => {
  const app = await startHostileApp((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end('<p>a site behind a proxy that routes by Host</p>')
  })
  try {
    for (const name of ['Host', 'host', ' HOST ']) {
      await assert.rejects(
        scan({ target: app.url, request: { headers: { [name]: 'admin.internal.example' } }, scope: { timeout: '2s' } } as never),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'SG_CONFIG')
          assert.match(err.message, /request\.headers: Host cannot be set/)
          return true
        },
      )
    }
    const cli = await runCli(['scan', app.url, '--header', 'Host: admin.internal.example'])
    assert.equal(cli.code, 2, cli.stderr)
    assert.match(cli.stderr, /Host cannot be set/)
    assert.deepEqual(
      app.requests.map((r) => `${r.method} ${r.url} host=${String(r.headers.host)}`),
      [],
      'no request reached the target, for another host or its own',
    )
  } finally {
    await app.close()
  }
})
