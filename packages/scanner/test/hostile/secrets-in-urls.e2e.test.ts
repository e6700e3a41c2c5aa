// A session carried only in the URL (`?sid=`, no cookie) is never Set-Cookie'd: its ids appear only in
// request URLs and `Location` answers. Every one the target issued or accepted (the scanner's logged-in
// session, the pre-login ids, the planted ones) must be masked in every report format and progress line.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startQuerySessionApp } from '@sessionguard/testkit'
import { startRecordingProxy } from './recording-proxy.js'

test('a scan of a query-carried session shows no id the target issued or accepted in any report format or progress line', async () => {
  const app = await startQuerySessionApp()
  const proxy = await startRecordingProxy(app.url, { sessionCookies: [], queryParams: ['sid'] })
  try {
    const config = { ...(app.config as object), target: proxy.url } as Parameters<typeof scan>[0]
    // without a progress listener (MCP, --quiet) the report learns the ids at the end; with one, as the lines are printed
    const quiet = await scan(config)
    const lines: string[] = []
    const report = await scan(config, { onProgress: (e) => lines.push(JSON.stringify(e)) })
    // the scan proved the query carrier and logged in: the ids below are the session's, not noise
    assert.deepEqual(quiet.session.carrier, { kind: 'query', name: 'sid' })
    assert.ok(proxy.tokens.size >= 6, `ids on the wire: ${proxy.tokens.size}`)
    const outputs: Record<string, string> = {}
    for (const [run, r] of [
      ['quiet', quiet],
      ['with progress', report],
    ] as const)
      for (const f of FORMATS) outputs[`${f} (${run})`] = render(r, f, { color: false })
    outputs['progress lines'] = lines.join('\n')
    const leaks: string[] = []
    for (const [where, text] of Object.entries(outputs))
      for (const id of proxy.tokens) if (text.includes(id) || text.includes(encodeURIComponent(id))) leaks.push(`${id} in ${where}`)
    assert.deepEqual(leaks, [])
    // the ids are in the report, masked: the test looked where they are
    // (by their length alone when issued after the password reached the target: r25c)
    assert.match(outputs['json (quiet)']!, /sid=(?:[A-Za-z0-9_-]{4}|\*{4})…\[43\]/)
  } finally {
    await proxy.close()
    await app.close()
  }
})

test('a query-carried session scanned without login shows none of the ids the target handed out, even in the recorded traffic', async () => {
  const app = await startQuerySessionApp()
  const proxy = await startRecordingProxy(app.url, { sessionCookies: [], queryParams: ['sid'] })
  try {
    // no login settings: no carrier is proven, the ids come only from the target's redirects to /login?sid=…
    const report = await scan({ target: `${proxy.url}/login` }, { traffic: true })
    assert.equal(report.session.loginConfigured, false)
    assert.ok(proxy.tokens.size >= 1, `ids on the wire: ${proxy.tokens.size}`)
    const leaks: string[] = []
    for (const f of FORMATS) {
      const text = render(report, f, { color: false })
      for (const id of proxy.tokens) if (text.includes(id) || text.includes(encodeURIComponent(id))) leaks.push(`${id} in ${f}`)
    }
    assert.deepEqual(leaks, [])
    assert.match(render(report, 'json'), /sid=[A-Za-z0-9_-]{4}…\[43\]/)
  } finally {
    await proxy.close()
    await app.close()
  }
})

test('a token the operator put in the target URL query or fragment is a secret in every format; an ordinary parameter is shown', async () => {
  const app = await startQuerySessionApp()
  const sid = 'TargetUrlSid0123456789abcdefXYZ'
  const token = 'TargetUrlTok0123456789abcdefXYZ'
  try {
    for (const target of [
      `${app.url}/account?sid=${sid}&lang=en`,
      `${app.url}/?access_token=${token}&lang=en`,
      `${app.url}/#access_token=${token}&lang=en`,
    ]) {
      const report = await scan({ target })
      const leaks: string[] = []
      for (const f of FORMATS) {
        const text = render(report, f, { color: false })
        for (const secret of [sid, token]) if (text.includes(secret)) leaks.push(`${secret} in ${f}`)
      }
      assert.deepEqual(leaks, [], target)
      assert.match(report.target, /[?&]lang=en/)
      assert.doesNotMatch(report.target, /TargetUrl/)
    }
  } finally {
    await app.close()
  }
})
