// `sessionguard tokens` on hostile input files: garbage, huge lines, control bytes, volume, and
// fast-check samples. Every run ends with a verdict (exit 0/1) or one error line (exit 2), never a crash.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { runCliMeasured, type MeasuredCliResult } from '@sessionguard/testkit'

let dir: string
let runs = 0
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-tokens-hostile-'))
})
after(async () => {
  console.log(`tokens CLI runs on hostile input: ${runs}`)
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function tokensOn(name: string, content: string | Buffer, extra: string[] = []): Promise<MeasuredCliResult> {
  const file = join(dir, name)
  await writeFile(file, content)
  const r = await runCliMeasured(['tokens', file, '--min-samples', '20', ...extra], { timeoutMs: 120_000 })
  runs++
  assert.equal(r.killed, false)
  assert.ok([0, 1, 2].includes(r.code), `exit ${r.code}: ${r.stderr}`)
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace')
  if (r.code === 2) {
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    assert.match(r.stderr, /^sessionguard: error: /)
  } else assert.match(r.stdout, /Verdict: /)
  assert.ok(r.maxRssMiB !== undefined && r.maxRssMiB < 400, `peak RSS ${r.maxRssMiB} MiB`)
  return r
}

describe('sessionguard tokens on hostile files', { concurrency: 2 }, () => {
  test('64 KB of random bytes: a verdict or a one-line error', async () => {
    await tokensOn('garbage.bin', randomBytes(64 * 1024))
  })

  test('one 5 MB line among real ids: analysed, the long line costs no unbounded memory', async () => {
    const ids = Array.from({ length: 200 }, () => randomBytes(16).toString('hex'))
    await tokensOn('huge-line.txt', [...ids.slice(0, 100), 'A'.repeat(5 * 1024 * 1024), ...ids.slice(100)].join('\n'))
  })

  test('NUL, escape and CR bytes inside ids, mixed line endings: nothing raw reaches the terminal', async () => {
    const ids = Array.from(
      { length: 150 },
      (_, i) => `${randomBytes(12).toString('hex')}${['\0', '\x1b[2J', '\r', '\x7f', '\t'][i % 5]}${randomBytes(4).toString('hex')}`,
    )
    const r = await tokensOn('controls.txt', ids.join(['\n', '\r\n'][0]))
    assert.doesNotMatch(r.stdout, /\x1b\[2J/, 'no terminal escape from the input in the output')
  })

  test('bytes that are not UTF-8 inside otherwise random ids', async () => {
    const lines = Array.from({ length: 150 }, () =>
      Buffer.concat([randomBytes(8), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(randomBytes(8).toString('hex'))]),
    )
    await tokensOn('latin.txt', Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])))
  })

  test('20,000 random ids: analysed within the memory bound', async () => {
    const r = await tokensOn('volume.txt', Array.from({ length: 20_000 }, () => randomBytes(16).toString('base64url')).join('\n'))
    assert.equal(r.code, 0, r.stderr)
  })

  test('an empty file and a file of blank lines: exit 2 with one line', async () => {
    assert.equal((await tokensOn('empty.txt', '')).code, 2)
    assert.equal((await tokensOn('blank.txt', '\n \n\t\n\r\n')).code, 2)
  })

  test('fast-check samples of odd lines: a verdict or a one-line error each', async () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.stringMatching(/^[0-9a-f]{8,40}$/),
      fc.uuid(),
      fc.integer().map(String),
    )
    const samples = fc.sample(fc.array(line, { minLength: 0, maxLength: 120 }), { numRuns: 4, seed: 7 })
    for (const [i, sample] of samples.entries()) await tokensOn(`fc-${i}.txt`, sample.join('\n'))
  })
})
