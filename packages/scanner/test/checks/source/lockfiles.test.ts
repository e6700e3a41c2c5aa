import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { checkSource } from '../../../src/source/index.js'
import { ADVISORIES, type Advisory } from '../../../src/source/advisories/data.js'
import { compareVersions, inRange } from '../../../src/source/advisories/versions.js'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

const advisories = async (dir: string, list?: readonly Advisory[]): Promise<string[]> => {
  const r = await checkSource(dir, { cwd: fixtures, ...(list ? { advisories: list } : {}) })
  return r.findings
    .filter((f) => f.id === 'SG-SRC-ADVISORY')
    .map(
      (f) =>
        `${f.code!.location.file}:${f.code!.location.line} ${f.code!.advisory!.package}@${f.code!.advisory!.version}${f.code!.advisory!.via ? ` via ${f.code!.advisory!.via.join('>')}` : ''}`,
    )
    .sort()
}

test("every advisory of the data is matched against the resolved version in each lockfile format, at the entry's line", async () => {
  assert.deepEqual(await advisories('lockfiles-vulnerable'), [
    'lockfiles-vulnerable/npm-v1/package-lock.json:8 passport@0.4.1 via koa-passport',
    'lockfiles-vulnerable/package-lock.json:15 passport@0.4.1 via koa-passport',
    'lockfiles-vulnerable/package-lock.json:8 passport@0.5.3',
    'lockfiles-vulnerable/pnpm-lock.yaml:11 @fastify/passport@2.2.0',
    'lockfiles-vulnerable/py-poetry/poetry.lock:1 Django@1.8.1',
    'lockfiles-vulnerable/py-uv/uv.lock:4 apache-airflow@2.6.3',
    'lockfiles-vulnerable/requirements.txt:3 aiohttp-session@2.3.0',
    'lockfiles-vulnerable/yarn-berry/yarn.lock:4 passport@0.5.2',
    'lockfiles-vulnerable/yarn.lock:5 express-openid-connect@2.5.1',
  ])
  const covered = new Set((await checkSource('lockfiles-vulnerable', { cwd: fixtures })).findings.map((f) => f.code!.advisory!.source))
  assert.deepEqual([...covered].sort(), ADVISORIES.map((a) => a.source).sort(), 'each advisory of the data has a fixture')
})

test('the fixed versions of the same lockfiles report nothing', async () => {
  assert.deepEqual(await advisories('lockfiles-fixed'), [])
})

test('Cargo.lock entries are matched like the others, at their [[package]] line (an advisory list given by the caller)', async () => {
  const list: Advisory[] = [
    {
      ecosystem: 'crates',
      package: 'example-sessions',
      ranges: [{ fixed: '0.4.0' }],
      ids: ['TEST-1'],
      severity: 'high',
      summary: 'test entry',
      source: 'test',
      fix: '0.4.0',
    },
  ]
  assert.deepEqual(await advisories('lockfiles-vulnerable', list), ['lockfiles-vulnerable/rust/Cargo.lock:8 example-sessions@0.3.0'])
  assert.deepEqual(await advisories('lockfiles-fixed', list), [])
})

test('versions order as the ecosystems do: pre-releases before the release, numeric segments, PEP 440 tags', () => {
  assert.ok(compareVersions('0.5.3', '0.6.0')! < 0)
  assert.ok(compareVersions('0.10.0', '0.6.0')! > 0)
  assert.ok(compareVersions('2.7.0rc1', '2.7.0rc2')! < 0)
  assert.ok(compareVersions('2.7.0rc2', '2.7.0')! < 0)
  assert.ok(compareVersions('1.8a1', '1.8')! < 0)
  assert.ok(compareVersions('1.0.0-beta.2', '1.0.0')! < 0)
  assert.ok(compareVersions('1.0.post1', '1.0')! > 0)
  assert.equal(inRange('2.5.1', { introduced: '2.3.0', fixed: '2.5.2' }), true)
  assert.equal(inRange('2.2.9', { introduced: '2.3.0', fixed: '2.5.2' }), false)
  assert.equal(inRange('2.5.2', { introduced: '2.3.0', fixed: '2.5.2' }), false)
  assert.equal(inRange('not-a-version', { fixed: '1.0.0' }), false)
})

test('a baseline of an earlier check suppresses the same findings and lets a new one fail the gate', async () => {
  const { assessSource } = await import('../../../src/run/check.js')
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const { tmpdir } = await import('node:os')
  const { render } = await import('../../../src/report/render.js')
  const dir = await mkdtemp(join(tmpdir(), 'sg-baseline-'))
  const first = await assessSource('lockfiles-vulnerable', { cwd: fixtures })
  assert.equal(first.verdict.passed, false)
  const file = join(dir, 'baseline.json')
  await writeFile(file, render(first.report, 'json'))
  const again = await assessSource('lockfiles-vulnerable', { cwd: fixtures, baseline: file })
  assert.equal(again.verdict.passed, true, again.verdict.reasons.join('; '))
  assert.equal(again.report.suppressed?.length, first.report.findings.length)
  const moved = JSON.parse(render(first.report, 'json')) as { findings: Array<{ code: { location: { file: string } } }> }
  moved.findings = moved.findings.filter((f) => !f.code.location.file.endsWith('yarn.lock'))
  await writeFile(file, JSON.stringify(moved))
  // findings the baseline does not have are new: they fail a gate at medium (the yarn.lock advisories are medium)
  const partial = await assessSource('lockfiles-vulnerable', { cwd: fixtures, baseline: file, failOn: 'medium' })
  assert.deepEqual(partial.report.findings.map((f) => f.code!.location.file.split('/').slice(1).join('/')).sort(), [
    'yarn-berry/yarn.lock',
    'yarn.lock',
  ])
  assert.equal(partial.verdict.passed, false)
})
