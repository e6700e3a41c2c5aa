// r26r R3, R4, R6: after typing, what a page script made (a cookie's name, a request's method, the URL it
// put the browser on) left the driver by readers other than the recorder: carrier discovery, the driver's
// redirect note, the second factor's resume. Each page here spells the password (reversed, hex) in one of
// them; no report format and no error may hold it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { METHODS } from 'node:http'
import { connect, createServer } from 'node:net'
import { describe, test } from 'node:test'
import { FORMATS, render, scan, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const HEX = Buffer.from([...PASSWORD].reverse().join('')).toString('hex')
const HEX_FN = `const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');`
const FORM = `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form>`

const login = {
  type: 'browser' as const,
  url: '/login',
  credentials: { username: 'alice', password: PASSWORD },
  check: { url: '/account', contains: 'Welcome' },
}

function assertClean(report: ScanReport): void {
  for (const [name, out] of [['JSON', JSON.stringify(report)], ...FORMATS.map((f) => [f, render(report, f)])] as const)
    assert.ok(!out.includes(HEX) && !out.includes(HEX.slice(0, 16)), `${name} holds the password's hex`)
}

/** Signs alice in with a fresh `sid`; `/account` welcomes a request `ok(cookieHeader, sid signed in)` approves. */
function cookieApp(script: string, ok: (cookie: string, signed: boolean) => boolean, account = ''): Promise<HostileApp> {
  const signedIn = new Set<string>()
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const ck = req.headers.cookie ?? ''
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(ck)?.[1]
    // one request per connection: the R4 front reads each request's method from its connection's first bytes
    res.setHeader('connection', 'close')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login' && req.method === 'POST') {
      if (!/(^|&)username=alice(&|$)/.test(body)) return void res.writeHead(401).end('<p>bad</p>')
      const fresh = randomBytes(18).toString('hex')
      signedIn.add(fresh)
      res.setHeader('set-cookie', `sid=${fresh}; Path=/; HttpOnly`)
      return void res.writeHead(303, { location: '/account' }).end()
    }
    if (url.pathname === '/login') return void res.end(`${FORM}<script>${script}</script>`)
    if (url.pathname === '/account' && ok(ck, sid !== undefined && signedIn.has(sid))) return void res.end(`<p>Welcome alice</p>${account}`)
    res.end('<p>Please sign in</p>')
  })
}

