// r23z HIGH-1: the password field is read back after typing, but the page's scripts can still change
// what the form posts after that (a mousedown that cuts and renames the field, a formdata handler that
// adds a reversed copy and a prefix, a hidden second password field filled by script). Whatever the
// browser sends once the password was typed is shown only as the form the scanner filled, else withheld.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'pw-Hunter2-secret'
const PIECE = PASSWORD.slice(0, 9)
const REVERSED = [...PASSWORD].reverse().join('')
const WITHHELD =
  /"method":"POST","url":"[^"]*\/login","headers":\{[^}]*\},"body":"\[body withheld: sent after the browser typed the password/

/**
 * A login page with `form` and `script`. The server keeps the pre-login session id through the login
 * (fixation), so the finding's evidence holds the login POST; it signs alice in whatever else is posted.
 */
async function loginPage(form: string, script: string): Promise<HostileApp> {
  const signedIn = new Set<string>()
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): string => {
      sid = randomBytes(18).toString('hex')
      res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly`)
      return sid
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login' && req.method === 'POST') {
      if (/(^|&)username=alice(&|$)/.test(body)) {
        signedIn.add(sid ?? issue())
        res.writeHead(303, { location: '/account' })
        res.end()
        return
      }
      res.writeHead(401)
      res.end('<p>bad</p>')
      return
    }
    if (url.pathname === '/login') {
      if (!sid) issue()
      res.end(
        `<!doctype html><form method="post" action="/login"><input name="username">${form}<button>Sign in</button></form><script>${script}</script>`,
      )
      return
    }
    if (url.pathname === '/account' && sid && signedIn.has(sid)) {
      res.end('<p>Welcome alice</p>')
      return
    }
    res.end('<p>Please sign in</p>')
  })
}

/** `post` is the login POST's body as the evidence must show it: the form the scanner filled, or withheld (r24r F1). */
async function expectMasked(app: HostileApp, transforms: string[], post: RegExp): Promise<void> {
  const report = await scan({
    target: app.url,
    login: {
      type: 'browser',
      url: '/login',
      credentials: { username: 'alice', password: PASSWORD },
      check: { url: '/account', contains: 'Welcome' },
    },
    scope: { timeout: '10s', budget: '2m' },
  })
  // the page did post the transforms: the test is about the record, not about what reached the target
  const sent = app.sent()
  for (const t of transforms) assert.ok(sent.includes(encodeURIComponent(t)) || sent.includes(t), `the page did not post ${t}`)
  const json = JSON.stringify(report)
  for (const [name, out] of [['JSON', json], ...FORMATS.map((f) => [f, render(report, f)])] as const) {
    for (const t of [PIECE, REVERSED, ...transforms]) assert.ok(!out.includes(t), `${name} holds ${t}`)
    assert.ok(!out.includes(encodeURIComponent(REVERSED)), `${name} holds the reversed password (encoded)`)
  }
  assert.match(json, post, 'the login POST is not in the evidence as expected')
}

describe('what the browser posts after the password was typed', () => {
  test('a mousedown that cuts the field and renames it: the body is no longer the filled form, so it is withheld whole', async () => {
    const app = await loginPage(
      '<input type="password" name="password">',
      `const p = document.querySelector('input[type=password]'); document.querySelector('button').addEventListener('mousedown', () => { p.value = p.value.slice(0, 9); p.name = 'note' }, true)`,
    )
    try {
      // the field the page renamed after typing is not the form the scanner filled: the body is withheld
      await expectMasked(app, [PIECE], WITHHELD)
    } finally {
      await app.close()
    }
  })

  test('a formdata handler that adds a reversed copy and a prefix: the body is withheld whole', async () => {
    const app = await loginPage(
      '<input type="password" name="password">',
      `document.querySelector('form').addEventListener('formdata', (e) => { const v = e.formData.get('password'); e.formData.append('rev', [...v].reverse().join('')); e.formData.append('piece', v.slice(0, 9)); e.formData.append('b64', btoa(v)) })`,
    )
    try {
      await expectMasked(app, [REVERSED, PIECE, Buffer.from(PASSWORD).toString('base64').slice(0, 12)], WITHHELD)
    } finally {
      await app.close()
    }
  })

  test('a hidden second password field filled by script with the reversed password: the filled form, its values masked', async () => {
    const app = await loginPage(
      '<input type="password" name="password"><input type="password" name="confirm" style="position:absolute;left:-9999px">',
      `const ps = document.querySelectorAll('input[type=password]'); ps[0].addEventListener('input', () => { ps[1].value = [...ps[0].value].reverse().join('') })`,
    )
    try {
      // the hidden field was in the form before typing: the POST is the filled form, written by the scanner
      await expectMasked(app, [REVERSED], /"body":"username=alice&password=\*{8}&confirm=\*{8}"/)
    } finally {
      await app.close()
    }
  })
})
