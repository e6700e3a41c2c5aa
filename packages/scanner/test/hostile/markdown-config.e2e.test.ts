// Issue 15 item 11: the Markdown report shows an apostrophe as an apostrophe (no `&\#39;`), and a
// config file is capped in size before the YAML parser allocates for it.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfigFile, parseConfigText, render, scan } from '@sessionguard/scanner'
import { startHostileApp, startReflectingLogin } from '@sessionguard/testkit'

test("a scan's Markdown report: the victim's apostrophe and target text with & < ' are escaped once", async () => {
  const app = await startReflectingLogin()
  try {
    const report = await scan(app.config as Parameters<typeof scan>[0])
    const md = render(report, 'markdown', { color: false })
    assert.match(md, /victim/, 'the report speaks of the victim')
    assert.doesNotMatch(md, /&\\#|&amp;#39;|&amp;amp;/, 'no entity is escaped twice')
    assert.match(md, /victim(&#39;|')s/)
  } finally {
    await app.close()
  }
})

test("a target's title with an apostrophe and markup in the Markdown notes", async () => {
  const app = await startHostileApp((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ swagger: '2.0', info: { title: "Bob's <b>API</b> & #1", version: '1' }, paths: {} }))
  })
  try {
    const report = await scan({ target: app.url, spec: `${app.url}/openapi.json`, scope: { timeout: 2000, budget: 10_000 } })
    const md = render(report, 'markdown', { color: false })
    assert.ok(md.includes('Bob&#39;s &lt;b&gt;API&lt;/b&gt; &amp; \\#1'), md)
  } finally {
    await app.close()
  }
})

test('a config file over the cap is refused before it is parsed, quickly and in little memory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-config-cap-'))
  try {
    const path = join(dir, 'big.yaml')
    await writeFile(path, `target: http://127.0.0.1:9\nnotes: [${'"x", '.repeat((10 * 1024 * 1024) / 5)}"x"]\n`)
    const before = process.memoryUsage().rss
    await assert.rejects(loadConfigFile(path), (e: unknown) => e instanceof ConfigError && /larger than 1024 KB/.test((e as Error).message))
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024)
    assert.throws(() => parseConfigText('a: 1\n'.repeat(300_000)), /larger than 1024 KB/)
    await assert.rejects(loadConfigFile('/dev/zero'), /not a regular file/)
    await assert.rejects(loadConfigFile('/dev/zero', {}, {}, { pipes: true }), /larger than 1024 KB/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