describe('after typing, a page-made name, method or URL reaches no text', { concurrency: 1 }, () => {
  // R3: the page makes `k<hex>` and the server requires some k… cookie beside sid (never knowing the password):
  // the carrier proof probed every jar name and filed the page's as a required carrier, named everywhere
  test('a cookie a page script made is not a carrier candidate (the server requires it)', async () => {
    const app = await cookieApp(
      `${HEX_FN} const p = document.querySelector('input[type=password]');
       document.querySelector('form').addEventListener('submit', () => { document.cookie = 'k' + hex([...p.value].reverse().join('')) + '=1; path=/' }, true);`,
      (ck, signed) => signed && /(?:^|;\s*)k[0-9a-f]{6,}=/.test(ck),
    )
    try {
      const report = await scan({ target: app.url, login, scope: { timeout: '10s', budget: '3m' } })
      assert.ok(app.sent().includes(`k${HEX}=1`), 'the page did make the cookie')
      assert.deepEqual(
        report.session.carriers?.map((c) => `${c.kind} ${c.name}`),
        ['cookie sid'],
      )
      assertClean(report)
    } finally {
      await app.close()
    }
  })

  // R3 addendum: any two of {sid, k…, j…} let alice in, and the account page's script puts a session-like
  // query NAME spelling the password into its URL: the ConfigError listed all of them
  test('the carrier error names no page-made cookie and no name from the URL the page chose', async () => {
    const app = await cookieApp(
      `${HEX_FN} const p = document.querySelector('input[type=password]');
       document.querySelector('form').addEventListener('submit', () => { const h = hex([...p.value].reverse().join(''));
         document.cookie = 'k' + h + '=1; path=/'; document.cookie = 'j' + h + '=1; path=/'; sessionStorage.setItem('h', h) }, true);`,
      (ck, signed) => Number(signed) + Number(/(?:^|;\s*)k[0-9a-f]{6,}=/.test(ck)) + Number(/(?:^|;\s*)j[0-9a-f]{6,}=/.test(ck)) >= 2,
      `<script>const h = sessionStorage.getItem('h'); if (h) history.replaceState(null, '', '/account?sid' + h + '=abcdefgh1234')</script>`,
    )
    try {
      const err = await scan({ target: app.url, login, scope: { timeout: '10s', budget: '3m' } }).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      )
      assert.ok(app.sent().includes(`j${HEX}=1`), 'the page did make the cookies')
      assert.equal(err?.code, 'SG_CONFIG', String(err))
      assert.ok(!err.message.includes(HEX.slice(0, 16)), err.message)
      assert.match(err.message, /removing each cookie \(sid\) and identifier/)
    } finally {
      await app.close()
    }
  })

  // R4: a page's fetch with a method spelling the password, redirected by the target off the scope: the
  // driver's note quoted the method raw (a raw TCP front answers it: Node's parser refuses unknown methods)
  test("the redirect note does not quote a page's method", async () => {
    const app = await cookieApp(
      `${HEX_FN} const p = document.querySelector('input[type=password]'); let sent = false;
       document.querySelector('form').addEventListener('submit', async (e) => { if (sent) return; e.preventDefault(); sent = true;
         await fetch('/m', {method: 'X' + hex([...p.value].reverse().join(''))}).catch(() => {}); e.target.submit() }, true);`,
      (_ck, signed) => signed,
    )
    const seen: string[] = []
    const front = createServer((sock) => {
      sock.on('error', () => undefined)
      sock.once('data', (chunk: Buffer) => {
        const method = chunk.toString('latin1').split(' ')[0] ?? ''
        seen.push(method)
        if (!METHODS.includes(method))
          return void sock.end(
            'HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.2:9/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
          )
        const back = connect(Number(new URL(app.url).port), '127.0.0.1', () => {
          back.write(chunk)
          sock.pipe(back)
          back.pipe(sock)
        })
        back.on('error', () => sock.destroy())
      })
    })
    await new Promise<void>((ok) => front.listen(0, '127.0.0.1', ok))
    try {
      const port = (front.address() as { port: number }).port
      const report = await scan({ target: `http://127.0.0.1:${port}`, login, scope: { timeout: '10s', budget: '3m' } })
      assert.ok(seen.includes(`X${HEX}`), 'the page did send the method')
      assert.ok(
        report.notes.some((n) => n.includes('the target redirected a request to an origin outside')),
        report.notes.join('\n'),
      )
      assertClean(report)
    } finally {
      front.close()
      await app.close()
    }
  })

  // R6: the second factor resumed at the password step's raw final URL (the page's history.replaceState
  // choice, a backtick kept raw in its query); the target ends that connection and the failure's message,
  // URL cut at the backtick, reached the findings' reasons
  test("the second factor's failed resume at the URL the page chose names no part of it", async () => {
    const state = new Map<string, 'half' | 'full'>()
    const app = await startHostileApp((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
      res.setHeader('content-type', 'text/html; charset=utf-8')
      if (url.pathname === '/login' && req.method === 'POST') {
        if (!/(^|&)username=alice(&|$)/.test(body)) return void res.writeHead(401).end('<p>bad</p>')
        const fresh = randomBytes(18).toString('hex')
        state.set(fresh, 'half')
        res.setHeader('set-cookie', `sid=${fresh}; Path=/; HttpOnly`)
        return void res.writeHead(303, { location: '/2fa' }).end()
      }
      if (url.pathname === '/login')
        return void res.end(
          `${FORM}<script>${HEX_FN} const p = document.querySelector('input[type=password]');
           document.querySelector('form').addEventListener('submit', () => sessionStorage.setItem('h', hex([...p.value].reverse().join(''))), true);</script>`,
        )
      if (url.pathname === '/2fa' && req.method === 'POST') {
        if (!sid || !state.has(sid) || !/code=\d{6}/.test(body)) return void res.writeHead(401).end('<p>bad code</p>')
        state.set(sid, 'full')
        return void res.writeHead(303, { location: '/account' }).end()
      }
      if (url.pathname === '/2fa') {
        // the page's own URL (a query) is not answered: a resume there fails, and its message names it
        if (url.search) return void req.socket.destroy()
        return void res.end(
          `<!doctype html><form method="post" action="/2fa"><input name="code" autocomplete="one-time-code"><button>Verify</button></form>
           <script>const h = sessionStorage.getItem('h'); if (h && !location.search) history.replaceState(null, '', '/2fa?a' + String.fromCharCode(96) + h)</script>`,
        )
      }
      if (url.pathname === '/account' && sid && state.get(sid) === 'full') return void res.end('<p>Welcome alice</p>')
      res.end('<p>Please sign in</p>')
    })
    process.env['SG_R27B_TOTP'] = 'JBSWY3DPEHPK3PXP'
    try {
      const report = await scan({
        target: app.url,
        login: { ...login, credentials: { ...login.credentials, totp_secret_env: 'SG_R27B_TOTP' }, mfa: { type: 'totp' } },
        scope: { timeout: '15s', budget: '5m' },
      })
      assert.ok(app.sent().includes(`/2fa?a\`${HEX}`), 'the page did put the hex in its URL')
      assertClean(report)
      // the resume at the page's URL did fail (the checks that replay the second factor say why, in fixed words)
      assert.ok(JSON.stringify(report).includes('the browser could not open it (ERR_EMPTY_RESPONSE)'), 'no failed resume')
    } finally {
      delete process.env['SG_R27B_TOTP']
      await app.close()
    }
  })
})
