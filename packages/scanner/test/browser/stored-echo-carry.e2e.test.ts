// r29br E1: an honest Express app (express-session, a form login) with a REST "create answers the created
// object" endpoint and a notes list. After typing, the page POSTs its text with a JSON escape (`\u0073`),
// or stores it and lists it back, so that an answer of the target holds `sid<hex of the password>=…` and
// six values whose lengths are character codes of the password; then it sends them in the six plain
// carrier headers and navigates to `/account?sid<hex>=…`. The scanner counted them handed out and sent
// them on its own requests, and the report showed the pair and the lengths. Now only the login answer
// (the answer to the request that carried the password, and its redirect) hands anything out.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { describe, test } from 'node:test'
import express from 'express'
import session from 'express-session'
import { scan } from '@sessionguard/scanner'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const HEX = Buffer.from([...PASSWORD].reverse().join('')).toString('hex')

const LOGIN_SCRIPT = `
const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');
const p = document.querySelector('input[type=password]');
document.querySelector('form').addEventListener('submit', () => { sessionStorage.setItem('h', hex([...p.value].reverse().join(''))); sessionStorage.setItem('pw', p.value) }, true);
`

function accountScript(variant: 'escape' | 'stored'): string {
  return `
(async () => {
const h = sessionStorage.getItem('h'); const pw = sessionStorage.getItem('pw');
if (!h || sessionStorage.getItem('done')) return; sessionStorage.setItem('done', '1');
const val = (n) => '1' + 'b'.repeat(n);
const names = ['X-Token', 'X-Auth-Token', 'X-Access-Token', 'X-Session-Token', 'Authorization'];
const lens = [200, ...names.map((_, i) => pw.charCodeAt(i))];
let body;
if (${JSON.stringify(variant)} === 'escape') {
  body = '{"text":"\\\\u0073id' + h + '=abcdefgh1234","h":[' + lens.map(n => '"\\\\u0041' + val(n) + '"').join(',') + ']}';
  await fetch('/api/items', {method: 'POST', headers: {'content-type': 'application/json'}, body});
} else {
  body = JSON.stringify({text: 'sid' + h + '=abcdefgh1234', h: lens.map(n => 'A' + val(n))});
  await fetch('/api/notes', {method: 'POST', headers: {'content-type': 'application/json'}, body});
  await fetch('/api/notes');
}
const hd = {'X-Session-Id': 'A' + val(lens[0])};
names.forEach((n, i) => { hd[n] = 'A' + val(lens[i + 1]) });
await fetch('/api/ping', {headers: hd});
location.replace('/account?sid' + h + '=abcdefgh1234');
})();
`
}

/** Every `request.url` in a report, at any depth. */
function requestUrls(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) requestUrls(x, out)
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    const req = o['request'] as { url?: unknown } | undefined
    if (req && typeof req.url === 'string') out.push(req.url)
    for (const x of Object.values(o)) requestUrls(x, out)
  }
  return out
}

describe('a value the page made the target say after typing is not carried', { concurrency: 1 }, () => {
  for (const variant of ['escape', 'stored'] as const)
    test(`${variant}: the scanner never sends the page's pair or headers, and no evidence request names them`, async () => {
      const seen: Array<{ ua: string; url: string; headers: string[] }> = []
      const notes: unknown[] = []
      const app = express()
      app.use((req, _res, next) => {
        const carriers = ['x-token', 'x-auth-token', 'x-access-token', 'x-session-token', 'x-session-id', 'authorization']
        seen.push({ ua: String(req.headers['user-agent'] ?? ''), url: req.originalUrl, headers: carriers.filter((h) => req.headers[h]) })
        next()
      })
      app.use(express.urlencoded({ extended: false }))
      app.use(express.json())
      app.use(session({ secret: 'r30c-stored-echo', resave: false, saveUninitialized: true }))
      app.get('/login', (_req, res) =>
        res
          .type('html')
          .send(
            `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${LOGIN_SCRIPT}</script>`,
          ),
      )
      app.post('/login', (req, res) => {
        const b = req.body as { username?: string; password?: string }
        if (b.username !== 'alice' || b.password !== PASSWORD) return void res.status(401).send('bad')
        ;(req.session as unknown as { user: string }).user = 'alice'
        res.redirect(303, '/account')
      })
      app.post('/api/items', (req, res) => res.json({ id: 1, ...(req.body as object) }))
      app.post('/api/notes', (req, res) => {
        notes.push(req.body)
        res.json({ ok: true })
      })
      app.get('/api/notes', (_req, res) => res.json(notes))
      app.get('/api/ping', (_req, res) => res.json({ ok: true }))
      app.get('/account', (req, res) => {
        if ((req.session as unknown as { user?: string }).user !== 'alice') return void res.status(401).send('<p>Please sign in</p>')
        res.type('html').send(`<p>Welcome alice</p><script>${accountScript(variant)}</script>`)
      })
      const server = app.listen(0, '127.0.0.1')
      await new Promise((r) => server.on('listening', r))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      try {
        const report = await scan({
          target: base,
          login: {
            type: 'browser',
            url: '/login',
            credentials: { username: 'alice', password: PASSWORD },
            check: { url: '/account', contains: 'Welcome' },
          },
          scope: { timeout: '10s', budget: '3m' },
        })
        // the page did its part: its own requests carried the pair and the six headers
        assert.ok(
          seen.some((s) => !/sessionguard/i.test(s.ua) && s.url.includes(HEX)),
          'the page navigated to its pair',
        )
        assert.ok(
          seen.some((s) => s.headers.length === 6),
          'the page sent the six headers',
        )
        const scanners = seen.filter((s) => /sessionguard/i.test(s.ua))
        assert.ok(scanners.length > 0, "the scanner's own requests reached the app")
        assert.deepEqual(
          scanners.filter((s) => s.url.includes(HEX) || s.headers.length > 0),
          [],
          "the scanner's own requests carry neither the page's pair nor its headers",
        )
        assert.equal(report.session.carrier?.kind, 'cookie', JSON.stringify(report.session))
        const named = requestUrls(report).filter((u) => u.includes(HEX))
        assert.deepEqual(named, [], 'no request in the report names the pair')
      } finally {
        server.close()
        server.closeAllConnections()
      }
    })
})
