// Issue 23, review r23y: secrets reach the redactor at its entry points as classes, end to end through
// assess() against a hostile loopback target, in all 7 formats: a body cut at any scope.max_body, a
// credential under a path parameter or a ';'-separated query of the target URL, a credential the target
// hands out in any URL of any response (Refresh, meta refresh, form action, script), a supplied header
// in any grammar, and the errors of a mistyped target or of a spec $ref.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FORMATS, assess, render, type ScanReport } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

const KEY = 'Zq7vN2kLp9xWc4rT8mYb3dHs6fJg1aEu'
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

test('a body cut at scope.max_body between 601 and 4095 shows no part of a supplied key the cut went through, in any format', async () => {
  let body = ''
  const app = await startHostileApp((_req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(body)
  })
  try {
    const found: string[] = []
    for (const maxBody of [700, 1500, 3000]) {
      for (const into of [12, 31]) {
        // whole copies shrink under masking and pull the cut edge into the 600 characters shown
        const before = `${KEY} `.repeat(Math.floor((maxBody - into) / (KEY.length + 1)))
        body = `${before}${'x'.repeat(maxBody - into - before.length)}${KEY}${'y'.repeat(2000)}`
        const { report } = await assess(
          { target: app.url, request: { headers: { 'X-Api-Key': KEY } }, scope: { ...FAST, max_body: maxBody }, fail_on: 'none' },
          { traffic: true },
        )
        assert.ok(
          (report.traffic ?? []).some((x) => x.response?.body?.includes('…[')),
          'a body is in the traffic',
        )
        found.push(...leaks(report, [KEY]).map((l) => `max_body ${maxBody}, ${into} before the cut: ${l}`))
      }
    }
    assert.deepEqual(found, [])
  } finally {
    await app.close()
  }
})

test("a credential under a path parameter or a ';'-separated query of the target URL is a secret in every format", async () => {
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    // the target quotes the URL it was asked for
    res.end(`<html><body>you asked for ${req.url}</body></html>`)
  })
  try {
    for (const target of [`${app.url}/app;sid=${KEY}`, `${app.url}/app?a=1;sid=${KEY}`, `${app.url}/app;auth_token=${KEY}/home`]) {
      const { report } = await assess({ target, scope: FAST, fail_on: 'none' }, { traffic: true })
      assert.ok(JSON.stringify(report.traffic).includes('you asked for'), 'the reflection is in the report')
      assert.deepEqual(leaks(report, [KEY]), [], target)
    }
  } finally {
    await app.close()
  }
})

test('a credential the target hands out only in a Refresh header, a meta refresh, a form action or a script is a secret', async () => {
  const ids = ['Qz8Kq2mZ7vLx4Bw0', 'Jd9wQ5nPc3Xv7Yk2', 'Tb1yR8sKe2Gm5Nq4', 'Hn4uV2gFq9aZ6Wc8', 'Wx8cM3rLk1Pj7Dt5']
  const app = await startHostileApp((_req, res) => {
    res.setHeader('content-type', 'text/html')
    res.setHeader('refresh', `30; url=/next?sid=${ids[0]}`)
    res.end(
      `<html><head><meta http-equiv="refresh" content="60;url=/m?session_id=${ids[1]}"></head><body>` +
        `<form action="/go?a=1&amp;token=${ids[2]}" method="post"></form>` +
        `<script>var next = "/s?x=1;sid=${ids[3]}"; var back = "/cb#access_token=${ids[4]}&state=1"</script></body></html>`,
    )
  })
  try {
    const { report } = await assess({ target: app.url, scope: FAST, fail_on: 'none' }, { traffic: true })
    assert.ok(JSON.stringify(report.traffic).includes('<form action'), 'the page is in the recorded traffic')
    assert.deepEqual(leaks(report, ids), [])
  } finally {
    await app.close()
  }
})

test('a supplied header in any grammar leaves no part of its key in any format', async () => {
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    // the target reflects the key alone, without the header's scheme, label or quoting
    const raw = String(req.headers['x-api'] ?? '')
    res.end(`<html><body>key: ${raw.slice(raw.indexOf(':') + 1)}</body></html>`)
  })
  try {
    const { report } = await assess(
      { target: app.url, request: { headers: { 'X-Api': `svc:${KEY}` } }, scope: FAST, fail_on: 'none' },
      { traffic: true },
    )
    assert.ok(JSON.stringify(report.traffic).includes('key: '), 'the reflection is in the report')
    assert.deepEqual(leaks(report, [KEY]), [])
  } finally {
    await app.close()
  }
})

test("a mistyped target's error and a spec $ref's error show no more of a secret than its mask", async () => {
  await assert.rejects(assess({ target: `http//127.0.0.1:1/app?token=${KEY}` }), (err: Error) => {
    assert.doesNotMatch(err.message, new RegExp(KEY.slice(0, 5)), err.message)
    assert.match(err.message, /not a valid URL/)
    return true
  })
  const app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'application/json')
    if (req.url === '/openapi.json')
      // a $ref whose 200-character quote ends inside the key the target reflected
      res.end(
        JSON.stringify({
          openapi: '3.0.0',
          info: { title: 't', version: '1' },
          paths: { '/a': { get: { responses: { '200': { $ref: `#/components/responses/${'p'.repeat(163)}${KEY}` } } } } },
        }),
      )
    else res.end('{}')
  })
  try {
    await assert.rejects(
      assess({ target: app.url, spec: `${app.url}/openapi.json`, request: { headers: { 'X-Api-Key': KEY } }, scope: FAST }),
      (err: Error) => {
        assert.match(err.message, /\$ref/)
        assert.doesNotMatch(err.message, new RegExp(KEY.slice(0, 5)), err.message)
        return true
      },
    )
  } finally {
    await app.close()
  }
})
