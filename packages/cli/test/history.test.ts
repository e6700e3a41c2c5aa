import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FileHistoryStore } from '@sessionguard/history/store'
import { registerHistory, saveToHistory } from '../src/commands/history.js'
import { at, buildReport } from '../../history/test/helpers/report-builder.js'
import { runCommand, testIO } from '../../history/test/helpers/cli-io.js'

const T = 'http://127.0.0.1:8001'
let dir: string
const older = buildReport({ target: T, startedAt: at(0), findings: [{ id: 'SG-COOKIE-SECURE' }] })
const newer = buildReport({ target: T, startedAt: at(10), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }] })
const other = buildReport({ target: 'http://127.0.0.1:8002', startedAt: at(5) })

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
    assert.ok(lines[1]!.includes(older.scanId) && lines[1]!.includes(` ${older.score.grade} `) && lines[1]!.includes(`${older.score.value}`))
    assert.ok(lines[2]!.includes(newer.scanId) && lines[2]!.includes('2 (1 high, 1 low)') && lines[2]!.includes('action'))
  })

  it('prints every target as JSON, and --last keeps the newest entries', async () => {
    const all = JSON.parse((await run(['history', '--data-dir', dir, '--format', 'json'])).stdout) as Array<{ scanId: string }>
    assert.deepEqual(all.map((e) => e.scanId), [older.scanId, other.scanId, newer.scanId])
    const last = JSON.parse((await run(['history', '--data-dir', dir, '--format', 'json', '--last', '1'])).stdout) as Array<{ scanId: string }>
    assert.deepEqual(last.map((e) => e.scanId), [newer.scanId])
  })

  it('says so when nothing was recorded yet', async () => {
    const r = await run(['history', '--data-dir', join(dir, 'empty')])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /no scans recorded yet/)
  })

  it('rejects an unknown format as a usage error', async () => {
    assert.equal((await run(['history', '--data-dir', dir, '--format', 'xml'])).code, 2)
  })
})

describe('sessionguard diff', () => {
  it('shows new, fixed and unchanged findings between two scans, ids given as prefixes', async () => {
    const r = await run(['diff', older.scanId.slice(0, 8), newer.scanId, '--data-dir', dir])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /new \(1\)\n {2}\[high\] SG-FIX-LOGIN/)
    assert.match(r.stdout, /fixed \(0\)/)
    assert.match(r.stdout, /unchanged \(1\)\n {2}\[low\] SG-COOKIE-SECURE/)
    assert.match(r.stdout, new RegExp(`grade ${older.score.grade} → ${newer.score.grade}`))
    assert.match(r.stdout, /verdict: REGRESSION/)
  })

  it('prints the diff as JSON', async () => {
    const d = JSON.parse((await run(['diff', newer.scanId, older.scanId, '--data-dir', dir, '--format', 'json'])).stdout) as { fixed: Array<{ id: string }>; regression: boolean }
    assert.deepEqual(d.fixed.map((f) => f.id), ['SG-FIX-LOGIN'])
    assert.equal(d.regression, false)
  })

  it('exits 2 naming the id when a scan is not in the history', async () => {
    const r = await run(['diff', older.scanId, 'ffffffff-0000', '--data-dir', dir])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /no scan with id "ffffffff-0000".*\[SG_HISTORY_NOT_FOUND\]/)
  })

  it('records what saveToHistory is given and nothing else', async () => {
    const stored = await new FileHistoryStore(dir).get(newer.scanId)
    assert.deepEqual(stored?.report, newer)
    assert.equal(stored?.summary.source, 'action')
  })
})
