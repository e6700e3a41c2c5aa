import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '@sessionguard/testkit'

let dir = ''
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-cli-tokens-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n'

test('tokens <file> prints decoding, statistics, effective bits and a strong verdict for random ids, exit 0', async () => {
  const file = join(dir, 'random.txt')
  writeFileSync(
    file,
    lines(400, () => randomBytes(32).toString('base64url')),
  )
  const r = await runCli(['tokens', file])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /encoding\s+base64url/)
  assert.match(r.stdout, /FIPS 140-2 monobit/)
  assert.match(r.stdout, /chi-square \(bytes\)/)
  assert.match(r.stdout, /Effective entropy: 256 bits/)
  assert.match(r.stdout, /Verdict: STRONG/)
})

test('tokens - reads stdin; a hashed counter is shown with its evidence and predictions, exit 1', async () => {
  const input = lines(300, (i) =>
    createHash('md5')
      .update(String(1042 + i))
      .digest('hex'),
  )
  const r = await runCli(['tokens', '-'], { input })
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stdout, /token \d+ = md5 of token 0's input with counter \+ \d+/)
  assert.match(r.stdout, new RegExp(createHash('md5').update('1342').digest('hex')))
  assert.match(r.stdout, /Verdict: PREDICTABLE/)
})

test('--format json prints the analysis as JSON', async () => {
  const file = join(dir, 'counter.txt')
  writeFileSync(
    file,
    lines(200, (i) => `sess-${1000 + 3 * i}`),
  )
  const r = await runCli(['tokens', file, '--format', 'json'])
  assert.equal(r.code, 1, r.stderr)
  const a = JSON.parse(r.stdout) as { status: string; verdict: string; predictions: string[]; decoding: { prefix: string } }
  assert.equal(a.status, 'analysed')
  assert.equal(a.verdict, 'predictable')
  assert.equal(a.predictions[0], 'sess-1600')
})

test('too few tokens is a usage error that says how many are needed, exit 2', async () => {
  const file = join(dir, 'few.txt')
  writeFileSync(
    file,
    lines(12, () => randomBytes(16).toString('hex')),
  )
  const r = await runCli(['tokens', file])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /need at least 100 samples.*got 12/)
  const lowered = await runCli(['tokens', file, '--min-samples', '10'])
  assert.equal(lowered.code, 0, lowered.stderr)
})

test('an unreadable file and an empty input are usage errors, exit 2', async () => {
  const missing = await runCli(['tokens', join(dir, 'nope.txt')])
  assert.equal(missing.code, 2)
  assert.match(missing.stderr, /cannot read tokens from .*nope\.txt/)
  const empty = await runCli(['tokens', '-'], { input: '\n\n' })
  assert.equal(empty.code, 2)
  assert.match(empty.stderr, /no tokens in stdin/)
})
