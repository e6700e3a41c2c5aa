// r23t M9: a login page makes Chromium keep only part of the typed password (a maxlength, a script on
// input) and post that: a piece of the password the redaction cannot know. The scanner reads the field
// back and refuses to submit anything but the whole password; nothing of it reaches the target or the error.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'Zq7Vx-Horse-Battery9'
const KEPT = PASSWORD.slice(0, -1)

/** A login page whose password field is `field`; the server accepts whatever password starts like alice's. */
async function loginPage(field: string): Promise<HostileApp> {
  return startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/login' && req.method === 'POST') {
      const f = new URLSearchParams(body)
      if (f.get('username') === 'alice' && PASSWORD.startsWith(f.get('password') ?? '-')) {
        res.writeHead(303, { location: '/account', 'set-cookie': 'sid=LoggedInSession0123456789; Path=/; HttpOnly' })
        res.end()
        return
      }
      res.writeHead(401)
      res.end('<p>bad</p>')
      return
    }
    if (url.pathname === '/login') {
      res.end(
        `<!doctype html><form method="post" action="/login"><input name="username">${field}<button type="submit">Sign in</button></form>`,
      )
      return
    }
    if (url.pathname === '/account' && /sid=LoggedInSession/.test(req.headers.cookie ?? '')) {
      res.end('<p>Welcome alice</p>')
      return
    }
    res.end('<p>Please sign in</p>')
  })
}

async function expectRefused(app: HostileApp, login: Record<string, unknown>): Promise<void> {
  await assert.rejects(
    scan({
      target: app.url,
      login: {
        type: 'browser',
        url: '/login',
        credentials: { username: 'alice', password: PASSWORD },
        check: { url: '/account', contains: 'Welcome' },
        ...login,
      },
      scope: { timeout: '10s', budget: '2m' },
    }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SG_LOGIN_FAILED', err.message)
      assert.match(err.message, /the page kept another value than the password typed into its field .*the form was not submitted/)
      assert.ok(!err.message.includes(KEPT.slice(0, 8)), err.message)
      return true
    },
  )
  const posts = app.requests.filter((r) => r.method === 'POST')
  assert.deepEqual(
    posts.map((r) => r.url),
    [],
    'the form was submitted',
  )
  assert.ok(!app.sent().includes(KEPT.slice(0, 8)), 'a piece of the password reached the target')
}

describe('a page that keeps only part of the typed password', () => {
  test('a maxlength one short of the password: the login stops before submitting, nothing of the password is sent', async () => {
    const app = await loginPage(`<input type="password" name="password" maxlength="${PASSWORD.length - 1}">`)
    try {
      await expectRefused(app, {})
    } finally {
      await app.close()
    }
  })

  test('a script on input that drops the last character, typed by a fill step: the same refusal', async () => {
    const app = await loginPage(
      `<input type="password" name="password" id="pw" oninput="if (this.value.length > 3) this.value = this.value.slice(0, -1)">`,
    )
    try {
      await expectRefused(app, {
        steps: [
          { fill: { selector: 'input[name=username]', value: '{username}' } },
          { fill: { selector: '#pw', value: '{password}' } },
          { click: 'button[type=submit]' },
        ],
      })
    } finally {
      await app.close()
    }
  })
})
