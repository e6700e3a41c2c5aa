import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ScanReport } from '@sessionguard/scanner'
import { HistoryStoreError } from '../errors.js'
import { isSafeId } from './safe-id.js'
import { compareEntries, summarize, targetStatuses } from './summary.js'
import { targetKey } from './target-key.js'
import type { HistoryEntry, HistoryStore, OutageInput, OutageRecord, ScanMeta, ScanSummary, StoredScan, TargetStatus } from './types.js'

/**
 * One file per scan: a report under reports/, its summary under index/ (written second, so a listing
 * never names a report that is not there yet). Every write goes to a unique temp file and is renamed
 * into place, so a reader sees whole files only and concurrent writers never overwrite each other.
 */
export class FileHistoryStore implements HistoryStore {
  readonly dir: string

  constructor(dir: string) {
    this.dir = dir
  }

  private async ensureDirs(): Promise<void> {
    // 0700: reports are redacted but still describe weaknesses of the scanned apps
    for (const sub of ['reports', 'index', 'tmp']) await mkdir(join(this.dir, sub), { recursive: true, mode: 0o700 })
  }

  private async writeAtomic(path: string, data: string): Promise<void> {
    const tmp = join(this.dir, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}.tmp`)
    try {
      await writeFile(tmp, data, { mode: 0o600, flag: 'wx' })
      await rename(tmp, path)
    } catch (err) {
      await rm(tmp, { force: true })
      throw new HistoryStoreError(`could not write ${path}: ${(err as Error).message}`, { cause: err })
    }
  }

  async save(report: ScanReport, meta: ScanMeta): Promise<ScanSummary> {
    if (!isSafeId(report.scanId)) throw new HistoryStoreError(`refusing to store a scan with id ${JSON.stringify(report.scanId)}`)
    const summary = summarize(report, meta)
    await this.ensureDirs()
    await this.writeAtomic(join(this.dir, 'reports', `${report.scanId}.json`), JSON.stringify(report))
    await this.writeAtomic(join(this.dir, 'index', `scan-${report.scanId}.json`), JSON.stringify(summary))
    return summary
  }

  async recordOutage(input: OutageInput): Promise<OutageRecord> {
    const outage: OutageRecord = { ...input, kind: 'down', id: randomUUID(), target: targetKey(input.target) }
    await this.ensureDirs()
    await this.writeAtomic(join(this.dir, 'index', `down-${outage.id}.json`), JSON.stringify(outage))
    return outage
  }

  async list(target?: string): Promise<HistoryEntry[]> {
    let names: string[]
    try {
      names = await readdir(join(this.dir, 'index'))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new HistoryStoreError(`could not read the history in ${this.dir}: ${(err as Error).message}`, { cause: err })
    }
    const key = target === undefined ? undefined : targetKey(target)
    const entries: HistoryEntry[] = []
    for (const name of names) {
      if (!name.endsWith('.json')) continue
      const entry = await this.readJson<HistoryEntry>(join(this.dir, 'index', name))
      if (entry && (key === undefined || entry.target === key)) entries.push(entry)
    }
    return entries.sort(compareEntries)
  }

  async get(scanId: string): Promise<StoredScan | undefined> {
    if (!isSafeId(scanId)) return undefined
    const summary = await this.readJson<ScanSummary>(join(this.dir, 'index', `scan-${scanId}.json`))
    if (!summary) return undefined
    const report = await this.readJson<ScanReport>(join(this.dir, 'reports', `${scanId}.json`))
    return report ? { summary, report } : undefined
  }

  async latest(target: string): Promise<StoredScan | undefined> {
    const scans = (await this.list(target)).filter((e): e is ScanSummary => e.kind === 'scan')
    const last = scans.at(-1)
    return last ? this.get(last.scanId) : undefined
  }

  async targets(): Promise<TargetStatus[]> {
    return targetStatuses(await this.list())
  }

  async close(): Promise<void> {}

  private async readJson<T>(path: string): Promise<T | undefined> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new HistoryStoreError(`could not read ${path}: ${(err as Error).message}`, { cause: err })
    }
    try {
      return JSON.parse(text) as T
    } catch (err) {
      throw new HistoryStoreError(`${path} is not valid JSON (edited by hand?): ${(err as Error).message}`, { cause: err })
    }
  }
}
