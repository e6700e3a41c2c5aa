import { ConfigError } from '../errors.js'
import { MAX_CONFIG_BYTES, parseConfigText } from '../config/load.js'
import type { EnvAccess } from '../config/env-access.js'
import { fileErrorName, readBoundedText } from '../config/read-file.js'
import { ignoreListSchema, type IgnoreEntry } from '../config/triage-schema.js'

/**
 * An --ignore-file: YAML or JSON (JSON is YAML), either a list of entries or a mapping with `ignore:`.
 * Entries are validated here so an error names this file and the entry's line.
 */
export function parseIgnoreText(text: string, source: string, env: NodeJS.ProcessEnv = process.env, access: EnvAccess = {}): IgnoreEntry[] {
  // a bare list is wrapped so the config loader (YAML errors with lines, ${ENV}) serves both shapes
  const firstContent = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#') && l !== '---')
  const looksLikeList = firstContent !== undefined && (firstContent.startsWith('-') || firstContent.startsWith('['))
  let entries: unknown
  let lineOf: (path: Array<string | number>) => number | undefined
  if (looksLikeList) {
    const indented = text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')
    const loaded = parseConfigText(`ignore:\n${indented}`, source, env, access)
    entries = loaded.input.ignore
    lineOf = (p) => {
      const l = loaded.lineOf(['ignore', ...p])
      return l === undefined ? undefined : l - 1
    }
  } else {
    const loaded = parseConfigText(text, source, env, access)
    const extra = Object.keys(loaded.input).filter((k) => k !== 'ignore')
    if (extra.length)
      throw new ConfigError(
        `${source}: unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')}; an ignore file is a list of entries, or a mapping with only ignore:`,
      )
    entries = loaded.input.ignore
    lineOf = (p) => loaded.lineOf(['ignore', ...p])
  }
  const parsed = ignoreListSchema.safeParse(entries ?? [])
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.slice(0, 5).map((issue) => {
    const line = lineOf(issue.path as Array<string | number>)
    const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)'
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (an entry has check, carrier, reason, expires)`
        : issue.message
    return `${source}${line ? `:${line}` : ''}: ${key}: ${message}`
  })
  throw new ConfigError(`invalid ignore file: ${issues.join('; ')}`)
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
