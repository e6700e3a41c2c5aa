import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { ScanConfigInput } from '@sessionguard/scanner'
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

/** Reads a scan config file (the scanner's YAML keys) into an object; injectable so the CLI can use the scanner's own loader. */
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
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new MonitorConfigError(`cannot read ${file}: ${(err as Error).message}`, { cause: err })
  }
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw new MonitorConfigError(`${file} is not valid YAML: ${(err as Error).message}`, { cause: err })
  }
  const top = Array.isArray(doc) ? { targets: doc } : doc
  if (!isRecord(top) || !Array.isArray(top.targets) || top.targets.length === 0) {
    throw new MonitorConfigError(`${file}: expected a "targets:" list with at least one entry`)
  }
  let defaultEvery = opts.defaultEveryMs
  if (top.every !== undefined) defaultEvery = interval(top.every, `${file}: every`)
  const env = opts.env ?? process.env
  // the scanner's rule for every config file, loaded with the engine only when a monitor runs
  const { configMayRead, envRefusal } = await import('@sessionguard/scanner')
  const access: Access = {
    mayRead: (name) => configMayRead(name, { allowEnv: opts.allowEnv ?? [] }),
    refusal: envRefusal,
  }
  const reader = opts.readConfigFile ?? ((p: string) => readYamlConfig(p, env, access))
  const base = dirname(resolve(file))
  const out: MonitorTarget[] = []
  for (const [i, raw] of top.targets.entries()) {
    const where = `${file}: targets[${i}]`
    const entry: Record<string, unknown> = typeof raw === 'string' ? { config: raw } : isRecord(raw) ? raw : {}
    if (typeof raw !== 'string' && !isRecord(raw)) throw new MonitorConfigError(`${where}: expected a path or a mapping`)
    let config: ScanConfigInput
    if (typeof entry.config === 'string') {
      config = await reader(resolve(base, entry.config))
    } else {
      const inline = Object.fromEntries(Object.entries(entry).filter(([k]) => !MONITOR_KEYS.has(k)))
      config = interpolate(inline, env, where, access) as ScanConfigInput
    }
    if (!isRecord(config) || typeof config.target !== 'string' || config.target === '') {
      throw new MonitorConfigError(`${where}: no "target" URL`)
    }
    const everyMs = entry.every === undefined ? defaultEvery : interval(entry.every, `${where}: every`)
    const name = typeof entry.name === 'string' && entry.name ? entry.name : config.target
    out.push({ name, config, everyMs, key: targetKey(config.target), tags: tags(entry.tags, where) })
  }
  return out
}

async function readYamlConfig(path: string, env: NodeJS.ProcessEnv, access: Access): Promise<ScanConfigInput> {
  let doc: unknown
  try {
    doc = parseYaml(await readFile(path, 'utf8'))
  } catch (err) {
    throw new MonitorConfigError(`cannot load scan config ${path}: ${(err as Error).message}`, { cause: err })
  }
  if (!isRecord(doc)) throw new MonitorConfigError(`${path}: expected a mapping of scan config keys`)
  return interpolate(doc, env, path, access) as ScanConfigInput
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

interface Access {
  mayRead(name: string): boolean
  refusal(name: string, where: string): string
}

/**
 * ${NAME} in string values comes from the environment, so passwords stay out of targets.yml; only
 * SG_* variables and those allowed with --allow-env, the scanner's rule for every config file.
 */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, where: string, access: Access): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      if (!access.mayRead(name)) throw new MonitorConfigError(access.refusal(name, where))
      const v = env[name]
      if (v === undefined) throw new MonitorConfigError(`${where}: environment variable ${name} is not set`)
      return v
    })
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, where, access))
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, where, access)]))
  return value
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
