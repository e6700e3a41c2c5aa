import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { FileHistoryStore } from '../../src/store/index.js'
import { historyStoreConformance } from '../helpers/conformance.js'
import { buildReport } from '../helpers/report-builder.js'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sg-history-'))
  dirs.push(d)
  return d
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

historyStoreConformance('FileHistoryStore', {
  fresh: async () => new FileHistoryStore(await tempDir()),
  reopen: (store) => new FileHistoryStore((store as FileHistoryStore).dir),
  // the layout has not changed: a report under reports/, its summary under index/
  writeOld: async (store, report, summary) => {
    const dir = (store as FileHistoryStore).dir
    for (const sub of ['reports', 'index']) await mkdir(join(dir, sub), { recursive: true })
    await writeFile(join(dir, 'reports', `${report.scanId}.json`), JSON.stringify(report))
    await writeFile(join(dir, 'index', `scan-${report.scanId}.json`), JSON.stringify(summary))
  },
})

describe('FileHistoryStore on disk', () => {
  it('writes only the report itself and a summary, readable by the owner alone, with no temp files left', async () => {
    const dir = await tempDir()
    const store = new FileHistoryStore(dir)
    const report = buildReport({ findings: [{ id: 'SG-FIX-LOGIN' }] })
    await store.save(report, { source: 'cli' })
    const raw = await readFile(join(dir, 'reports', `${report.scanId}.json`), 'utf8')
    assert.deepEqual(JSON.parse(raw), report)
    assert.deepEqual(await readdir(join(dir, 'index')), [`scan-${report.scanId}.json`])
    assert.deepEqual(await readdir(join(dir, 'tmp')), [])
    assert.equal((await stat(join(dir, 'reports', `${report.scanId}.json`))).mode & 0o077, 0)
    assert.equal((await stat(dir)).mode & 0o077, 0)
  })

  it('lists nothing for a data dir that does not exist yet', async () => {
    const store = new FileHistoryStore(join(await tempDir(), 'never-created'))
    assert.deepEqual(await store.list(), [])
    assert.deepEqual(await store.targets(), [])
  })

  it('keeps every scan written by several processes at the same time', async () => {
    const dir = await tempDir()
    const perProcess = 15
    const script = `
      import { FileHistoryStore } from ${JSON.stringify(new URL('../../src/store/index.ts', import.meta.url).pathname)}
      import { buildReport } from ${JSON.stringify(new URL('../helpers/report-builder.ts', import.meta.url).pathname)}
      const store = new FileHistoryStore(process.argv[1])
      await Promise.all(Array.from({ length: ${perProcess} }, () => store.save(buildReport({ target: 'http://127.0.0.1:4100' }), { source: 'monitor' })))
    `
    const runOne = () =>
      new Promise<number>((ok, fail) => {
        const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script, dir], {
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        child.on('error', fail)
        child.on('exit', (code) => ok(code ?? -1))
      })
    const codes = await Promise.all([runOne(), runOne(), runOne()])
    assert.deepEqual(codes, [0, 0, 0])
    const entries = await new FileHistoryStore(dir).list('http://127.0.0.1:4100')
    assert.equal(entries.length, 3 * perProcess)
    assert.equal(new Set(entries.map((e) => (e.kind === 'scan' ? e.scanId : ''))).size, 3 * perProcess)
  })

  it('names the file when an index entry was corrupted by hand', async () => {
    const dir = await tempDir()
    const store = new FileHistoryStore(dir)
    await store.save(buildReport(), { source: 'cli' })
    const [name] = await readdir(join(dir, 'index'))
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'index', name!), '{not json')
    await assert.rejects(store.list(), (err: Error & { code?: string }) => err.code === 'SG_HISTORY_STORE' && err.message.includes(name!))
  })
})
