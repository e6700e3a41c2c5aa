// r25r N1–N5: after typing, a login page's script spells the password in the fields of a request that
// the report used to copy from the request itself: its method, the query the checks' copy (the observation)
// kept, the Referer the browser adds from the document's URL, the session-like headers and URL ids the
// scanner then carried on its own requests, and every request of the second-factor context (a new browser
// context of the same session). Every report format must hold none of it; pictures off, defaults.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { FORMATS, render, scan, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex')
/** The reversed password in hex, as the pages spell it (a transformation the redactor does not know). */
const H = hex([...PASSWORD].reverse().join(''))
/** The same in five-character pieces `k0=…&k1=…`: shorter than any value the redactor masks. */
const PIECES = H.match(/.{1,5}/g)!.map((c, i) => `k${i}=${c}`)

const HEX_JS = `const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');`
const pieces = `h.match(/.{1,5}/g).map((c, i) => 'k' + i + '=' + c).join('&')`

/** What the login page's script does once the form is submitted (the password typed), before it submits it. */
const CHANNELS = {
  // N1: a method is any token
  method: `await fetch('/m', { method: 'X' + h }).catch(() => {});`,
  // N2: the login POST itself goes to a URL whose query the page chose (an honest server answers it)
  action: `e.target.action = '/login?' + ${pieces};`,
  // N4: the document's own URL, which every later request's Referer carries
  referer: `history.replaceState(null, '', '/login?' + ${pieces}); await fetch('/a').catch(() => {});`,
  // N3: session-like headers, then (on the next page) ids in the document URL
  carry: `sessionStorage.setItem('h', h); await fetch('/a', { headers: { 'X-Auth-Token': 'T' + h, 'X-Session-A': 'A' + h.slice(0, 12), 'X-Session-B': 'B' + h.slice(12, 24) } }).catch(() => {});`,
} as const
type Channel = keyof typeof CHANNELS

const ACCOUNT_SCRIPT = `const h = sessionStorage.getItem('h'); if (h && !location.search) location.replace('/account;jsessionid=P' + h + '?session_a=Q' + h.slice(0, 12) + '&token_b=R' + h.slice(12, 24));`

function loginScript(channel: Channel): string {
  return `${HEX_JS}
const p = document.querySelector('input[type=password]');
let sent = false;
document.querySelector('form').addEventListener('submit', async (e) => {
  if (sent) return; e.preventDefault(); sent = true;
  const h = hex([...p.value].reverse().join(''));
  ${CHANNELS[channel]}
  e.target.submit();
}, true);`
}

/**
 * `rotate`: the session cookie is issued at the login (HttpOnly only: the cookie checks show the login
 * POST that set it); otherwise at the login page and kept (fixation: the findings carry the browser's
 * and the scanner's own requests).
 */
async function startLogin(channel: Channel, rotate: boolean) {
  const signedIn = new Set<string>()
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (flags: string): void => {
      sid = randomBytes(18).toString('hex')
      res.setHeader('set-cookie', `sid=${sid}; Path=/; ${flags}`)
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/a' || url.pathname === '/m') return void res.end('{}')
    if (url.pathname === '/login' && req.method === 'POST') {
      if (!/(^|&)username=alice(&|$)/.test(body)) {
        res.writeHead(401)
        return void res.end('<p>bad</p>')
      }
      if (rotate || !sid) issue(rotate ? 'HttpOnly' : 'HttpOnly; Secure; SameSite=Lax')
      signedIn.add(sid!)
      res.writeHead(303, { location: '/account' })
      return void res.end()
    }
    if (url.pathname === '/login') {
      if (!rotate && !sid) issue('HttpOnly; Secure; SameSite=Lax')
      return void res.end(
        `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${loginScript(channel)}</script>`,
      )
    }
    if (url.pathname.startsWith('/account') && sid && signedIn.has(sid))
      return void res.end(`<p>Welcome alice</p>${channel === 'carry' ? `<script>${ACCOUNT_SCRIPT}</script>` : ''}`)
    res.end('<p>Please sign in</p>')
  })
}

function everyFormat(report: ScanReport): Array<[string, string]> {
  return [['JSON', JSON.stringify(report)], ...FORMATS.map((f): [string, string] => [f, render(report, f)])]
}

function assertNone(report: ScanReport, needles: string[]): void {
  for (const [name, out] of everyFormat(report)) for (const n of needles) assert.ok(!out.includes(n), `${name} holds ${JSON.stringify(n)}`)
}

async function scanned(channel: Channel, rotate: boolean) {
  const app = await startLogin(channel, rotate)
  try {
    const report = await scan({
      target: app.url,
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: PASSWORD },
        check: { url: '/account', contains: 'Welcome' },
      },
      scope: { timeout: '10s', budget: '2m' },
    } as never)
    return { report, sent: app.sent(), requests: app.requests }
  } finally {
    await app.close()
  }
}

