import { ConfigError } from '../errors.js'

// One shape for OpenAPI 3.0/3.1 and Swagger 2.0 (after $ref resolution): the operations, what each
// one says about authentication, and the declared security schemes.

export type SecurityDeclaration = 'secured' | 'public' | 'unspecified'

export interface ApiOperation {
  method: string
  /** Path template including the base path (Swagger basePath, OpenAPI servers[0] path). */
  path: string
  pathParams: string[]
  operationId?: string
  summary?: string
  security: SecurityDeclaration
  /** Names of the schemes one of which the operation requires. */
  schemes: string[]
  /** Fields of the request body, when it has properties (login proposals need them). */
  body?: { type: 'json' | 'form'; fields: string[] }
}

export interface SecurityScheme {
  name: string
  /** apiKey, http, oauth2, openIdConnect, basic (2.0) */
  type: string
  in?: string
  /** The cookie, header or query parameter an apiKey scheme names. */
  paramName?: string
  /** For http schemes: bearer, basic. */
  scheme?: string
}

export interface ApiSpec {
  /** Where it was read from (file path or URL). */
  source: string
  version: string
  title?: string
  operations: ApiOperation[]
  schemes: SecurityScheme[]
}

type Obj = Record<string, unknown>
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function basePathOf(doc: Obj, swagger: boolean): string {
  let base = ''
  if (swagger) base = str(doc.basePath) ?? ''
  else {
    const url = str(obj(arr(doc.servers)[0]).url)
    if (url) {
      // only the path of a server URL matters: the scan talks to its own target, never to the spec's host
      const withVars = url.replace(
        /\{([^}]+)\}/g,
        (_, name: string) => str(obj(obj(obj(arr(doc.servers)[0]).variables)[name]).default) ?? '',
      )
      try {
        base = new URL(withVars, 'http://base.invalid').pathname
      } catch {
        base = ''
      }
    }
  }
  return base.replace(/\/+$/, '')
}

/** Every security requirement list is ORed; an empty requirement ({}) makes authentication optional. */
function declaration(requirements: unknown): { security: SecurityDeclaration; schemes: string[] } {
  if (!Array.isArray(requirements)) return { security: 'unspecified', schemes: [] }
  const reqs = requirements.map(obj)
  if (reqs.length === 0 || reqs.some((r) => Object.keys(r).length === 0)) return { security: 'public', schemes: [] }
  return { security: 'secured', schemes: [...new Set(reqs.flatMap((r) => Object.keys(r)))] }
}

function propertiesOf(schema: unknown, depth = 0): string[] {
  const s = obj(schema)
  const own = Object.keys(obj(s.properties))
  if (depth > 5) return own
  const composed = [...arr(s.allOf), ...arr(s.oneOf).slice(0, 1), ...arr(s.anyOf).slice(0, 1)].flatMap((x) => propertiesOf(x, depth + 1))
  return [...new Set([...own, ...composed])]
}

function bodyOf3(op: Obj): ApiOperation['body'] {
  const content = obj(obj(op.requestBody).content)
  for (const [type, media] of Object.entries(content)) {
    const fields = propertiesOf(obj(media).schema)
    if (fields.length === 0) continue
    if (/json/i.test(type)) return { type: 'json', fields }
    if (/x-www-form-urlencoded|multipart\/form-data/i.test(type)) return { type: 'form', fields }
  }
  return undefined
}

function bodyOf2(params: Obj[], consumes: string[]): ApiOperation['body'] {
  const form = params
    .filter((p) => p.in === 'formData')
    .map((p) => str(p.name))
    .filter((n): n is string => Boolean(n))
  if (form.length) return { type: 'form', fields: form }
  const body = params.find((p) => p.in === 'body')
  if (!body) return undefined
  const fields = propertiesOf(body.schema)
  if (!fields.length) return undefined
  return {
    type: consumes.some((c) => /x-www-form-urlencoded/i.test(c)) && !consumes.some((c) => /json/i.test(c)) ? 'form' : 'json',
    fields,
  }
}

function schemesOf(doc: Obj, swagger: boolean): SecurityScheme[] {
  const defs = swagger ? obj(doc.securityDefinitions) : obj(obj(doc.components).securitySchemes)
  return Object.entries(defs).map(([name, raw]) => {
    const d = obj(raw)
    const scheme: SecurityScheme = { name, type: str(d.type) ?? 'unknown' }
    if (str(d.in)) scheme.in = str(d.in)!
    if (str(d.name)) scheme.paramName = str(d.name)!
    if (str(d.scheme)) scheme.scheme = str(d.scheme)!.toLowerCase()
    if (scheme.type === 'basic') scheme.scheme = 'basic'
    return scheme
  })
}

/** Reads a dereferenced OpenAPI 3.x or Swagger 2.0 document. */
export function readSpec(document: unknown, source: string): ApiSpec {
  const doc = obj(document)
  const swagger = str(doc.swagger)?.startsWith('2') ?? false
  const openapi = str(doc.openapi)
  if (!swagger && !openapi?.startsWith('3')) {
    throw new ConfigError(
      `spec ${source}: not an OpenAPI 3.x or Swagger 2.0 document (no "openapi: 3…" or "swagger: \\"2.0\\"" at the top)`,
    )
  }
  const base = basePathOf(doc, swagger)
  const globalSecurity = doc.security
  const globalConsumes = arr(doc.consumes).map(String)
  const operations: ApiOperation[] = []
  for (const [path, rawItem] of Object.entries(obj(doc.paths))) {
    if (!path.startsWith('/')) continue
    const item = obj(rawItem)
    const shared = arr(item.parameters).map(obj)
    for (const method of HTTP_METHODS) {
      if (!(method in item)) continue
      const op = obj(item[method])
      const own = arr(op.parameters).map(obj)
      // operation parameters override path-level ones with the same name and location
      const params = [...own, ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in))]
      const full = `${base}${path}`
      const sec = declaration('security' in op ? op.security : globalSecurity)
      const entry: ApiOperation = {
        method: method.toUpperCase(),
        path: full,
        pathParams: [...full.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]!),
        security: sec.security,
        schemes: sec.schemes,
      }
      if (str(op.operationId)) entry.operationId = str(op.operationId)!
      if (str(op.summary)) entry.summary = str(op.summary)!
      const body = swagger ? bodyOf2(params, arr(op.consumes).map(String).concat(globalConsumes)) : bodyOf3(op)
      if (body) entry.body = body
      operations.push(entry)
    }
  }
  const title = str(obj(doc.info).title)
  return {
    source,
    version: swagger ? str(doc.swagger)! : openapi!,
    ...(title ? { title } : {}),
    operations,
    schemes: schemesOf(doc, swagger),
  }
}
