// r27br H1: after typing, a page sent `X-Token: aaaa…a keep-alive`. `keep-alive` (Node's Connection header)
// counted as handed out and the page's first word as a scheme, so the header rode every request the scanner
// sent and its mask `****…[N]` showed a length the page chose (a password character per header name).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const LOGIN_SCRIPT = `
const p = document.querySelector('input[type=password]');
let sent = false;
document.querySelector('form').addEventListener('submit', async (e) => {
  if (sent) return; e.preventDefault(); sent = true;
  const pw = p.value;
  const v = (n) => 'a'.repeat(n) + ' keep-alive';
  const h = {};
  ['X-Token', 'X-Auth-Token', 'X-Access-Token', 'X-Session-Token', 'Authorization', 'X-Session-Id'].forEach((n, i) => { h[n] = v(pw.charCodeAt(i)) });
  await fetch('/api', {headers: h}).catch(() => {});
  e.target.submit();
}, true);
`

test('a page word before a value an ordinary response header holds is not carried, nor learned as a secret', async () => {
  const signedIn = new Set<string>()
  const carriedTo: string[] = []
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.headers['x-token'] && url.pathname !== '/api') carriedTo.push(url.pathname)
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): void => {
      sid = randomBytes(18).toString('hex')
      res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`)
    }
    res.setHeader('connection', 'keep-alive')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/api') return void res.end('{}')
    if (url.pathname === '/login' && req.method === 'POST') {
      if (/(^|&)username=alice(&|$)/.test(body)) {
        issue()
        signedIn.add(sid!)
        return void res.writeHead(303, { location: '/account' }).end()
      }
      return void res.writeHead(401).end('<p>bad</p>')
    }
    if (url.pathname === '/login') {
      if (!sid) issue()
      return void res.end(
        `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${LOGIN_SCRIPT}</script>`,
      )
    }
    if (url.pathname.startsWith('/account') && sid && signedIn.has(sid)) return void res.end('<p>Welcome alice</p>')
    res.end('<p>Please sign in</p>')
  })
  try {
    const report = await scan({
      target: app.url,
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: PASSWORD },
        check: { url: '/account', contains: 'Welcome' },
      },
      scope: { timeout: '10s', budget: '3m' },
    })
    assert.ok(app.sent().includes(' keep-alive'), 'the page did send its headers')
    assert.equal(report.session.carrier?.kind, 'cookie', JSON.stringify(report.session))
    assert.deepEqual(carriedTo, [], 'the page’s header rode the scanner’s own requests')
    const text = JSON.stringify(report)
    for (const c of PASSWORD.slice(0, 6))
      assert.ok(!text.includes(`…[${c.charCodeAt(0) + 11}]`), `a mask shows the length the page chose for ${c}`)
    assert.ok(!/"connection":\s*"\*{4}/.test(text), '`keep-alive` was learned as a secret')
  } finally {
    await app.close()
  }
})
