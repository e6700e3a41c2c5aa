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
    const lines: string[] = []
    const report = await scan({ ...(app.config as object), target: proxy.url } as Parameters<typeof scan>[0], {
      onProgress: (e) => lines.push(JSON.stringify(e)),
    })
    // the scan proved the query carrier and logged in: the ids below are the session's, not noise
    assert.deepEqual(report.session.carrier, { kind: 'query', name: 'sid' })
    assert.ok(proxy.tokens.size >= 3, `ids on the wire: ${proxy.tokens.size}`)
    const outputs: Record<string, string> = Object.fromEntries(FORMATS.map((f) => [f, render(report, f, { color: false })]))
    outputs['progress lines'] = lines.join('\n')
    const leaks: string[] = []
    for (const [where, text] of Object.entries(outputs))
      for (const id of proxy.tokens) if (text.includes(id) || text.includes(encodeURIComponent(id))) leaks.push(`${id} in ${where}`)
    assert.deepEqual(leaks, [])
    // the ids are in the report, masked: the test looked where they are
    assert.match(outputs.json!, /sid=[A-Za-z0-9_-]{4}…\[43\]/)
  } finally {
    await proxy.close()
    await app.close()
  }
})
