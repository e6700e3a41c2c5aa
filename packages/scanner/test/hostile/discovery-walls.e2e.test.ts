import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'

// Hostile targets for the pre-login discovery (issue 23, items 6 and 7): a page full of links and
// forms that would end sessions or destroy data if followed, spelled the ways a browser still
// understands; and pages that redirect forever, drip bytes or flood headers. The discovery must
// never request the first kind, and must step over the second kind without ending the scan.

const LOGIN_FORM =
  '<form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form>'

interface Sessions {
  ids: Map<string, string | undefined>
  sid(req: IncomingMessage): string | undefined
}

function sessions(): Sessions {
  const ids = new Map<string, string | undefined>()
  return {
    ids,
    sid: (req) => {
      const v = /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
      return v && ids.has(v) ? v : undefined
    },
  }
}

function html(res: ServerResponse, body: string, status = 200, cookie?: string): void {
  res.writeHead(status, {
    'content-type': 'text/html',
    ...(cookie ? { 'set-cookie': `sid=${cookie}; Path=/; HttpOnly; SameSite=Lax` } : {}),
  })
  res.end(`<!doctype html><html><body>${body}</body></html>`)
}

/** Login, account and logout of a plain form app that keeps the visitor's session at login (vulnerable). */
function loginRoutes(s: Sessions, req: IncomingMessage, res: ServerResponse, body: string): boolean {
  const url = new URL(req.url ?? '/', 'http://x')
  if (url.pathname === '/login' && req.method === 'GET') return (html(res, LOGIN_FORM), true)
  if (url.pathname === '/login' && req.method === 'POST') {
    const f = Object.fromEntries(new URLSearchParams(body))
    if (f.username !== 'alice' || f.password !== 'alice-password-1') return (html(res, `bad ${LOGIN_FORM}`, 401), true)
    const id = s.sid(req) ?? randomBytes(16).toString('hex')
    s.ids.set(id, 'alice')
    res.writeHead(303, { location: '/account', 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` })
    return (res.end(), true)
  }
  if (url.pathname === '/account') {
    const id = s.sid(req)
    const user = id ? s.ids.get(id) : undefined
    if (!user) return (res.writeHead(302, { location: '/login' }), res.end(), true)
    return (html(res, `<p>Welcome ${user}</p>`), true)
  }
  return false
}

function config(app: HostileApp, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target: app.url,
    login: {
      page: '/login',
      url: '/login',
      type: 'form',
      credentials: { username: 'alice', password: 'alice-password-1' },
      check: { url: '/account', contains: 'alice' },
      ...extra,
    },
  }
}

// Every one of these ends a session, closes an account or wipes data when requested.
const DESTRUCTIVE = [
  '/users/sign_out',
  '/logoff',
  '/signoff',
  '/log%6Fut',
  '/account/close',
  '/admin/reset-db',
  '/api/purge',
  '/wipe',
  '/revoke-all-tokens',
  '/admin/shutdown',
  '/item/1/%64elete',
  '/item/2/%2564elete',
  '/Sign-Out',
  '/account/deactivate',
  '/newsletter/unsubscribe',
]

test('discovery never requests a link that looks destructive, however it is spelled, nor fetches a form action as a link', async () => {
  const s = sessions()
  const fired: string[] = []
  let aboutSeen = 0
  const app = await startHostileApp((req, res, body) => {
    if (loginRoutes(s, req, res, body)) return
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/') {
      const links = DESTRUCTIVE.map((p, i) => `<a href="${p}">${i}</a>`).join(' ')
      return html(
        res,
        `${links}<a href="/about">about</a>` +
          '<form method="post" action="/cart/add"><input type="hidden" name="item" value="7"><button>Add to cart</button></form>' +
          '<form method="post" action="/account/remove"><button>Delete my account</button></form>',
      )
    }
    if (url.pathname === '/about') return (aboutSeen++, html(res, '<p>about us</p>'))
    if (url.pathname.startsWith('/sessionguard-')) return html(res, 'not found', 404)
    fired.push(`${req.method} ${req.url}`)
    return html(res, 'done')
  })
  try {
    const report = await scan(config(app, { discovery: 40 }) as never)
    assert.deepEqual(fired, [], `requested: ${fired.join(', ')}`)
    // (a link is reported by its number, its path being the page's text: the target tells what was followed)
    assert.ok(aboutSeen > 0, 'harmless links are still followed')
    assert.ok(
      report.session.preLogin!.visited.some((v) => v.via === 'link'),
      'the followed link is in the record',
    )
    const fixLogin = report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!
    assert.equal(fixLogin.status, 'not-tested')
    // forms by method and number: an action is the page's text (r25c)
    assert.match(fixLogin.reason ?? '', /forms seen and not submitted: POST form 1, /, 'the POST form is counted, not submitted')
    assert.match(fixLogin.reason ?? '', /POST form 2 \(looks destructive, never submitted\)/)
    assert.match(fixLogin.enableWith ?? '', /discovery: \{ forms: true \}/)
    assert.deepEqual(report.session.preLogin!.formsSeen, ['POST form 1', 'POST form 2 (looks destructive, never submitted)'])
  } finally {
    await app.close()
  }
})

test('discovery.forms submits a harmless form (the cart starts the session) and still never a destructive one', async () => {
  const s = sessions()
  const fired: string[] = []
  const app = await startHostileApp((req, res, body) => {
    if (loginRoutes(s, req, res, body)) return
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/')
      return html(
        res,
        '<form method="post" action="/account/remove"><button>Delete my account</button></form>' +
          '<form method="post" action="/cart/add"><input type="hidden" name="item" value="7"><button>Add to cart</button></form>',
      )
    if (url.pathname === '/cart/add' && req.method === 'POST' && new URLSearchParams(body).get('item') === '7') {
      const id = s.sid(req) ?? randomBytes(16).toString('hex')
      const fresh = !s.ids.has(id)
      s.ids.set(id, undefined)
      return html(res, 'added', 200, fresh ? id : undefined)
    }
    if (url.pathname.startsWith('/sessionguard-')) return html(res, 'not found', 404)
    fired.push(`${req.method} ${req.url}`)
    return html(res, 'done')
  })
  try {
    const report = await scan(config(app, { discovery: { forms: true } }) as never)
    assert.deepEqual(fired, [])
    assert.deepEqual(report.session.preLogin!.issuedBy, { path: '/cart/add', via: 'form', natural: true, carriers: ['sid'] })
    assert.ok(
      report.session.preLogin!.visited.some((v) => v.path === '/cart/add' && v.method === 'POST'),
      'the submission is listed',
    )
    assert.equal(report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!.status, 'failed', render(report, 'pretty'))
  } finally {
    await app.close()
  }
})

test('a redirect loop, a page that drips bytes and a flood of headers are three unvisited pages, noted; the scan goes on and finds the session on the next link', async () => {
  const s = sessions()
  const timers = new Set<NodeJS.Timeout>()
  const app = await startHostileApp((req, res, body) => {
    if (loginRoutes(s, req, res, body)) return
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/')
      return html(res, '<a href="/loop/0">a</a><a href="/drip">b</a><a href="/headers">c</a><a href="/cart">cart</a>')
    if (url.pathname.startsWith('/loop/')) {
      res.writeHead(302, { location: `/loop/${Number(url.pathname.slice(6)) + 1}` })
      return void res.end()
    }
    if (url.pathname === '/drip') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' })
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 200)
      timers.add(t)
      return
    }
    if (url.pathname === '/headers') {
      res.setHeader(
        'x-pad',
        Array.from({ length: 100 }, () => 'a'.repeat(1000)),
      )
      return html(res, 'padded')
    }
    if (url.pathname === '/cart') {
      const id = s.sid(req) ?? randomBytes(16).toString('hex')
      const fresh = !s.ids.has(id)
      s.ids.set(id, undefined)
      return html(res, 'your cart', 200, fresh ? id : undefined)
    }
    res.writeHead(404)
    res.end()
  })
  try {
    const report = await scan({ ...config(app), scope: { timeout: '2s' } } as never)
    const pre = report.session.preLogin!
    // a link is the page's text: named by its number, its path not shown (r25c)
    const broken = Object.fromEntries(pre.visited.filter((v) => v.error).map((v) => [v.path, v.error!]))
    assert.match(broken['link 1'] ?? '', /redirect/)
    assert.match(broken['link 2'] ?? '', /no complete response within/)
    assert.match(broken['link 3'] ?? '', /headers larger than 64 KB/)
    for (const p of ['link 1', 'link 2', 'link 3'])
      assert.ok(
        report.notes.some((n) => n.includes(`GET ${p} (a link of a page seen; its path not shown: the page chose it) was not visited`)),
        `noted: ${p}\n${report.notes.join('\n')}`,
      )
    for (const p of ['/loop', '/drip', '/headers']) assert.ok(!JSON.stringify(report).includes(p), `${p} is in the report`)
    assert.deepEqual(pre.issuedBy, { path: '/cart', via: 'link', natural: true, carriers: ['sid'] })
    assert.equal(report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!.status, 'failed')
  } finally {
    for (const t of timers) clearInterval(t)
    await app.close()
  }
})

// r25c: a link's path is the page's text. The target heard the password at the scan's first login and
// hands out ids, so the links and forms of its pre-login pages spell both (reversed, hex: forms the
// redaction does not know). Discovery follows them (one fails, one answers, the form is never
// submitted); no report format names any of their paths, in the notes, the not-tested reason, the
// coverage line or the pre-login record.
test('links and forms whose paths spell the password the target heard and the ids it issued are numbered, never named', async () => {
  const s = sessions()
  const heard: string[] = []
  const hexOf = (v: string): string => Buffer.from([...v].reverse().join(''), 'utf8').toString('hex')
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/login' && req.method === 'POST') {
      const pw = new URLSearchParams(body).get('password')
      if (pw) heard.push(pw)
    }
    if (loginRoutes(s, req, res, body)) return
    const spelled = [...heard.map(hexOf), ...[...s.ids.keys()].map((id) => [...id].reverse().join(''))]
    if (url.pathname === '/')
      return html(
        res,
        spelled
          .map((w) => `<a href="/r/${w}">r</a><a href="/s/${w}">s</a><form method="post" action="/f/${w}"><button>go</button></form>`)
          .join(''),
      )
    // a link that cannot be visited: the note about it used to quote its path
    if (url.pathname.startsWith('/r/')) return void res.destroy()
    if (url.pathname.startsWith('/s/')) return html(res, 'nothing here')
    res.writeHead(404)
    res.end()
  })
  try {
    const report = await scan({ ...config(app), scope: { timeout: '3s' } } as never)
    assert.ok(heard.includes('alice-password-1'), 'the target did not hear the password')
    const pre = report.session.preLogin!
    assert.ok(
      pre.visited.some((v) => v.via === 'link' && v.error),
      `no link failed: ${JSON.stringify(pre.visited)}`,
    )
    assert.ok(
      pre.visited.some((v) => v.via === 'link' && !v.error),
      'no link was visited',
    )
    const needles = [hexOf('alice-password-1').slice(0, 16), ...[...s.ids.keys()].map((id) => [...id].reverse().join('').slice(0, 12))]
    for (const [name, out] of [['JSON', JSON.stringify(report)], ...FORMATS.map((f) => [f, render(report, f)])] as const)
      for (const n of needles) assert.ok(!out.includes(n), `${name} holds ${n}`)
    assert.ok(
      report.notes.some((n) =>
        /^pre-login discovery: GET link \d+ \(a link of a page seen; its path not shown: the page chose it\) was not visited: /.test(n),
      ),
      report.notes.join('\n'),
    )
    assert.match(
      report.checks.find((c) => c.id === 'SG-FIX-LOGIN')!.reason ?? '',
      /link \d+ \(link\).*forms seen and not submitted: POST form \d+/,
    )
  } finally {
    await app.close()
  }
})
