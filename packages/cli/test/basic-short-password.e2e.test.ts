// Review r27yr F2 and Q3 (issue #23). F2: the `-u KEY:X` pattern (an API key as the Basic username, a
// one-letter placeholder as its password) made `X` a password searched inside every string of the
// report, object keys included: `text` became `te********t`, the pretty renderer read an absent
// `remediation.text` and the scan died with exit 3 and no artifact. Q3: the username alone, which such
// a target reflects, was never learned, so the key (and its base64) stood in the HAR and the JSON.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { runCli } from '@sessionguard/testkit'

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
let dir: string
let server: Server
let url: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-basic-short-'))
  // a target that reflects the Basic username it is sent, raw and in base64, and hands out a cookie
  // without Secure/SameSite (findings, so every renderer prints a remediation)
  server = createServer((req, res) => {
    const m = /^Basic\s+(\S+)/.exec(req.headers.authorization ?? '')
    const pair = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : ''
    const user = pair.slice(0, Math.max(0, pair.indexOf(':')))
    res.setHeader('set-cookie', `sid=q8ZmP2vL7wXn4Rt9Ks1Yb6Hc; Path=/; HttpOnly`)
    res.setHeader('content-type', 'text/html')
    res.end(
      `<html><body><p>Welcome, example user</p><p>key ${user}</p><p>b64 ${Buffer.from(user).toString('base64')}</p><a href="/account">account</a></body></html>`,
    )
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const addr = server.address()
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
})
after(async () => {
  await new Promise((ok) => server.close(ok))
  await rm(dir, { recursive: true, force: true })
})

const FORMATS = ['json', 'sarif', 'xml', 'md', 'html', 'txt', 'har']

test('-H "Authorization: Basic base64(KEY:X)" renders every format with its keys intact and the key nowhere (r27yr F2, Q3)', async () => {
  const header = `Authorization: Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`
  const outs = FORMATS.map((f) => ['-o', join(dir, `r.${f}`)]).flat()
  const r = await runCli(['scan', url, '-H', header, '--har-all', '--fail-on', 'none', ...outs])
  assert.equal(r.code, 0, r.stderr)
  // the pretty report printed its findings' fixes: the renderer found `remediation.text`
  assert.match(r.stdout, /Fix \(/)
  const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { findings: Array<{ remediation: Record<string, unknown> }> }
  assert.ok(json.findings.length > 0)
  for (const f of json.findings) assert.equal(typeof f.remediation.text, 'string', JSON.stringify(f.remediation))
  const b64 = Buffer.from(KEY).toString('base64')
  for (const [name, text] of [
    ['stdout', r.stdout] as const,
    ...(await Promise.all(FORMATS.map(async (f) => [f, await readFile(join(dir, `r.${f}`), 'utf8')] as const))),
  ]) {
    assert.ok(!text.includes('********t"'), `${name}: a masked key`)
    assert.ok(!text.includes(KEY), `${name}: the key`)
    // its base64 but the last characters, which the bytes after it share
    assert.ok(!text.includes(b64.slice(0, 40)), `${name}: the key's base64`)
  }
  // `X` is masked where it is a whole value, not in every word holding an x
  assert.match(await readFile(join(dir, 'r.json'), 'utf8'), /example/)
})
