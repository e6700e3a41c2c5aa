import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml'
import { ConfigError } from '../errors.js'
import { configSchema, type ScanConfig } from './schema.js'
import { fillBrowserLoginUrl } from './browser-login-schema.js'
import { flattenIssues, issueMessage } from './issues.js'
import { isBrowserStartStep } from './discovery-schema.js'
import { configMayRead, envRefusal, type EnvAccess } from './env-access.js'
import { fileErrorName, readBoundedText } from './read-file.js'

export type KeyPath = Array<string | number>
/** Maps a key path to "line N" in the file it came from, for error messages. */
export type LineOf = (path: KeyPath) => number | undefined

export interface LoadedConfig {
  /** The file's content with ${ENV} interpolated, not yet validated. */
  input: Record<string, unknown>
  lineOf: LineOf
  source: string
}

function lineCounter(text: string): (offset: number) => number {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}

function nodeAt(doc: Document, path: KeyPath): YamlNode | undefined {
  let node: unknown = doc.contents
  let last: unknown = node
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
      if (!pair) return last as YamlNode
      node = pair.value ?? pair.key
      last = pair.key
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
    } else return last as YamlNode
    if (node) last = node
  }
  return (node ?? last) as YamlNode
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * ${NAME} and ${NAME:-default} in any string value; a missing variable is an error that names the key
 * and line, never an empty password, and so is a variable the file may not read (env-access.ts).
 */
function interpolate(value: unknown, path: KeyPath, env: NodeJS.ProcessEnv, lineOf: LineOf, source: string, access: EnvAccess): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_, name: string, fallback: string | undefined) => {
      if (!configMayRead(name, access)) {
        const line = lineOf(path)
        throw new ConfigError(envRefusal(name, `${source}${line ? `:${line}` : ''}: ${path.join('.')}`))
      }
      const v = env[name]
      if (v !== undefined) return v
      if (fallback !== undefined) return fallback
      const line = lineOf(path)
      throw new ConfigError(
        `${source}${line ? `:${line}` : ''}: ${path.join('.')} refers to the environment variable ${name}, which is not set`,
      )
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, lineOf, source, access))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, lineOf, source, access)]))
  }
  return value
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

/** Parses YAML text (a file's content) into a config input with line information; `access` widens the variables ${…} may read. */
export function parseConfigText(
  text: string,
  source = 'config',
  env: NodeJS.ProcessEnv = process.env,
  access: EnvAccess = {},
): LoadedConfig {
  if (text.length > MAX_CONFIG_BYTES)
    throw new ConfigError(`${source}: larger than ${MAX_CONFIG_BYTES / 1024} KB; a config file is a page of settings`)
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' })
  const toLine = lineCounter(text)
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!
    const line = err.linePos?.[0]?.line ?? toLine(err.pos[0])
    throw new ConfigError(`${source}:${line}: invalid YAML: ${err.message.split('\n')[0]}${yamlHint(text, line)}`)
  }
  const lineOf: LineOf = (path) => {
    const node = nodeAt(doc, path)
    return node?.range ? toLine(node.range[0]) : undefined
  }
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (err) {
    // unknown anchors and alias bombs fail here, after parsing; the message's tail names the alias, text of the file
    throw new ConfigError(`${source}: invalid YAML: ${(err as Error).message.split('\n')[0]!.split(':')[0]}`)
  }
  if (raw === null || raw === undefined) throw new ConfigError(`${source}: the file is empty`)
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${source}:1: expected a mapping of settings (target:, login:, …)`)
  const input = interpolate(raw, [], env, lineOf, source, access) as Record<string, unknown>
  return { input, lineOf, source }
}

export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env, access: EnvAccess = {}): Promise<LoadedConfig> {
  let text: string | undefined
  try {
    text = await readBoundedText(path, MAX_CONFIG_BYTES)
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${fileErrorName(err)}`)
  }
  if (text === undefined) throw new ConfigError(`${path}: larger than ${MAX_CONFIG_BYTES / 1024} KB; a config file is a page of settings`)
  return parseConfigText(text, path, env, access)
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

/** Validates a config input (from YAML, flags, an Action or an MCP call) into the engine's config; errors name the key and, for files, the line. */
export function resolveConfig(input: unknown, opts: { lineOf?: LineOf; source?: string } = {}): ScanConfig {
  const parsed = configSchema.safeParse(fillBrowserLoginUrl(input))
  if (parsed.success) {
    assertSessionStart(parsed.data)
    return parsed.data
  }
  const issues = flattenIssues(parsed.error.issues)
  const lines = issues.slice(0, 5).map((issue) => {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)'
    const line = opts.lineOf?.(issue.path as KeyPath)
    const where = opts.source ? `${opts.source}${line ? `:${line}` : ''}: ` : ''
    return `${where}${key}: ${issueMessage(issue, issues)}`
  })
  throw new ConfigError(`invalid configuration: ${lines.join('; ')}`)
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
