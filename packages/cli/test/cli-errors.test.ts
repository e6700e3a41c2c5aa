import assert from 'node:assert/strict'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, runCli } from '@sessionguard/testkit'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-errors-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('-o into a missing directory creates it before the scan starts', async () => {
  const out = join(dir, 'reports', 'nested', 'r.json')
  const port = await freePort()
  const r = await runCli(['scan', `http://127.0.0.1:${port}`, '-o', out, '-q'])
  // the target is down (exit 3), but the directory was made before the first request
  assert.equal(r.code, 3, r.stderr)
  assert.ok((await stat(join(dir, 'reports', 'nested'))).isDirectory())
})

test('-o somewhere that cannot be written is exit 2 before scanning, never 3 after', async () => {
  const file = join(dir, 'a-file')
  await writeFile(file, '')
  const port = await freePort()
  const r = await runCli(['scan', `http://127.0.0.1:${port}`, '-o', join(file, 'r.json'), '-q'])
  assert.equal(r.code, 2, r.stderr)
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  assert.match(r.stderr, /--output .*r\.json: cannot write into .*a-file \(E[A-Z]+\); choose another path \[SG_CONFIG\]/)
})
