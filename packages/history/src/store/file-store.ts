import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ScanReport } from '@sessionguard/scanner'
import { HistoryStoreError } from '../errors.js'
import { isSafeId } from './safe-id.js'
import { compareEntries, shownEntry, shownSummary, stateFromEntries, summarize, targetStatuses } from './summary.js'
import { assertHistoryKey, targetKey } from './target-key.js'
import type {
  Claim,
  HistoryEntry,
  HistoryStore,
  OutageInput,
  OutageRecord,
  ScanMeta,
  ScanSummary,
  StoredScan,
  TargetRegistration,
  TargetState,
  TargetStatus,
} from './types.js'

type Registration = NonNullable<TargetState['registration']>

// file names for keys of any text: a hash, never the text itself
const fileFor = (...parts: string[]): string => `${createHash('sha256').update(parts.join('\u0000')).digest('hex')}.json`

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
    for (const sub of ['reports', 'index', 'tmp', 'fleet', 'claims']) await mkdir(join(this.dir, sub), { recursive: true, mode: 0o700 })
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
    assertHistoryKey(summary.target)
    await this.ensureDirs()
    await this.writeAtomic(join(this.dir, 'reports', `${report.scanId}.json`), JSON.stringify(report))
    await this.writeAtomic(join(this.dir, 'index', `scan-${report.scanId}.json`), JSON.stringify(summary))
    return summary
  }

  async recordOutage(input: OutageInput): Promise<OutageRecord> {
    const outage: OutageRecord = { ...input, kind: 'down', id: randomUUID(), target: targetKey(input.target) }
    assertHistoryKey(outage.target)
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
      if (entry && (key === undefined || entry.target === key)) entries.push(shownEntry(entry))
    }
    return entries.sort(compareEntries)
  }

  async get(scanId: string): Promise<StoredScan | undefined> {
    if (!isSafeId(scanId)) return undefined
    const summary = await this.readJson<ScanSummary>(join(this.dir, 'index', `scan-${scanId}.json`))
    if (!summary) return undefined
    const report = await this.readJson<ScanReport>(join(this.dir, 'reports', `${scanId}.json`))
    return report ? { summary: shownSummary(summary), report } : undefined
  }

  async latest(target: string): Promise<StoredScan | undefined> {
    const scans = (await this.list(target)).filter((e): e is ScanSummary => e.kind === 'scan')
    const last = scans.at(-1)
    return last ? this.get(last.scanId) : undefined
  }

  async targets(): Promise<TargetStatus[]> {
    return targetStatuses(await this.list())
  }

  async state(target: string): Promise<TargetState | undefined> {
    const key = targetKey(target)
    const [entries, registration] = await Promise.all([this.list(key), this.readJson<Registration>(join(this.dir, 'fleet', fileFor(key)))])
    if (entries.length === 0 && !registration) return undefined
    return withRegistration(stateFromEntries(key, entries), registration)
  }

  async fleet(): Promise<TargetState[]> {
    const byTarget = new Map<string, HistoryEntry[]>()
    for (const e of await this.list()) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e])
    const registrations = await this.registrations()
    const keys = new Set([...byTarget.keys(), ...registrations.keys()])
    return [...keys].sort().map((k) => withRegistration(stateFromEntries(k, byTarget.get(k) ?? []), registrations.get(k)))
  }

  async register(targets: TargetRegistration[], at: string): Promise<void> {
    await this.ensureDirs()
    for (const t of targets) {
      const key = targetKey(t.target)
      const path = join(this.dir, 'fleet', fileFor(key))
      const before = await this.readJson<Registration>(path)
      await this.writeAtomic(path, JSON.stringify({ ...t, target: key, registeredAt: before?.registeredAt ?? at }))
    }
  }

  async unregister(targets: string[]): Promise<void> {
    for (const t of targets) await rm(join(this.dir, 'fleet', fileFor(targetKey(t))), { force: true })
  }

  async claim(claim: Claim): Promise<boolean> {
    await this.ensureDirs()
    const path = join(this.dir, 'claims', fileFor(targetKey(claim.target), claim.round, claim.kind))
    try {
      // O_EXCL: of all the processes creating this file, exactly one succeeds
      await writeFile(path, JSON.stringify({ ...claim, at: new Date().toISOString() }), { mode: 0o600, flag: 'wx' })
      return true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw new HistoryStoreError(`could not write the claim ${path}: ${(err as Error).message}`, { cause: err })
    }
  }

  private async registrations(): Promise<Map<string, Registration>> {
    let names: string[]
    try {
      names = await readdir(join(this.dir, 'fleet'))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
      throw new HistoryStoreError(`could not read the fleet in ${this.dir}: ${(err as Error).message}`, { cause: err })
    }
    const out = new Map<string, Registration>()
    for (const name of names) {
      if (!name.endsWith('.json')) continue
      const r = await this.readJson<Registration>(join(this.dir, 'fleet', name))
      if (r) out.set(r.target, r)
    }
    return out
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

function withRegistration(state: TargetState, registration: Registration | undefined): TargetState {
  return registration ? { ...state, registration } : state
}
