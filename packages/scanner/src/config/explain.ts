import type { core, z } from 'zod'
import { isCredentialParam, maskCredentialParams } from '../text/url-credentials.js'
import { closest } from './check-names.js'
import { flattenIssues } from './issues.js'
import { where, type KeyPath, type PositionOf } from './position.js'
import { expectedAt, keysAt } from './schema-keys.js'

type Issue = core.$ZodIssue

/** Where the values being validated came from, so an error can point at the line or name the flag. */
export interface ValueSources {
  /** The file (config, ignore list, targets file) the values were read from. */
  source?: string | undefined
  positionOf?: PositionOf | undefined
  /**
   * Values given on the command line (or as Action inputs), in the config's shape, with the flag that sets
   * each key (`{ 'login.url': '--login-url' }`): an error about one names the flag instead of a line.
   */
  flags?: { values: Record<string, unknown>; names: Readonly<Record<string, string>> } | undefined
  /** How a key path is shown (default `login.credentials[0].password`). */
  label?: ((path: KeyPath) => string) | undefined
}

/** Keys whose values are never quoted back in an error message: they may be secrets. */
const SECRET_PATH = /(^|\.)(password|credentials|accounts|request|headers|cookies|proxy)(\.|\[|$)/

export function dotted(path: KeyPath): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let v = root
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[k]
  }
  return v
}

/** The value as the user wrote it, in a few words; nothing of it under a key that may hold a secret. */
function shown(value: unknown, path: KeyPath): string {
  if (value === null) return 'an empty value'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  const last = path.findLast((k): k is string => typeof k === 'string')
  if (SECRET_PATH.test(dotted(path)) || (last !== undefined && last !== 'session' && isCredentialParam(last)))
    return typeof value === 'string' ? 'text' : `a ${typeof value}`
  if (typeof value === 'string') {
    // a URL's credentials (login.url: /magic?token=…) masked before the quote is cut: a cut never leaves a prefix
    const text = maskCredentialParams(value)
    return text.length > 60 ? JSON.stringify(`${text.slice(0, 60)}…`) : JSON.stringify(text)
  }
  return String(value)
}

/** The flag that sets this key (or the nearest key above it that a flag sets). */
function flagFor(names: Readonly<Record<string, string>>, path: KeyPath): string | undefined {
  const keys = path.filter((k): k is string => typeof k === 'string')
  for (let n = keys.length; n > 0; n--) {
    const flag = names[keys.slice(0, n).join('.')]
    if (flag) return flag
  }
  return undefined
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** What is wrong with a value, in the config's words rather than the validator's. */
function problem(issue: Issue, schema: z.ZodType, input: unknown): string {
  const path = issue.path as KeyPath
  const got = shown(valueAt(input, path), path)
  // a message the schema wrote for users (a reason, a date, a duration, a check name) says it best
  if (!/^(Too (small|big)|Invalid|Unrecognized)/.test(issue.message)) return issue.message
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union': {
      const expected = expectedAt(schema, path) ?? (issue.code === 'invalid_type' ? issue.expected : 'another form')
      // YAML reads 12345 and true as a number and a boolean: text that looks like one is quoted
      const value = valueAt(input, path)
      const quote = expected === 'text' && (typeof value === 'number' || typeof value === 'boolean') ? ' (quote it to make it text)' : ''
      return `expected ${expected}, got ${got}${quote}`
    }
    case 'invalid_value': {
      const options = issue.values.map(String)
      const near = typeof valueAt(input, path) === 'string' ? closest(String(valueAt(input, path)), options) : undefined
      return `expected one of ${options.join(', ')}, got ${got}${near ? ` (did you mean ${near}?)` : ''}`
    }
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
      if (issue.origin === 'array') return `needs at least ${plural(Number(issue.minimum), 'entry', 'entries')}`
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, got ${got}`
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`
      if (issue.origin === 'array') return `takes at most ${plural(Number(issue.maximum), 'entry', 'entries')}`
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, got ${got}`
    default:
      return issue.message.replace(/^Invalid input: /, '')
  }
}

/** Whether an unknown key beside a missing one is its misspelling (the "did you mean" would name it). */
function misspelt(issues: readonly Issue[], parent: KeyPath, name: string, schema: z.ZodType, input: unknown): boolean {
  const present = new Set(Object.keys((valueAt(input, parent) as object | undefined) ?? {}))
  const known = keysAt(schema, parent).filter((k) => !present.has(k))
  return flattenIssues(issues).some(
    (i) => i.code === 'unrecognized_keys' && dotted(i.path as KeyPath) === dotted(parent) && i.keys.some((k) => closest(k, known) === name),
  )
}

interface Explained {
  text: string
  line: number
  col: number
}

/**
 * One line per problem, in the order they appear in the file: `file:line:col: key: what is wrong`, the
 * nearest valid key for an unknown one (top level included), the flag for a value given by one, and
 * never the validator's own wording or a secret's value.
 */
export function explainIssues(raw: readonly Issue[], schema: z.ZodType, input: unknown, src: ValueSources = {}): string[] {
  const label = src.label ?? dotted
  const out: Explained[] = []
  const at = (path: KeyPath): { loc: string; line: number; col: number } => {
    const pos = src.positionOf?.(path)
    return { loc: src.source ? `${where(src.source, pos)}: ` : '', line: pos?.line ?? Infinity, col: pos?.col ?? 0 }
  }
  for (const issue of flattenIssues(raw)) {
    const path = issue.path as KeyPath
    const flagged = src.flags && valueAt(src.flags.values, path) !== undefined ? flagFor(src.flags.names, path) : undefined
    if (issue.code === 'unrecognized_keys') {
      const present = new Set(Object.keys((valueAt(input, path) as object | undefined) ?? {}))
      const known = keysAt(schema, path).filter((k) => !present.has(k))
      for (const key of issue.keys) {
        const near = closest(key, known)
        const { loc, line, col } = at([...path, key])
        const all = keysAt(schema, path)
        const list = all.length && all.length <= 8 ? ` (${path.length ? label(path) : 'the top level'} takes ${all.join(', ')})` : ''
        out.push({
          text: `${loc}${path.length ? `${label(path)}: ` : ''}unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${near}?)` : list}`,
          line,
          col,
        })
      }
      continue
    }
    const missing = valueAt(input, path) === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')
    if (missing) {
      const parent = path.slice(0, -1)
      const name = String(path[path.length - 1])
      // a misspelling of it next to it ("urll" for url) is reported once, as the unknown key with its "did you mean"
      if (misspelt(raw, parent, name, schema, input)) continue
      const flag = src.flags ? flagFor(src.flags.names, path) : undefined
      const { loc, line, col } = at(parent)
      const inFile = src.source && parent.length > 0 && src.positionOf?.(parent)?.exact
      const into = typeof parent[parent.length - 1] === 'number' ? `to ${label(parent)}` : `under ${label(parent)}:`
      const how = [src.source ? (inFile ? `add ${name}: ${into}` : `add ${label(path)} to ${src.source}`) : '', flag ? `pass ${flag}` : '']
        .filter(Boolean)
        .join(', or ')
      out.push({ text: `${inFile ? loc : ''}${label(path)} is missing${how ? ` (${how})` : ''}`, line, col })
      continue
    }
    if (flagged) {
      out.push({ text: `${flagged}: ${problem(issue, schema, input)}`, line: 0, col: 0 })
      continue
    }
    const { loc, line, col } = at(path)
    out.push({ text: `${loc}${path.length ? `${label(path)}: ` : ''}${problem(issue, schema, input)}`, line, col })
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col).map((e) => e.text)
}
