// r31br N4: the pre-login discovery's replay re-sends the body a page's script posted to obtain the
// pre-login session (the server needs it), and the report showed the replay's body as sent. The page
// reads what it can before typing (the operator's `request.cookies` are script-readable) and spells it
// there. The replay's exchange now shows the body withheld, as the browser's own exchange does.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import express from 'express'
import session from 'express-session'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const OPERATOR = 'OpS3cretCfAccessZx9q7Lm2'
const SPELLED = Buffer.from([...OPERATOR].reverse().join('')).toString('hex')
const PAGE = `<!doctype html><p>shop</p><script>
const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');
const m = /(?:^|; )cf_access=([^;]*)/.exec(document.cookie);
fetch('/api/session', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({c: m ? hex([...m[1]].reverse().join('')) : 'none'})});
</script>`

test("the discovery replay sends the page's body and the report shows it withheld", async () => {
  const bodies: Array<{ ua: string; body: string }> = []
  const app = express()
  app.use(express.json())
  app.use(session({ secret: 'r32b-replay-body', resave: false, saveUninitialized: false, cookie: { httpOnly: true } }))
  type S = { user?: string; started?: boolean }
  app.get('/', (_req, res) => res.type('html').send(PAGE))
  app.post('/api/session', (req, res) => {
    bodies.push({ ua: String(req.headers['user-agent'] ?? ''), body: JSON.stringify(req.body) })
    ;(req.session as unknown as S).started = true
    res.json({ ok: true })
  })
  app.post('/api/login', (req, res) => {
    const b = req.body as { username?: string; password?: string }
    if (b.username !== 'alice' || b.password !== PASSWORD) return void res.status(401).json({ error: 'bad' })
    ;(req.session as unknown as S).user = 'alice'
    res.json({ user: 'alice' })
  })
  app.get('/api/me', (req, res) => {
    if ((req.session as unknown as S).user !== 'alice') return void res.status(401).json({ error: 'no' })
    res.json({ user: 'alice' })
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.on('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const report = await scan(
      {
        target: base,
        request: { cookies: { cf_access: OPERATOR } },
        login: {
          type: 'json',
          page: '/',
          url: '/api/login',
          fields: { username: 'username', password: 'password' },
          credentials: { username: 'alice', password: PASSWORD },
          check: { url: '/api/me', contains: 'alice' },
          discovery: { browser: true, time: '5m' },
        },
        scope: { timeout: '10s', budget: '4m' },
      },
      { traffic: true },
    )
    // the attack ran: the scanner's own replay sent the page's body to the target
    assert.ok(
      bodies.some((b) => /sessionguard/i.test(b.ua) && b.body.includes(SPELLED)),
      `the replay sent the page's body: ${JSON.stringify(bodies.map((b) => b.ua.slice(0, 12)))}`,
    )
    const replays = (report.traffic ?? []).filter((x) => x.request.method === 'POST' && x.request.url === `${base}/api/session`)
    assert.ok(replays.length > 0, 'the traffic holds the replay')
    for (const x of replays) assert.equal(x.request.body, '[body withheld: a page script chose its content]')
    for (const [name, out] of [['JSON', JSON.stringify(report)], ...FORMATS.map((f) => [f, render(report, f)])] as const)
      assert.ok(!out.includes(SPELLED.slice(0, 24)), `${name} holds the operator's cookie, spelled by the page`)
  } finally {
    server.close()
    server.closeAllConnections()
  }
})
