import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkSource } from '../../../src/source/index.js'
import { readLockfile } from '../../../src/source/lockfiles/index.js'
import { MAX_NESTING } from '../../../src/source/load.js'

// A project is untrusted input: a repository under review, a pull request. The check reads only the
// directory it was given, runs nothing, and a file built to hurt it is left out, not fatal.

const VULNERABLE_LOGIN = [
  "import express from 'express'",
  'const app = express()',
  "app.post('/login', async (req, res) => {",
  "  await ddb.send(new PutItemCommand({ TableName: 't', Item: { session_id: { S: req.cookies.sid }, user_id: { S: 'u' } } }))",
  '})',
  '',
].join('\n')

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-hostile-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

test('a symbolic link out of the directory is never followed: a linked folder, a linked source file, a linked lockfile', async (t) => {
  const base = await tempDir(t)
  const outside = join(base, 'outside')
  const project = join(base, 'project')
  await mkdir(outside)
  await mkdir(join(project, 'src'), { recursive: true })
  await writeFile(join(outside, 'login.ts'), VULNERABLE_LOGIN)
  await writeFile(
    join(outside, 'package-lock.json'),
    JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/passport': { version: '0.5.3' } } }),
  )
  await symlink(outside, join(project, 'linked'))
  await symlink(join(outside, 'login.ts'), join(project, 'src', 'login.ts'))
  await symlink(join(outside, 'package-lock.json'), join(project, 'package-lock.json'))
  await writeFile(join(project, 'src', 'own.ts'), 'export const x = 1\n')
  const r = await checkSource(project)
  assert.deepEqual(r.findings, [], 'nothing behind a link is reported')
  assert.equal(r.summary.files, 1, "only the project's own file is read")
  assert.deepEqual(r.summary.lockfiles, [])
  // the same files inside the directory are found (the links, not the content, were refused)
  const direct = await checkSource(outside)
  assert.deepEqual(direct.findings.map((f) => f.id).sort(), ['SG-SRC-ADVISORY', 'SG-SRC-CLIENT-ID'])
})

test('files nested past the bound, binary files and unparsable text are left out with a note; the rest of the project is still checked', async (t) => {
  const dir = await tempDir(t)
  await writeFile(join(dir, 'brackets.js'), `x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`)
  await writeFile(join(dir, 'calls.ts'), `${'f('.repeat(50_000)}${')'.repeat(50_000)}\n`)
  await writeFile(join(dir, 'sum.js'), `y = ${Array.from({ length: 20_000 }, () => '1').join('+')}\n`)
  await writeFile(join(dir, 'binary.js'), Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)))
  await writeFile(join(dir, 'huge.py'), `x = 1\n${'# filler\n'.repeat(150_000)}`)
  await writeFile(join(dir, 'login.ts'), VULNERABLE_LOGIN)
  const r = await checkSource(dir)
  assert.deepEqual(
    r.findings.map((f) => `${f.id} ${f.code!.location.file}:${f.code!.location.line}`),
    ['SG-SRC-CLIENT-ID login.ts:4'],
  )
  for (const f of ['brackets.js', 'calls.ts', 'sum.js'])
    assert.ok(
      r.summary.skipped.includes(`${f} (nested deeper than ${MAX_NESTING} levels)`),
      `${f} left out: ${r.summary.skipped.join('; ')}`,
    )
  assert.ok(r.summary.skipped.some((s) => s.startsWith('huge.py (larger than 1 MB')))
})

test('a FIFO named like a lockfile or a source file does not hang the check', async (t) => {
  const dir = await tempDir(t)
  const { execFileSync } = await import('node:child_process')
  execFileSync('mkfifo', [join(dir, 'requirements.txt'), join(dir, 'app.js')])
  await writeFile(join(dir, 'login.ts'), VULNERABLE_LOGIN)
  const r = await checkSource(dir)
  assert.deepEqual(
    r.findings.map((f) => f.id),
    ['SG-SRC-CLIENT-ID'],
  )
})

