import { ConfigError } from '../errors.js'
import { MAX_CONFIG_BYTES, parseConfigText } from '../config/load.js'
import type { EnvAccess } from '../config/env-access.js'
import { fileErrorName, readBoundedText } from '../config/read-file.js'
import { dotted, explainIssues } from '../config/explain.js'
import { where, type KeyPath, type PositionOf } from '../config/position.js'
import { ignoreListSchema, type IgnoreEntry } from '../config/triage-schema.js'

/**
 * An --ignore-file: YAML or JSON (JSON is YAML), either a list of entries or a mapping with `ignore:`.
 * Entries are validated here so an error names this file and the entry's line.
 */
export function parseIgnoreText(text: string, source: string, env: NodeJS.ProcessEnv = process.env, access: EnvAccess = {}): IgnoreEntry[] {
  // a bare list is read as { ignore: list }, so the config loader (YAML errors with positions, ${ENV}) serves both shapes
  const loaded = parseConfigText(text, source, env, access, { listKey: 'ignore' })
  const extra = Object.keys(loaded.input).filter((k) => k !== 'ignore')
  if (extra.length) {
    throw new ConfigError(
      `${where(source, loaded.positionOf([extra[0]!]))}: unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')}; an ignore file is a list of entries, or a mapping with only ignore:`,
    )
  }
  const entries = loaded.input.ignore
  const at: PositionOf = (p) => loaded.positionOf(['ignore', ...p])
  const list = entries ?? []
  const parsed = ignoreListSchema.safeParse(list, { reportInput: true })
  if (parsed.success) return parsed.data
  // entries are counted from 1, as a reader counts them
  const label = (p: KeyPath): string =>
    p.length === 0 ? 'the list' : `entry ${Number(p[0]) + 1}${p.length > 1 ? ` ${dotted(p.slice(1))}` : ''}`
  const lines = explainIssues(parsed.error.issues, ignoreListSchema, list, { source, positionOf: at, label })
  throw new ConfigError(lines.slice(0, 5).join('; ') + (lines.length > 5 ? ` (and ${lines.length - 5} more)` : ''))
}

export async function loadIgnoreFile(path: string, env: NodeJS.ProcessEnv = process.env, access: EnvAccess = {}): Promise<IgnoreEntry[]> {
  let text: string | undefined
  try {
    text = await readBoundedText(path, MAX_CONFIG_BYTES)
  } catch (err) {
    throw new ConfigError(`--ignore-file ${path}: cannot read it (${fileErrorName(err)})`)
  }
  if (text === undefined)
    throw new ConfigError(`--ignore-file ${path}: larger than ${MAX_CONFIG_BYTES / 1024} KB; an ignore file is a short list`)
  return parseIgnoreText(text, path, env, access)
}
