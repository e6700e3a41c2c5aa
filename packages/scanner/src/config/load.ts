import { isSeq, LineCounter, parseDocument } from 'yaml'
import { ConfigError } from '../errors.js'
import { configSchema, type ScanConfig } from './schema.js'
import { fillBrowserLoginUrl } from './browser-login-schema.js'
import { explainIssues, type ValueSources } from './explain.js'
import { positionOf, where, type KeyPath, type PositionOf } from './position.js'
import { isBrowserStartStep } from './discovery-schema.js'
import { configMayRead, envRefusal, type EnvAccess } from './env-access.js'
import { fileErrorName, readBoundedText } from './read-file.js'
import { refuseOperatorOnlyKeys } from './operator-keys.js'

export type { KeyPath, Position, PositionOf } from './position.js'
/** Maps a key path to "line N" in the file it came from, for error messages. */
export type LineOf = (path: KeyPath) => number | undefined

export interface LoadedConfig {
  /** The file's content with ${ENV} interpolated, not yet validated. */
  input: Record<string, unknown>
  /** Line and column of a key in the file (its deepest existing key when the file lacks it). */
  positionOf: PositionOf
  lineOf: LineOf
  source: string
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * ${NAME} and ${NAME:-default} in any string value; a missing variable is an error that names the key
 * and line, never an empty password, and so is a variable the file may not read (env-access.ts).
 */
function interpolate(value: unknown, path: KeyPath, env: NodeJS.ProcessEnv, at: PositionOf, source: string, access: EnvAccess): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_, name: string, fallback: string | undefined) => {
      if (!configMayRead(name, access)) throw new ConfigError(envRefusal(name, `${where(source, at(path))}: ${path.join('.')}`))
      const v = env[name]
      if (v !== undefined) return v
      if (fallback !== undefined) return fallback
      throw new ConfigError(`${where(source, at(path))}: ${path.join('.')} refers to the environment variable ${name}, which is not set`)
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, at, source, access))
  if (value && typeof value === 'object') {
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, at, source, access)]))
    return secretFromEnv(out, path, env, at, source, access)
  }
  return value
}

/**
 * `totp_secret_env: NAME` names a variable as `${NAME}` does, so the same rule holds (SG_… or what the
 * operator allowed): the file's account gets the secret here, with the file's position on an error.
 */
function secretFromEnv(
  obj: Record<string, unknown>,
  path: KeyPath,
  env: NodeJS.ProcessEnv,
  at: PositionOf,
  source: string,
  access: EnvAccess,
): Record<string, unknown> {
  const name = obj.totp_secret_env
  // both given, or not a name: the schema says what is wrong
  if (typeof name !== 'string' || 'totp_secret' in obj) return obj
  const key = [...path, 'totp_secret_env']
  if (!configMayRead(name, access)) throw new ConfigError(envRefusal(name, `${where(source, at(key))}: ${key.join('.')}`))
  const v = env[name]
  if (v === undefined || v.trim() === '')
    throw new ConfigError(`${where(source, at(key))}: ${key.join('.')} refers to the environment variable ${name}, which is not set`)
  const { totp_secret_env: _name, ...rest } = obj
  return { ...rest, totp_secret: v }
}