describe('fields of a request sent after typing', () => {
  test('N1: a method a page chose is shown only from the fixed list', async () => {
    // (Node's HTTP parser refuses a method it does not know, so the server never logs it: Chromium's record of the
    // request and its answer is what the report used to show)
    const { report } = await scanned('method', false)
    assertNone(report, [`X${H.slice(0, 8)}`])
    assert.ok(JSON.stringify(report).includes('"method":"[method withheld after typing]"'), 'the request is not in the evidence')
  })

  test("N2: the cookie checks' evidence (the observation of the login POST) shows no query the page chose", async () => {
    const { report, sent } = await scanned('action', true)
    assert.ok(sent.includes(`POST /login?${PIECES.join('&')}\n`), 'the page did not post to its query')
    const flagged = report.findings.filter((f) => f.id.startsWith('SG-COOKIE-'))
    assert.ok(flagged.length > 0, 'no cookie finding shows the login POST')
    assertNone(report, PIECES)
    assert.ok(JSON.stringify(flagged).includes('/login?query-withheld-after-typing'), 'the login POST is not in the cookie evidence')
  })

  test("N4: the Referer after typing is cut to origin and path (the page put the password in its document's query)", async () => {
    const { report, sent } = await scanned('referer', false)
    assert.ok(sent.includes(`/login?${PIECES.join('&')}`), 'the browser did not send the Referer')
    assertNone(report, PIECES)
    assert.match(JSON.stringify(report), /"referer":"http:\/\/127\.0\.0\.1:\d+\/login\?query-withheld-after-typing"/)
  })

  test("N3: headers and URL ids a page made after typing do not ride on the scanner's requests", async () => {
    const { report, sent, requests } = await scanned('carry', false)
    assert.ok(sent.includes(`"x-session-a":"A${H.slice(0, 12)}"`), 'the page did not send its headers')
    assert.ok(sent.includes(`;jsessionid=P${H}`), 'the page did not put its ids in the URL')
    // (the path of the browser's own navigation after typing, ;jsessionid=… included, is the named limit: only its query is withheld)
    assertNone(
      report,
      ['T', 'A', 'B', 'Q', 'R'].map((m) => `${m}${H.slice(0, 3)}`),
    )
    // and the scanner's own requests (no Sec-Fetch-Mode: not the browser's) carried none of it
    const own = requests.filter((r) => r.headers['sec-fetch-mode'] === undefined)
    assert.ok(own.length > 0)
    for (const r of own) {
      assert.ok(!JSON.stringify(r.headers).includes(H.slice(0, 12)), `the scanner carried a header the page made: ${r.method} ${r.url}`)
      assert.ok(!r.url.includes(H.slice(0, 12)), `the scanner carried an id the page put in the URL: ${r.method} ${r.url}`)
    }
  })
})

describe('the second factor is after typing too', () => {
  const LOGIN = `${HEX_JS}
const p = document.querySelector('input[type=password]');
document.querySelector('form').addEventListener('submit', () => { document.cookie = 'h=' + hex([...p.value].reverse().join('')) + '; path=/'; }, true);`
  // in the second-factor context the page reads its cookie (carried in the session's jar) and sends it transformed
  const MFA = `const h = (document.cookie.match(/(?:^|; )h=([^;]*)/) || [])[1];
if (h) { fetch('/xlog?' + ${pieces}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ r: [...h].reverse().join('') }) }); fetch('/xlog2', { method: 'M' + [...h].reverse().join('') }); }`

  test('N5: requests of the second-factor context are recorded as after typing', async () => {
    const state = new Map<string, 'half' | 'full'>()
    const app = await startHostileApp((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x')
      let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
      res.setHeader('content-type', 'text/html; charset=utf-8')
      if (url.pathname.startsWith('/xlog')) return void res.end('ok')
      if (url.pathname === '/login' && req.method === 'POST') {
        if (!/(^|&)username=alice(&|$)/.test(body)) {
          res.writeHead(401)
          return void res.end('<p>bad</p>')
        }
        sid = randomBytes(18).toString('hex')
        state.set(sid, 'half')
        res.writeHead(303, { location: '/2fa', 'set-cookie': `sid=${sid}; Path=/; HttpOnly` })
        return void res.end()
      }
      if (url.pathname === '/login')
        return void res.end(
          `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${LOGIN}</script>`,
        )
      if (url.pathname === '/2fa' && req.method === 'POST') {
        if (!sid || !state.has(sid) || !/code=\d{6}/.test(body)) {
          res.writeHead(401)
          return void res.end('<p>bad code</p>')
        }
        // the id is kept at the second factor: SG-FIX-MFA, whose evidence is the victim's second step
        state.set(sid, 'full')
        res.writeHead(303, { location: '/account' })
        return void res.end()
      }
      if (url.pathname === '/2fa')
        return void res.end(
          `<!doctype html><form method="post" action="/2fa"><input name="code" autocomplete="one-time-code"><button>Verify</button></form><script>${MFA}</script>`,
        )
      if (url.pathname === '/account' && sid && state.get(sid) === 'full') return void res.end('<p>Welcome alice</p>')
      res.end('<p>Please sign in</p>')
    })
    process.env.SG_TEST_N5_TOTP = 'JBSWY3DPEHPK3PXP'
    try {
      const report = await scan({
        target: app.url,
        login: {
          type: 'browser',
          url: '/login',
          credentials: { username: 'alice', password: PASSWORD, totp_secret_env: 'SG_TEST_N5_TOTP' },
          mfa: { type: 'totp' },
          check: { url: '/account', contains: 'Welcome' },
        },
        scope: { timeout: '30s', budget: '5m' },
      } as never)
      const sent = app.sent()
      const back = [...H].reverse().join('')
      assert.ok(sent.includes(`POST /xlog?${PIECES.join('&')}\n`), 'the second-factor page did not send its requests')
      const mfa = report.findings.find((f) => f.id === 'SG-FIX-MFA')
      assert.ok(mfa, `SG-FIX-MFA was not found (${report.findings.map((f) => f.id).join(', ')})`)
      assertNone(report, [...PIECES, back.slice(0, 12), `M${back.slice(0, 8)}`])
      assert.ok(
        JSON.stringify(mfa).includes('/xlog?query-withheld-after-typing'),
        "the second-factor page's request is not in the evidence",
      )
    } finally {
      delete process.env.SG_TEST_N5_TOTP
      await app.close()
    }
  })
})
