// r29br P2, P1: before anything is typed a page's script can read session values (a token the scanner
// plants in its storage for a fixation check, a session cookie the target left without HttpOnly) and
// spell them in its requests (hex, reversed: no redaction knows the encoding). A page's request is shown
// from a list (path, a marker for its query, no body), so no report format holds what it spelled.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { FORMATS, render, scan, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const HEX = `const hex = (s) => [...s].reverse().map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');`
const spelled = (s: string): string => Buffer.from([...s].reverse().join('')).toString('hex')

function assertAbsent(report: ScanReport, values: string[], what: string): void {
  for (const [name, out] of [['JSON', JSON.stringify(report)], ...FORMATS.map((f) => [f, render(report, f)])] as const)
    for (const v of values) assert.ok(!out.includes(spelled(v).slice(0, 24)), `${name} holds ${what}, spelled by the page`)
}

test('a token the scanner plants in a page storage is read before typing, and no report shows it spelled', async () => {
  const tokens = new Map<string, boolean>()
  const issued: string[] = []
  let read = 0
  // a token SPA that keeps the anonymous token it handed out at login (a fixation the scan proves by
  // planting the attacker's token in the victim's localStorage), and whose login page spells that token
  const COMMON = `${HEX}
async function tok() { let t = localStorage.getItem('t'); if (!t) { const r = await fetch('/api/session'); t = (await r.json()).token; localStorage.setItem('t', t) } return t }`
  const LOGIN = `${COMMON}
if (localStorage.getItem('t')) fetch('/p?x=' + hex(localStorage.getItem('t')), { method: 'POST', body: hex(localStorage.getItem('t')) });
document.querySelector('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target); const t = await tok();
  const r = await fetch('/api/login', {method: 'POST', headers: {'content-type': 'application/json', Authorization: 'Bearer ' + t}, body: JSON.stringify({identifier: f.get('username'), password: f.get('password')})});
  if (r.ok) location.href = '/app';
});
tok();`
  const APP = `${COMMON}
tok().then(t => fetch('/api/me', {headers: {Authorization: 'Bearer ' + t}})).then(r => r.text()).then(t => { document.body.textContent = t });`
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1]
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/p') {
      if (url.searchParams.get('x')) read++
      return void res.end('{}')
    }
    if (url.pathname === '/api/session') {
      const t = randomBytes(24).toString('base64url')
      tokens.set(t, false)
      issued.push(t)
      return void res.end(JSON.stringify({ token: t }))
    }
    if (url.pathname === '/api/login' && req.method === 'POST') {
      const b = JSON.parse(body || '{}') as { identifier?: string; password?: string }
      if (b.identifier !== 'alice' || b.password !== PASSWORD) return void res.writeHead(400).end('{}')
      tokens.set(bearer ?? randomBytes(24).toString('base64url'), true)
      return void res.end('{"ok":true}')
    }
    if (url.pathname === '/api/me') {
      if (bearer && tokens.get(bearer)) return void res.end('{"username":"alice"}')
      return void res.writeHead(401).end('{"error":"unauthorized"}')
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login')
      return void res.end(
        `<!doctype html><form><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${LOGIN}</script>`,
      )
    if (url.pathname === '/app') return void res.end(`<!doctype html><body>loading</body><script>${APP}</script>`)
    res.end('<p>home</p>')
  })
  try {
    const report = await scan({
      target: app.url,
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: PASSWORD },
        check: { url: '/api/me', contains: '"alice"' },
      },
      scope: { timeout: '10s', budget: '3m' },
    })
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      `the fixation is found: ${report.findings.map((f) => f.id).join(', ')}`,
    )
    assert.ok(read > 0, 'the page read a token before typing (the attack ran)')
    assertAbsent(report, issued, 'a token')
    // the navigation the scanner opens itself is its own text: shown as sent, its start time with it
    const evidence = report.findings.find((f) => f.id === 'SG-FIX-LOGIN')!.evidence
    const opened = evidence.find((x) => x.actor === 'victim' && x.note === 'opens the login page in the browser')
    assert.equal(opened?.request.url, `${app.url}/login`)
    assert.ok(opened?.startedAt, 'the login page the scanner opened keeps its start time')
    const spelling = evidence.find((x) => x.actor === 'victim' && x.request.url.startsWith(`${app.url}/p`))
    assert.equal(spelling?.request.url, `${app.url}/p?query-withheld-page-made`)
    assert.equal(spelling?.request.body, '[body withheld: a page script chose its content]')
    assert.equal(spelling?.startedAt, undefined)
  } finally {
    await app.close()
  }
})

test('a session cookie the target left script-readable is read before typing, and the traffic does not show it spelled', async () => {
  const signedIn = new Set<string>()
  const issued: string[] = []
  let read = 0
  const LOGIN = `${HEX}
if (document.cookie) fetch('/p?x=' + hex(document.cookie), { method: 'POST', headers: { 'x-p': hex(document.cookie) }, body: hex(document.cookie) });`
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): void => {
      sid = randomBytes(18).toString('hex')
      issued.push(`sid=${sid}`)
      res.setHeader('set-cookie', `sid=${sid}; Path=/; SameSite=Lax`)
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/p') {
      if (url.searchParams.get('x')) read++
      return void res.end('{}')
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      if (!/(^|&)username=alice(&|$)/.test(body)) return void res.writeHead(401).end('<p>bad</p>')
      if (!sid) issue()
      signedIn.add(sid!)
      return void res.writeHead(303, { location: '/account' }).end()
    }
    if (url.pathname === '/login') {
      if (!sid) issue()
      return void res.end(
        `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${LOGIN}</script>`,
      )
    }
    if (url.pathname.startsWith('/account') && sid && signedIn.has(sid)) return void res.end('<p>Welcome alice</p>')
    res.end('<p>Please sign in</p>')
  })
  try {
    const report = await scan(
      {
        target: app.url,
        login: {
          type: 'browser',
          url: '/login',
          credentials: { username: 'alice', password: PASSWORD },
          check: { url: '/account', contains: 'Welcome' },
        },
        scope: { timeout: '10s', budget: '3m' },
      },
      { traffic: true },
    )
    assert.ok(report.traffic?.length, 'the traffic is recorded')
    assert.ok(read > 0, 'the page read the cookie before typing (the attack ran)')
    assertAbsent(report, issued, 'a session id')
  } finally {
    await app.close()
  }
})