test('lockfiles with odd content are read as far as they are lockfiles, never guessed at', async (t) => {
  // pnpm as each version writes it: v5 /name/version keys, v6 /name@version, v9 quoted keys with peer
  // suffixes and a snapshots: section that repeats the keys; an entry's own version: wins
  const pnpm = [
    "lockfileVersion: '9.0'",
    'packages:',
    '  /passport/0.5.3:',
    '    resolution: {integrity: sha512-A}',
    '  /koa-passport@4.1.4:',
    '    resolution: {integrity: sha512-B}',
    "  '@fastify/passport@2.2.0(fastify@4.0.0)':",
    '    resolution: {integrity: sha512-C}',
    '  github.com/x/passport/abc:',
    '    version: 0.4.0',
    '    resolution: {tarball: x}',
    'snapshots:',
    '  passport@9.9.9:',
    '    dependencies: {}',
    '',
  ].join('\n')
  assert.deepEqual(
    readLockfile('pnpm-lock.yaml', pnpm).map((l) => `${l.name}@${l.version}:${l.line}`),
    ['passport@0.5.3:3', 'koa-passport@4.1.4:5', '@fastify/passport@2.2.0:7', 'github.com/x/passport@0.4.0:9'],
  )
  // JSON that is not a lockfile, keys that are not packages, a prototype key
  assert.deepEqual(readLockfile('package-lock.json', '{"packages": {"__proto__": {"version": "1"}, "": {"version": "1"}}}'), [])
  assert.throws(() => readLockfile('package-lock.json', '{"packages": '))
  assert.deepEqual(readLockfile('yarn.lock', '\u0000\u0001binary\n\n'), [])

  const dir = await tempDir(t)
  await writeFile(join(dir, 'package-lock.json'), '{ not json')
  await writeFile(join(dir, 'Cargo.lock'), Buffer.from([0xff, 0xfe, 0, 1, 2, 3]))
  const r = await checkSource(dir)
  assert.deepEqual(r.findings, [])
  assert.ok(r.summary.skipped.includes('package-lock.json (not a readable lockfile)'), r.summary.skipped.join('; '))
})

test("a large npm lockfile's entries get their lines in one pass (each at its own line)", () => {
  const packages: Record<string, { version: string }> = {}
  for (let i = 0; i < 20_000; i++) packages[`node_modules/pkg${i}`] = { version: '1.0.0' }
  packages['node_modules/passport'] = { version: '0.5.3' }
  const text = JSON.stringify({ lockfileVersion: 3, packages }, null, 2)
  const passport = readLockfile('package-lock.json', text).find((l) => l.name === 'passport')!
  assert.equal(text.split('\n')[passport.line - 1]!.trim(), '"node_modules/passport": {')
})

test('a credential in an excerpt is masked in every format by its shape (cloud key, JWT) and on every line of a multi-line secret', async (t) => {
  const { render } = await import('../../../src/report/render.js')
  const { FORMATS } = await import('../../../src/report/formats.js')
  const { checkReport } = await import('../../../src/run/check.js')
  const dir = await tempDir(t)
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXRlc3Q'
  await writeFile(
    join(dir, 'login.ts'),
    [
      "import express from 'express'",
      'const app = express()',
      "app.post('/login', async (req, res) => {",
      '  const password = `first-line-secret',
      "  second-line-secret`; const t = '" + jwt + "'",
      "  await ddb.send(new PutItemCommand({ TableName: 't', Item: { session_id: { S: req.cookies.sid }, user_id: { S: 'u' } } }))",
      "  const client = new Stripe('sk_live_4eC39HqLyjWDarjtT1zdp7dc'); const aws = 'AKIAIOSFODNN7EXAMPLE'",
      "  const other = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'",
      '})',
      '',
    ].join('\n'),
  )
  const result = await checkSource(dir)
  assert.equal(result.findings.length, 1)
  const report = checkReport(result, dir, new Date())
  for (const format of FORMATS) {
    const text = render(report, format)
    assert.ok(text.includes('PutItemCommand'), `${format} has the excerpt`)
    for (const secret of [
      'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'AKIAIOSFODNN7EXAMPLE',
      'first-line-secret',
      'second-line-secret',
      jwt,
      'wJalrXUtnFEMI',
    ])
      assert.ok(!text.includes(secret), `${format} masks ${secret.slice(0, 12)}`)
  }
})
