import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileHistoryStore } from '@sessionguard/history/store'
import { summarize } from '@sessionguard/history'
import { registerHistory, saveToHistory } from '../src/commands/history.js'
import { at, buildReport } from '../../history/test/helpers/report-builder.js'
import { runCommand, testIO } from '../../history/test/helpers/cli-io.js'

const T = 'http://127.0.0.1:8001'
let dir: string
const older = buildReport({ target: T, startedAt: at(0), findings: [{ id: 'SG-COOKIE-SECURE' }] })
const newer = buildReport({ target: T, startedAt: at(10), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }] })
const other = buildReport({
  target: 'http://127.0.0.1:8002',
  startedAt: at(5),
  findings: [{ id: 'SG-LOGOUT' }, { id: 'SG-COOKIE-PREFIX', severity: 'info' }],
})

function run(args: string[]) {
  const io = testIO()
  return runCommand((p) => registerHistory(p, io), args, io)
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-cli-history-'))
  await saveToHistory(older, { dataDir: dir, source: 'cli' })
  await saveToHistory(newer, { dataDir: dir, source: 'action' })
  await saveToHistory(other, { dataDir: dir, source: 'mcp' })
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sessionguard history', () => {
  it('lists the scans of one target with grade, score and findings, oldest first', async () => {
    const r = await run(['history', T, '--data-dir', dir])
    assert.equal(r.code, 0)
    const lines = r.stdout.trim().split('\n')
    assert.match(lines[0]!, /STARTED\s+SCAN\s+TARGET\s+GRADE\s+SCORE\s+FINDINGS\s+SOURCE/)
    assert.equal(lines.length, 3)
    assert.ok(
      lines[1]!.includes(older.scanId) && lines[1]!.includes(` ${older.score.grade} `) && lines[1]!.includes(`${older.score.value}`),
    )
    assert.ok(lines[2]!.includes(newer.scanId) && lines[2]!.includes('2 (1 high, 1 low)') && lines[2]!.includes('action'))
  })

  it('counts info findings in the severity breakdown, so the parts add up to the total', async () => {
    const r = await run(['history', 'http://127.0.0.1:8002', '--data-dir', dir])
    assert.match(r.stdout, / 2 \(1 medium, 1 info\) /)
  })

  it('prints every target as JSON, and --last keeps the newest entries', async () => {
    const all = JSON.parse((await run(['history', '--data-dir', dir, '--format', 'json'])).stdout) as Array<{ scanId: string }>
    assert.deepEqual(
      all.map((e) => e.scanId),
      [older.scanId, other.scanId, newer.scanId],
    )
    const last = JSON.parse((await run(['history', '--data-dir', dir, '--format', 'json', '--last', '1'])).stdout) as Array<{
      scanId: string
    }>
    assert.deepEqual(
      last.map((e) => e.scanId),
      [newer.scanId],
    )
  })

  it('says so when nothing was recorded yet', async () => {
    const r = await run(['history', '--data-dir', join(dir, 'empty')])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /no scans recorded yet/)
  })

  it('shows no letter for a summary an older version wrote for a scan with no fixation check, and --migrate re-derives summaries from their reports', async () => {
    const oldDir = await mkdtemp(join(tmpdir(), 'sg-cli-history-old-'))
    try {
      // a scan where SG-FIX-ADOPT ran but the other two fixation checks did not, and a login-less one, as an older history wrote them
      const partial = buildReport({ target: T, startedAt: at(1), notTested: ['SG-FIX-LOGIN', 'SG-FIX-OLDID'] })
      const loginless = buildReport({ target: T, startedAt: at(2), notTested: ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID'] })
      loginless.score.grade = 'A'
      for (const sub of ['reports', 'index']) await mkdir(join(oldDir, sub), { recursive: true })
      for (const r of [partial, loginless]) {
        const { fixationRan: _, ...summary } = summarize(r, { source: 'monitor' })
        await writeFile(join(oldDir, 'reports', `${r.scanId}.json`), JSON.stringify(r))
        await writeFile(join(oldDir, 'index', `scan-${r.scanId}.json`), JSON.stringify({ ...summary, grade: r.score.grade }))
      }
      const grades = (stdout: string) => (JSON.parse(stdout) as Array<{ grade: string | null }>).map((e) => e.grade)
      assert.deepEqual(grades((await run(['history', '--data-dir', oldDir, '--format', 'json'])).stdout), [null, null])
      const before = await run(['history', '--data-dir', oldDir])
      assert.ok(!/\s(A|B|C|D|F)\s/.test(before.stdout.split('\n').slice(1).join('\n')), before.stdout)
      const migrated = await run(['history', '--data-dir', oldDir, '--format', 'json', '--migrate'])
      assert.equal(migrated.code, 0)
      assert.match(migrated.stderr, /migrated 2 scan summaries from their stored reports/)
      assert.deepEqual(grades(migrated.stdout), ['A', null], 'the letter comes back where a fixation check ran, and only there')
      const fleet = JSON.parse((await run(['history', '--data-dir', oldDir, '--format', 'json', '--fleet'])).stdout) as Array<{
        grade: string | null
      }>
      assert.deepEqual(
        fleet.map((r) => r.grade),
        [null],
        'the latest scan of the target has no fixation evidence',
      )
    } finally {
      await rm(oldDir, { recursive: true, force: true })
    }
  })

  it('rejects an unknown format as a usage error', async () => {
    assert.equal((await run(['history', '--data-dir', dir, '--format', 'xml'])).code, 2)
  })
})

