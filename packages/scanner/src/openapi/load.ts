import { open, realpath } from 'node:fs/promises'
import { dirname, relative, resolve, isAbsolute } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from '../errors.js'
import type { HttpEngine } from '../http/client.js'
import type { Scope } from '../http/scope.js'
import { dereference, externalRefs, type Documents } from './refs.js'
import { readSpec, type ApiSpec } from './model.js'
import { jsonErrorPlace } from '../config/read-file.js'
import { cutBeforeRedaction } from '../http/excerpt.js'

/** A spec split over more files than this is refused rather than crawled without end. */
const MAX_DOCUMENTS = 25
/** A local spec file larger than this is refused (a remote one is bounded by scope.max_body). */
const MAX_FILE_BYTES = 16 * 1024 * 1024

function parseText(text: string, where: string): unknown {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text)
    } catch (err) {
      // the place, never V8's message, which quotes the document's text
      throw new ConfigError(`spec ${where}: invalid JSON${jsonErrorPlace(err, text)}`)
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000 }) as unknown
  } catch (err) {
    throw new ConfigError(`spec ${where}: invalid YAML: ${(err as Error).message.split('\n')[0]!.split(':')[0]}`)
  }
}

/**
 * Reads one document: a file on disk, or a URL inside the target's origin fetched through the scan's
 * own engine (so scope, rate and budget apply). A spec on another host is refused, as any request would be.
 */
async function fetchDocument(uri: string, http: HttpEngine, scope: Scope, rootDir: string | undefined): Promise<string> {
  if (uri.startsWith('file:')) return readLocal(uri, rootDir)
  if (!scope.inScope(uri))
    throw new ConfigError(`spec: ${uri} is outside the target's origin ${scope.origin}; save it to a file and pass the file`)
  const res = await http.send({ actor: 'scanner', path: uri, note: 'fetches the API description (spec)' })
  if (res.status < 200 || res.status >= 300) throw new ConfigError(`spec: ${uri} answered ${res.status}`)
  if (res.truncated) throw new ConfigError(`spec: ${uri} is larger than scope.max_body`)
  return res.body
}

/**
 * Reads a local document. A referenced file must be a regular file whose real path (symlinks
 * resolved) lies inside the root description's directory, so a description cannot pull in
 * ~/.docker/config.json, /proc/self/environ or /dev/zero.
 */
async function readLocal(uri: string, rootDir: string | undefined): Promise<string> {
  const path = fileURLToPath(uri)
  const fail = (err: unknown): never => {
    throw new ConfigError(`spec: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  const real = await realpath(path).catch(fail)
  if (rootDir !== undefined) {
    const rel = relative(rootDir, real)
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
      throw new ConfigError(`spec: ${path} is outside ${rootDir}; a description may refer only to files in its own directory`)
  }
  const handle = await open(real, 'r').catch(fail)
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new ConfigError(`spec: ${path} is not a regular file`)
    if (info.size > MAX_FILE_BYTES) throw new ConfigError(`spec: ${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`)
    const buf = Buffer.alloc(Math.min(info.size, MAX_FILE_BYTES) + 1)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    if (bytesRead > MAX_FILE_BYTES) throw new ConfigError(`spec: ${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`)
    return buf.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Which documents a description may pull in: a remote one only documents on its own origin (fetched
 * through the scan's engine, so scope, budget and body limit apply); a local one only files.
 */
function allowedReference(root: string, uri: string, spec: string): void {
  const rootUrl = new URL(root)
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new ConfigError(`spec: ${spec} refers to ${JSON.stringify(cutBeforeRedaction(uri, 200))}, which is not a URL`)
  }
  if (rootUrl.protocol === 'file:') {
    if (url.protocol !== 'file:')
      throw new ConfigError(`spec: ${spec} refers to ${url.protocol}//…; a local description may refer only to other files`)
  } else if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== rootUrl.origin) {
    throw new ConfigError(
      `spec: ${spec} refers to ${url.protocol === 'file:' ? 'a local file' : url.origin === 'null' ? url.protocol : url.origin}; a remote description may refer only to documents on ${rootUrl.origin}`,
    )
  }
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
  let rootDir: string | undefined
  if (root.startsWith('file:')) {
    const rootPath = fileURLToPath(root)
    rootDir = dirname(await realpath(rootPath).catch(() => rootPath))
  }
  const docs: Documents = new Map()
  const queue = [root]
  while (queue.length) {
    const uri = queue.shift()!
    if (docs.has(uri)) continue
    if (docs.size >= MAX_DOCUMENTS) throw new ConfigError(`spec: more than ${MAX_DOCUMENTS} documents referenced from ${spec}`)
    if (uri !== root) allowedReference(root, uri, spec)
    const doc = parseText(
      await fetchDocument(uri, http, scope, uri === root ? undefined : rootDir),
      uri.startsWith('file:') ? fileURLToPath(uri) : uri,
    )
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