/** `{ password: ${SG_PW} }` is a flow map inside a flow map to YAML: the fix is quoting the value. */
function yamlHint(text: string, line: number): string {
  const src = text.split('\n')[line - 1] ?? ''
  const ref = /(?<!["'])\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/.exec(src)
  if (ref && /[{[]/.test(src.slice(0, ref.index))) return ` (hint: inside { } or [ ], quote a \${VAR} value: "${ref[0]}")`
  return ''
}

/** A config is a page of settings; past this it is refused before the YAML parser sees it (a 50 MB file took 1.8 GB). */
export const MAX_CONFIG_BYTES = 1024 * 1024

/** Files that are a list or a mapping holding that list (an ignore file, the monitor's targets). */
export interface ListFileOptions {
  /** A file whose top level is a list is read as `{ [listKey]: list }`, with the positions of the list's entries. */
  listKey?: string
  /** The path was typed by the operator (`-c`): a pipe or /dev/stdin is read as well (see ReadOptions). */
  pipes?: boolean
}

/** Parses YAML text (a file's content) into a config input with positions; `access` widens the variables ${…} may read. */
export function parseConfigText(
  text: string,
  source = 'config',
  env: NodeJS.ProcessEnv = process.env,
  access: EnvAccess = {},
  opts: ListFileOptions = {},
): LoadedConfig {
  if (text.length > MAX_CONFIG_BYTES)
    throw new ConfigError(`${source}: larger than ${MAX_CONFIG_BYTES / 1024} KB; a config file is a page of settings`)
  const lines = new LineCounter()
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error', lineCounter: lines })
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!
    const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0])
    // the parser says "at line 3, column 42:" itself; the position leads the message instead
    const why = (err.message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?\s*$/, '')
    throw new ConfigError(`${where(source, pos)}: invalid YAML: ${why}${yamlHint(text, pos.line)}`)
  }
  const list = opts.listKey !== undefined && isSeq(doc.contents)
  const at: PositionOf = (path) =>
    !list ? positionOf(doc, lines, path) : path[0] === opts.listKey ? positionOf(doc, lines, path.slice(1)) : undefined
  const lineOf: LineOf = (path) => at(path)?.line
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (err) {
    // unknown anchors and alias bombs fail here, after parsing; the message's tail names the alias, text of the file
    throw new ConfigError(`${source}: invalid YAML: ${(err as Error).message.split('\n')[0]!.split(':')[0]}`)
  }
  if (raw === null || raw === undefined) throw new ConfigError(`${source}: the file is empty`)
  if (list) raw = { [opts.listKey!]: raw }
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${source}:1:1: expected a mapping of settings (target:, login:, …)`)
  // before ${…} is read: a refused key is refused whatever it holds
  refuseOperatorOnlyKeys(raw, at, source)
  const input = interpolate(raw, [], env, at, source, access) as Record<string, unknown>
  return { input, positionOf: at, lineOf, source }
}

export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  access: EnvAccess = {},
  opts: ListFileOptions = {},
): Promise<LoadedConfig> {
  let text: string | undefined
  try {
    text = await readBoundedText(path, MAX_CONFIG_BYTES, { pipes: opts.pipes === true })
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${fileErrorName(err)}`)
  }
  if (text === undefined) throw new ConfigError(`${path}: larger than ${MAX_CONFIG_BYTES / 1024} KB; a config file is a page of settings`)
  return parseConfigText(text, path, env, access, opts)
}

/** Deep merge where `over` wins (flags over the file); arrays are replaced, not concatenated. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue
    const b = out[k]
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? mergeConfig(b as Record<string, unknown>, v as Record<string, unknown>)
        : v
  }
  return out
}

/** Where a config's values came from: the file (with positions) and the flags given over it. */
export interface ConfigSources extends Omit<ValueSources, 'label'> {
  /** Line numbers only (older callers); positionOf gives the column too. */
  lineOf?: LineOf | undefined
}

/**
 * Validates a config input (from YAML, flags, an Action or an MCP call) into the engine's config. Errors
 * name each problem's file:line:col (or the flag that gave the value), the nearest valid key for an
 * unknown one, and never the validator's own wording.
 */
export function resolveConfig(input: unknown, opts: ConfigSources = {}): ScanConfig {
  const filled = fillBrowserLoginUrl(input)
  const parsed = configSchema.safeParse(filled, { reportInput: true })
  if (parsed.success) {
    assertSessionStart(parsed.data)
    return parsed.data
  }
  const lineOf = opts.lineOf
  const at: PositionOf | undefined =
    opts.positionOf ?? (lineOf ? (p) => (lineOf(p) === undefined ? undefined : { line: lineOf(p)!, col: 0, exact: true }) : undefined)
  const lines = explainIssues(parsed.error.issues, configSchema, filled, { source: opts.source, positionOf: at, flags: opts.flags })
  const shown = lines.slice(0, 5).join('; ') + (lines.length > 5 ? ` (and ${lines.length - 5} more)` : '')
  // a message that starts with file:line:col is one an editor or terminal can jump to; without a file it says what it is about
  throw new ConfigError(opts.source || opts.flags ? shown : `invalid configuration: ${shown}`)
}

/** Browser steps in `session.start` need the attacker's browser, and a page to start on. */
function assertSessionStart(config: ScanConfig): void {
  const start = config.session === 'auto' ? undefined : config.session.start
  if (!start) return
  const browserSteps = start.filter(isBrowserStartStep)
  if (browserSteps.length === 0) return
  if (browserSteps.length !== start.length)
    throw new ConfigError('session.start: give HTTP requests (url:) or browser steps (open:, click:, fill:, press:, wait:), not both')
  if (!('open' in start[0]!)) throw new ConfigError('session.start: browser steps begin with open: PATH (the page the visitor starts on)')
  if (!config.login) throw new ConfigError('session.start: needs a login (the pre-login session is what the fixation checks attack)')
  if (config.login.type !== 'browser' && !config.login.discovery.browser)
    throw new ConfigError('session.start: browser steps need a browser: login.type: browser, or login.discovery: { browser: true }')
}