describe('sessionguard diff', () => {
  it('shows new, fixed and unchanged findings between two scans, ids given as prefixes', async () => {
    const r = await run(['diff', older.scanId.slice(0, 8), newer.scanId, '--data-dir', dir])
    assert.equal(r.code, 1, 'a regression exits 1')
    assert.match(r.stdout, /new \(1\)\n {2}\[high\] SG-FIX-LOGIN/)
    assert.match(r.stdout, /fixed \(0\)/)
    assert.match(r.stdout, /unchanged \(1\)\n {2}\[low\] SG-COOKIE-SECURE/)
    assert.match(r.stdout, new RegExp(`grade ${older.score.grade} → ${newer.score.grade}`))
    assert.match(r.stdout, /verdict: REGRESSION/)
  })

  it('prints the diff as JSON', async () => {
    const r = await run(['diff', newer.scanId, older.scanId, '--data-dir', dir, '--format', 'json'])
    assert.equal(r.code, 0, 'no regression, exit 0')
    const d = JSON.parse(r.stdout) as { fixed: Array<{ id: string }>; regression: boolean }
    assert.deepEqual(
      d.fixed.map((f) => f.id),
      ['SG-FIX-LOGIN'],
    )
    assert.equal(d.regression, false)
  })

  it('exits 2 naming the id when a scan is not in the history', async () => {
    const r = await run(['diff', older.scanId, 'ffffffff-0000', '--data-dir', dir])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /no scan with id "ffffffff-0000".*\[SG_HISTORY_NOT_FOUND\]/)
  })

  it('says when a prefix is ambiguous, and how many characters it takes', async () => {
    const ids = ['abcd1234-0000-4000-8000-000000000001', 'abcd1299-0000-4000-8000-000000000002']
    const sub = await mkdtemp(join(tmpdir(), 'sg-cli-prefix-'))
    try {
      for (const [i, scanId] of ids.entries())
        await saveToHistory({ ...buildReport({ target: T, startedAt: at(20 + i) }), scanId }, { dataDir: sub, source: 'cli' })
      const r = await run(['diff', 'abcd', ids[0]!, '--data-dir', sub])
      assert.equal(r.code, 2)
      assert.match(
        r.stderr,
        /scan id prefix "abcd" is ambiguous: it matches 2 scans \(abcd123…, abcd129…\); give at least 7 characters \[SG_HISTORY_AMBIGUOUS\]/,
      )
      const short = await run(['diff', 'ab', ids[0]!, '--data-dir', sub])
      assert.match(short.stderr, /prefix "ab" is too short: give at least 4 characters/)
      const ok = await run(['diff', 'abcd123', 'abcd129', '--data-dir', sub])
      assert.equal(ok.code, 0, ok.stderr)
    } finally {
      await rm(sub, { recursive: true, force: true })
    }
  })

  it('records what saveToHistory is given and nothing else', async () => {
    const stored = await new FileHistoryStore(dir).get(newer.scanId)
    assert.deepEqual(stored?.report, newer)
    assert.equal(stored?.summary.source, 'action')
  })
})
