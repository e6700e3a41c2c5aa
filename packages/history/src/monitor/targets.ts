import { dirname, resolve } from 'node:path'
import { loadConfigFile, resolveConfig, type KeyPath, type Position, type PositionOf, type ScanConfigInput } from '@sessionguard/scanner'
import { MonitorConfigError } from '../errors.js'
import { targetKey } from '../store/target-key.js'
import { parseInterval } from './duration.js'

export interface MonitorTarget {
  /** For logs and alerts: `name` from targets.yml, else the target URL. */
  name: string
  config: ScanConfigInput
  everyMs: number
  /** The history key (targetKey of the target URL): what shards, claims and the fleet views go by. */
  key: string
  /** `tags:` from targets.yml, for filtering the fleet views. */
  tags: string[]
}

const MAX_TAGS = 32
const MAX_TAG_LENGTH = 64

/** Reads a scan config file (the scanner's YAML keys) into an object; by default the scanner's own loader, which also knows each key's line. */
export type ConfigFileReader = (path: string) => Promise<ScanConfigInput>

export interface LoadTargetsOptions {
  /** Interval for entries that do not set their own (`--every`); the file's top-level `every` wins over it. */
  defaultEveryMs: number
  readConfigFile?: ConfigFileReader
  env?: NodeJS.ProcessEnv
  /** Variables ${NAME} may read besides SG_* (names, or prefixes ending in *): `--allow-env`. */
  allowEnv?: readonly string[]
}

// keys of a targets.yml entry that belong to the monitor, not to the scan config
const MONITOR_KEYS = new Set(['name', 'every', 'config', 'tags'])

/**
 * targets.yml:
 *   every: 15m                      # optional, default for every entry
 *   targets:
 *     - ./shop.yml                  # a scan config file
 *     - { config: ./admin.yml, every: 1h, name: admin }
 *     - { target: http://127.0.0.1:3000, every: 5m }   # an inline scan config
 *     - { config: ./pay.yml, tags: [payments, eu] }      # tags filter the fleet views
 */
export async function loadTargets(file: string, opts: LoadTargetsOptions): Promise<MonitorTarget[]> {
  const env = opts.env ?? process.env
  // the scanner's rule for every config file: ${…} reads only SG_* variables and those allowed with --allow-env
  const access = { allowEnv: opts.allowEnv ?? [] }
  // the scanner's own YAML loader: ${VAR} and ${VAR:-default}, line:col in every message, the quoting hint
  const loaded = await asMonitorError(() => loadConfigFile(file, env, access, { listKey: 'targets' }))
  const top = loaded.input
  if (!isRecord(top) || !Array.isArray(top.targets) || top.targets.length === 0) {
    throw new MonitorConfigError(`${where(file, loaded.positionOf(['targets']))}: expected a "targets:" list with at least one entry`)
  }
  let defaultEvery = opts.defaultEveryMs
  if (top.every !== undefined) defaultEvery = interval(top.every, `${where(file, loaded.positionOf(['every']))}: every`)
  const base = dirname(resolve(file))
  const out: MonitorTarget[] = []
  for (const [i, raw] of top.targets.entries()) {
    const at = (path: KeyPath): string => where(file, loaded.positionOf(['targets', i, ...path]))
    const label = `targets[${i}]`
    if (typeof raw !== 'string' && !isRecord(raw)) throw new MonitorConfigError(`${at([])}: ${label}: expected a path or a mapping`)
    const entry: Record<string, unknown> = typeof raw === 'string' ? { config: raw } : raw
    let config: ScanConfigInput
    let sources: { positionOf?: PositionOf; source: string }
    if (typeof entry.config === 'string') {
      const path = resolve(base, entry.config)
      if (opts.readConfigFile) {
        config = await asMonitorError(() => opts.readConfigFile!(path))
        sources = { source: path }
      } else {
        const target = await asMonitorError(
          () => loadConfigFile(path, env, access),
          `${at(typeof raw === 'string' ? [] : ['config'])}: ${label}: `,
        )
        config = target.input as ScanConfigInput
        sources = { positionOf: target.positionOf, source: target.source }
      }
    } else {
      config = Object.fromEntries(Object.entries(entry).filter(([k]) => !MONITOR_KEYS.has(k))) as ScanConfigInput
      sources = { positionOf: (p) => loaded.positionOf(['targets', i, ...p]), source: file }
    }
    if (!isRecord(config) || typeof config.target !== 'string' || config.target === '') {
      throw new MonitorConfigError(`${at([])}: ${label}: no "target" URL`)
    }
    // a target the scanner would refuse is refused now, with its line, before any scan: a config to fix, never an outage
    await asMonitorError(() => resolveConfig(config, sources), typeof entry.config === 'string' ? `${label} (${entry.config}): ` : '')
    const everyMs = entry.every === undefined ? defaultEvery : interval(entry.every, `${at(['every'])}: ${label}: every`)
    const name = typeof entry.name === 'string' && entry.name ? entry.name : config.target
    out.push({ name, config, everyMs, key: targetKey(config.target), tags: tags(entry.tags, `${at(['tags'])}: ${label}`) })
  }
  return out
}

/** `file:line:col`, as the scanner's messages write it. */
function where(file: string, pos: Position | undefined): string {
  return pos ? `${file}:${pos.line}:${pos.col}` : file
}

/** The scanner's configuration errors, as the monitor's (same message, the monitor's code). */
async function asMonitorError<T>(fn: () => T | Promise<T>, prefix = ''): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const code = (err as { code?: unknown })?.code
    if (err instanceof MonitorConfigError || typeof code !== 'string' || !code.startsWith('SG_')) throw err
    throw new MonitorConfigError(`${prefix}${(err as Error).message}`, { cause: err })
  }
}

function tags(v: unknown, where: string): string[] {
  if (v === undefined) return []
  const list = typeof v === 'string' ? v.split(',') : v
  if (!Array.isArray(list) || list.length > MAX_TAGS)
    throw new MonitorConfigError(`${where}: tags: expected a list of at most ${MAX_TAGS} words, e.g. tags: [payments, eu]`)
  const out: string[] = []
  for (const t of list) {
    const tag = typeof t === 'string' || typeof t === 'number' ? String(t).trim() : ''
    if (!tag || tag.length > MAX_TAG_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(tag))
      throw new MonitorConfigError(`${where}: tags: ${JSON.stringify(t)} is not a tag (1 to ${MAX_TAG_LENGTH} printable characters)`)
    if (!out.includes(tag)) out.push(tag)
  }
  return out
}

function interval(v: unknown, where: string): number {
  const ms = parseInterval(v)
  if (ms === undefined) throw new MonitorConfigError(`${where}: not an interval: ${JSON.stringify(v)} (use e.g. 30s, 15m, 1h)`)
  return ms
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
