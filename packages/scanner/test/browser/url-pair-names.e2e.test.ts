// r31br N1, N2: a URL pair's name is the page's text when only a URL the page made held it. N1: after
// typing, the page asks for `/account?sid<hex of the password>=…` unauthenticated; the app stores it as
// "return to" (connect-ensure-login's returnTo, Laravel's intended URL) and the login answer redirects
// there. N2: before typing, the page loads an iframe whose URL names a pair after what it read. The
// scanner carried both pairs on its own requests, and the report showed the names. Now a pair is carried
// only under a name the target wrote before typing.
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
/** The value of the target's script-readable cookie, and the hex the page spells it in. */
const PREF = 'Pr3fValueReadByThePage'
const PREF_HEX = Buffer.from([...PREF].reverse().join('')).toString('hex')

const hexFn = `const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2,'0')).join('');`

const SCRIPTS = {
  // after typing: the page's request to a protected URL is stored as the place to return to
  intended: `${hexFn}
const f = document.querySelector('form'); const p = document.querySelector('input[type=password]');
f.addEventListener('submit', (e) => {
  if (!p.value) return;
  e.preventDefault();
  fetch('/account?sid' + hex([...p.value].reverse().join('')) + '=abcdefgh1234').finally(() => f.submit());
}, true);`,
  // before typing: iframes named after the target's cookie the page read, as a query pair and a path parameter
  iframe: `${hexFn}
const v = (document.cookie.match(/pref=([^;]+)/) || [])[1];
if (v) for (const src of ['/blank?sidx' + hex([...v].reverse().join('')) + '=abcdefgh1234', '/blank;q' + hex([...v].reverse().join('')) + '=x']) {
  const i = document.createElement('iframe'); i.src = src; document.body.appendChild(i);
}`,
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

describe('a URL pair named by a URL the page made is not carried', { concurrency: 1 }, () => {
  for (const [variant, spelled] of [
    ['intended', HEX],
    ['iframe', PREF_HEX],
  ] as const)
    test(`${variant}: the scanner never sends the page's pair, and no request in the report names it`, async () => {
      const seen: Array<{ ua: string; url: string }> = []
      const app = express()
      app.use((req, _res, next) => {
        seen.push({ ua: String(req.headers['user-agent'] ?? ''), url: req.originalUrl })
        next()
      })
      app.use(express.urlencoded({ extended: false }))
      app.use(session({ secret: 'r32b-url-pair-names', resave: false, saveUninitialized: true }))
      type S = { user?: string; returnTo?: string }
      app.get('/login', (_req, res) =>
        res
          .type('html')
          .cookie('pref', PREF)
          .send(
            `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>${SCRIPTS[variant]}</script>`,
          ),
      )
      app.get(/^\/blank/, (_req, res) => res.type('html').send('<p>blank</p>'))
      app.post('/login', (req, res) => {
        const b = req.body as { username?: string; password?: string }
        if (b.username !== 'alice' || b.password !== PASSWORD) return void res.status(401).send('bad')
        const s = req.session as unknown as S
        const to = s.returnTo ?? '/account'
        delete s.returnTo
        s.user = 'alice'
        res.redirect(303, to)
      })
      app.get('/account', (req, res) => {
        const s = req.session as unknown as S
        if (s.user !== 'alice') {
          s.returnTo = req.originalUrl
          return void res.redirect(302, '/login')
        }
        res.type('html').send('<p>Welcome alice</p>')
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
        assert.ok(
          seen.some((s) => !/sessionguard/i.test(s.ua) && s.url.includes(spelled)),
          'the page made its URL',
        )
        const scanners = seen.filter((s) => /sessionguard/i.test(s.ua))
        assert.ok(scanners.length > 0, "the scanner's own requests reached the app")
        assert.deepEqual(
          scanners.filter((s) => s.url.includes(spelled)),
          [],
          "the scanner's own requests do not carry the page's pair",
        )
        assert.equal(report.session.carrier?.kind, 'cookie', JSON.stringify(report.session))
        assert.deepEqual(
          // (the iframe's own request keeps its path in the browser's exchange: the named limit of a
          // page-made path, docs/browser-login.md; the scanner's requests are the carry's)
          requestUrls(report).filter((u) => u.includes(spelled) && !u.endsWith(`/blank;q${spelled}=x`)),
          [],
          'no request in the report names the pair',
        )
      } finally {
        server.close()
        server.closeAllConnections()
      }
    })
})
