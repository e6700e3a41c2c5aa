// r27br S1: the scanner plants cookies into a login browser (the attacker's pre-login id in a fixation check,
// the session it carries). Planted without `HttpOnly`, a page script read the id the target had set
// HttpOnly, before anything was typed (when every request is shown as sent), and spelled it in a query.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const LOGIN_SCRIPT = `
const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');
if (document.cookie) fetch('/p?x=' + hex([...document.cookie].reverse().join('')));
`

test('a cookie the target set HttpOnly stays HttpOnly when the scanner plants it: no page script reads the planted id', async () => {
  const signedIn = new Set<string>()
  const issued: string[] = []
  let read = 0
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): void => {
      sid = randomBytes(18).toString('hex')
      issued.push(sid)
      res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`)
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/p') {
      if (url.searchParams.get('x')) read++
      return void res.end('{}')
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      if (!/(^|&)username=alice(&|$)/.test(body)) return void res.writeHead(401).end('<p>bad</p>')
      if (!sid) issue()
      signedIn.add(sid!) // the id is kept at login: a fixation the scan proves with the planted id
      return void res.writeHead(303, { location: '/account' }).end()
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
        credentials: { username: 'alice', password: 'pw-Hunter2-secret' },
        check: { url: '/account', contains: 'Welcome' },
      },
      scope: { timeout: '10s', budget: '3m' },
    })
    assert.ok(
      report.findings.some((f) => f.id.startsWith('SG-FIX-')),
      `the fixation is found: ${report.findings.map((f) => f.id).join(', ')}`,
    )
    assert.equal(read, 0, 'a page script read a cookie the target had set HttpOnly')
    const spelled = issued.map((s) => Buffer.from([...`sid=${s}`].reverse().join('')).toString('hex'))
    for (const [name, out] of [['JSON', JSON.stringify(report)], ...FORMATS.map((f) => [f, render(report, f)])] as const)
      for (const s of spelled) assert.ok(!out.includes(s.slice(0, 24)), `${name} holds a planted id, spelled by the page`)
  } finally {
    await app.close()
  }
})
