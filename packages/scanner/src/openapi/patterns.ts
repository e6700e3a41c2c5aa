import { ConfigError } from '../errors.js'
import { escapeRegExp as escapeRe } from '../text/escape-regexp.js'

// Object templates ("/orders/{id}", "DELETE /orders/{id}") and the public allow-list ("/announcements/*").
// Both are matched against a URL's path only: the query string rarely names the object in the APIs
// this check targets, and matching it would make every tracking parameter a different object.

export const SAFE_METHODS = ['GET', 'HEAD'] as const
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

export interface ObjectTemplate {
  method: string
  /** Path with `{name}` placeholders, e.g. /orders/{order_id}. */
  template: string
  params: string[]
  /** Where it came from, for the report: "objects:" or "spec GET /orders/{id}". */
  source: string
}

export function isSafeMethod(method: string): boolean {
  return (SAFE_METHODS as readonly string[]).includes(method.toUpperCase())
}

export function paramsOf(template: string): string[] {
  return [...template.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]!)
}

/** Parses an `objects:` entry: an optional method, then a path or template. */
export function parseObjectEntry(entry: string, source = 'objects:'): ObjectTemplate {
  const m = entry.trim().match(/^(?:([A-Za-z]+)\s+)?(\S+)$/)
  const method = (m?.[1] ?? 'GET').toUpperCase()
  if (!m || !METHODS.includes(method)) throw new ConfigError(`objects: ${JSON.stringify(entry)} is not "[METHOD] /path/{id}"`)
  let path = m[2]!
  if (/^https?:\/\//i.test(path)) path = decodeURI(new URL(path).pathname)
  if (!path.startsWith('/')) throw new ConfigError(`objects: ${JSON.stringify(entry)} must be a path starting with /`)
  return { method, template: path, params: paramsOf(path), source }
}

function templateRegex(template: string): RegExp {
  const parts = template.split(/(\{[^}/]+\})/).map((p) => (/^\{[^}/]+\}$/.test(p) ? '([^/]+)' : escapeRe(p)))
  return new RegExp(`^${parts.join('')}/?$`)
}

/** The parameter values when `pathname` instantiates `template`, else undefined. */
export function matchTemplate(template: string, pathname: string): Record<string, string> | undefined {
  const m = pathname.match(templateRegex(template))
  if (!m) return undefined
  const names = paramsOf(template)
  const out: Record<string, string> = {}
  names.forEach((n, i) => {
    out[n] = safeDecode(m[i + 1]!)
  })
  return out
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}/]+)\}/g, (_, n: string) => encodeURIComponent(values[n] ?? ''))
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * The public allow-list: `*` is any run of characters inside one path segment, `**` anything,
 * `{name}` one segment; a pattern with `?` is matched against path and query.
 */
export function publicMatcher(patterns: string[]): (pathAndQuery: string) => boolean {
  const res = patterns.map((p) => {
    let pat = p.trim()
    if (/^https?:\/\//i.test(pat)) {
      const u = new URL(pat)
      pat = `${u.pathname}${u.search}`
    }
    const withQuery = pat.includes('?')
    const body = pat
      .split(/(\*\*|\*|\{[^}/]+\})/)
      .map((t) => (t === '**' ? '.*' : t === '*' ? '[^/]*' : /^\{[^}/]+\}$/.test(t) ? '[^/]+' : escapeRe(t)))
      .join('')
    return { re: new RegExp(`^${body}${withQuery ? '' : '/?'}$`), withQuery }
  })
  return (pathAndQuery) => {
    const u = new URL(pathAndQuery, 'http://x.invalid')
    const path = safeDecode(u.pathname)
    return res.some(({ re, withQuery }) => re.test(withQuery ? `${path}${u.search}` : path))
  }
}
