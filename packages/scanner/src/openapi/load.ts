import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from '../errors.js'
import type { HttpEngine } from '../http/client.js'
import type { Scope } from '../http/scope.js'
import { dereference, externalRefs, type Documents } from './refs.js'
import { readSpec, type ApiSpec } from './model.js'

/** A spec split over more files than this is refused rather than crawled without end. */
const MAX_DOCUMENTS = 25

function parseText(text: string, where: string): unknown {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text)
    } catch (err) {
      throw new ConfigError(`spec ${where}: invalid JSON: ${(err as Error).message}`)
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000 }) as unknown
  } catch (err) {
    throw new ConfigError(`spec ${where}: invalid YAML: ${(err as Error).message.split('\n')[0]}`)
  }
}

/**
 * Reads one document: a file on disk, or a URL inside the target's origin fetched through the scan's
 * own engine (so scope, rate and budget apply). A spec on another host is refused, as any request would be.
 */
async function fetchDocument(uri: string, http: HttpEngine, scope: Scope): Promise<string> {
  if (uri.startsWith('file:')) {
    const path = fileURLToPath(uri)
    try {
      return await readFile(path, 'utf8')
    } catch (err) {
      throw new ConfigError(`spec: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
  }
  if (!scope.inScope(uri)) throw new ConfigError(`spec: ${uri} is outside the target's origin ${scope.origin}; save it to a file and pass the file`)
  const res = await http.send({ actor: 'scanner', path: uri, note: 'fetches the API description (spec)' })
  if (res.status < 200 || res.status >= 300) throw new ConfigError(`spec: ${uri} answered ${res.status}`)
  if (res.truncated) throw new ConfigError(`spec: ${uri} is larger than scope.max_body`)
  return res.body
}

/** Where `spec` points: an http(s) URL, or a file path relative to the working directory. */
export function specUri(spec: string): string {
  if (/^https?:\/\//i.test(spec)) return new URL(spec).href
  if (spec.startsWith('file:')) return spec
  return pathToFileURL(resolve(spec)).href
}

/** Loads, resolves and reads an OpenAPI 3.0/3.1 or Swagger 2.0 document with every $ref it uses. */
export async function loadSpec(spec: string, http: HttpEngine, scope: Scope): Promise<ApiSpec> {
  const root = specUri(spec)
  const docs: Documents = new Map()
  const queue = [root]
  while (queue.length) {
    const uri = queue.shift()!
    if (docs.has(uri)) continue
    if (docs.size >= MAX_DOCUMENTS) throw new ConfigError(`spec: more than ${MAX_DOCUMENTS} documents referenced from ${spec}`)
    if (!uri.startsWith('file:') && root.startsWith('file:')) throw new ConfigError(`spec: ${spec} refers to ${uri}; only references to other files are followed`)
    const doc = parseText(await fetchDocument(uri, http, scope), uri.startsWith('file:') ? fileURLToPath(uri) : uri)
    docs.set(uri, doc)
    for (const next of externalRefs(doc, uri)) if (!docs.has(next)) queue.push(next)
  }
  return readSpec(dereference(docs, root), spec)
}

const cache = new WeakMap<HttpEngine, Promise<ApiSpec>>()

/** One load per scan: the login proposals and the authorization probe read the same document. */
export function specForScan(spec: string, http: HttpEngine, scope: Scope): Promise<ApiSpec> {
  let p = cache.get(http)
  if (!p) {
    p = loadSpec(spec, http, scope)
    cache.set(http, p)
  }
  return p
}
