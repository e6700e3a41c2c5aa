// Issue 23, review r24y (M4, M5, L5): entry points read as classes, end to end through assess() against a
// hostile loopback target, in all 7 formats. A credential the target hands out inside an encoded URL
// (a return URL nested in a redirect, a script's or a JSON string's escape) is read at every decoded
// level; a supplied key joined to its neighbours by any character is learned alone; a supplied Cookie
// header's 6-7-character value is a secret; a target-URL credential named by another stem is one too.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FORMATS, assess, render, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

const FAST = { timeout: 2000, budget: 20_000 }

/** Runs of more than the four characters a mask shows of each secret, in any of the 7 formats. */
function leaks(report: ScanReport, secrets: string[]): string[] {
  const out: string[] = []
  for (const f of FORMATS) {
    const text = render(report, f, { color: false })
    for (const s of secrets)
      for (let i = 0; i + 5 <= s.length; i++)
        if (text.includes(s.slice(i, i + 5))) {
          out.push(`${s.slice(i, i + 5)}… of ${s.slice(0, 4)} in ${f}`)
          break
        }
  }
  return out
}

test('a credential the target hands out inside a nested return URL, a script escape or a JSON escape is a secret', async () => {
  const ids = ['Ne8Kq2mZ7vLx4Bw0', 'Js9wQ5nPc3Xv7Yk2', 'Jn1yR8sKe2Gm5Nq4', 'Dd4uV2gFq9aZ6Wc8', 'Ht8cM3rLk1Pj7Dt5']
  const app = await startHostileApp((req, res) => {
    if (req.url === '/') {
      // the login-style redirect of r24y M5: the id only inside a percent-encoded return URL
      res.statusCode = 303
      res.setHeader('location', `/home?next=%2Faccount%3Fsid%3D${ids[0]}`)
      res.end()
      return
    }
    res.setHeader('content-type', 'text/html')
    res.end(
      `<html><body><p>home</p><script>var u = "/x?a=1\\x26sid=${ids[1]}"; ` +
        `var j = {"next":"/y?a=1\\u0026session_id=${ids[2]}"}; ` +
        `var d = "/z?r=%252Fb%253Ftoken%253D${ids[3]}";</script>` +
        `<a href="/w?back=%2Fv%3Fa%3D1%26amp%3Bauth%3D${ids[4]}">w</a></body></html>`,
    )
  })
  try {
    const { report } = await assess({ target: app.url, scope: FAST, fail_on: 'none' }, { traffic: true })
    assert.ok(JSON.stringify(report.traffic).includes('<p>home</p>'), 'the page is in the recorded traffic')
    assert.deepEqual(leaks(report, ids), [])
  } finally {
    await app.close()
  }
})

test('a supplied key joined to its label by any character that is not a letter or digit leaves no part of it in any format', async () => {
  const KEY = 'Kq7vN2pLx9Wc4Tz'
  const app = await startHostileApp((_req, res) => {
    res.setHeader('content-type', 'text/html')
    // the target reflects the key alone, without what the header joined it to
    res.end(`<html><body>reflected: ${KEY}</body></html>`)
  })
  try {
    const found: string[] = []
    for (const value of [`svc/${KEY}`, `k.${KEY}.z`, `${KEY}|sig`, `${KEY}@tenant`, `ApiKey=${KEY}~1`, `key-${KEY}`]) {
      const { report } = await assess(
        { target: app.url, request: { headers: { 'X-Api': value } }, scope: FAST, fail_on: 'none' },
        { traffic: true },
      )
      assert.ok(JSON.stringify(report.traffic).includes('reflected: '), `the reflection is in the report: ${value}`)
      found.push(...leaks(report, [KEY]).map((l) => `${value}: ${l}`))
    }
    assert.deepEqual(found, [])
  } finally {
    await app.close()
  }
})

test("a supplied Cookie header's 7-character value is a secret in every format", async () => {
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(`<html><body>prefs: ${String(req.headers.cookie ?? '').replace(/[a-z]+=/g, '')}</body></html>`)
  })
  try {
    const { report } = await assess(
      { target: app.url, request: { headers: { Cookie: 'pref=Ab3dE9x; theme=Xk29fQ1aZ' } }, scope: FAST, fail_on: 'none' },
      { traffic: true },
    )
    assert.ok(JSON.stringify(report.traffic).includes('prefs: '), 'the reflection is in the report')
    assert.deepEqual(leaks(report, ['Ab3dE9x', 'Xk29fQ1aZ']), [])
  } finally {
    await app.close()
  }
})

test('a target-URL credential named pw, cred, bearer, hmac or SAMLResponse is a secret in every format', async () => {
  const KEY = 'Kq7vN2pLx9Wc4Tz'
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(`<html><body>you asked for ${req.url}</body></html>`)
  })
  try {
    const found: string[] = []
    for (const name of ['pw', 'cred', 'bearer', 'hmac', 'SAMLResponse']) {
      const { report } = await assess({ target: `${app.url}/?${name}=${KEY}`, scope: FAST, fail_on: 'none' }, { traffic: true })
      assert.ok(JSON.stringify(report.traffic).includes('you asked for'), 'the reflection is in the report')
      found.push(...leaks(report, [KEY]).map((l) => `${name}: ${l}`))
    }
    assert.deepEqual(found, [])
  } finally {
    await app.close()
  }
})
