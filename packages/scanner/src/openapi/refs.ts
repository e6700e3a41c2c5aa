import { ConfigError } from '../errors.js'
import { cutBeforeRedaction } from '../http/excerpt.js'

// $ref resolution for OpenAPI/Swagger documents: local pointers (#/components/…, #/definitions/…)
// and relative references to other documents, which the loader fetched beforehand. Cycles (a schema
// that contains itself) become cycles in the resolved object graph instead of infinite recursion.

export type Documents = Map<string, unknown>

/** Nesting and reference counts past which a description is refused: real ones stay far below, and the walks below recurse. */
export const MAX_DEPTH = 256
export const MAX_REFS = 20_000

function tooDeep(): never {
  throw new ConfigError(`spec: nested or referenced more than ${MAX_DEPTH} levels deep`)
}

/** The document part of a reference, resolved against the document it appears in ('' → the same document). */
export function documentOf(ref: string, base: string): string {
  const hash = ref.indexOf('#')
  const file = hash < 0 ? ref : ref.slice(0, hash)
  if (file === '') return base
  try {
    return new URL(file, base).href
  } catch {
    throw new ConfigError(`spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} is not a valid reference`)
  }
}

/** Every reference to another document inside `doc`, resolved against `base`. */
export function externalRefs(doc: unknown, base: string): string[] {
  const out = new Set<string>()
  let refs = 0
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) tooDeep()
    if (Array.isArray(node)) node.forEach((n) => walk(n, depth + 1))
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') {
          if (++refs > MAX_REFS) throw new ConfigError(`spec: more than ${MAX_REFS} $refs in ${base}`)
          if (!v.startsWith('#')) out.add(documentOf(v, base))
        } else walk(v, depth + 1)
      }
    }
  }
  walk(doc, 0)
  return [...out]
}

function pointer(doc: unknown, fragment: string, ref: string): unknown {
  if (fragment === '' || fragment === '/') return doc
  if (!fragment.startsWith('/')) throw new ConfigError(`spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} is not a JSON pointer`)
  let node = doc
  for (const raw of fragment.slice(1).split('/')) {
    let key: string
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    } catch {
      throw new ConfigError(`spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} is not a valid JSON pointer (bad percent-encoding)`)
    }
    if (node === null || typeof node !== 'object' || !(key in (node as object))) {
      throw new ConfigError(
        `spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} points to nothing (no ${JSON.stringify(cutBeforeRedaction(key, 200))})`,
      )
    }
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** A copy of the root document with every $ref replaced by what it points to. */
export function dereference(docs: Documents, root: string): unknown {
  const memo = new Map<string, unknown>()
  let depth = 0

  const resolveRef = (ref: string, base: string): unknown => {
    const uri = documentOf(ref, base)
    const hash = ref.indexOf('#')
    const fragment = hash < 0 ? '' : ref.slice(hash + 1)
    const key = `${uri}#${fragment}`
    if (memo.has(key)) return memo.get(key)
    const doc = docs.get(uri)
    if (doc === undefined)
      throw new ConfigError(
        `spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} names a document that was not loaded (${cutBeforeRedaction(uri, 200)})`,
      )
    const target = pointer(doc, fragment, ref)
    if (target === null || typeof target !== 'object') {
      memo.set(key, target)
      return target
    }
    // the placeholder is registered before its content is walked, so a self-reference lands on it
    const placeholder: unknown = Array.isArray(target) ? [] : {}
    memo.set(key, placeholder)
    const resolved = walk(target, uri)
    if (Array.isArray(placeholder)) (placeholder as unknown[]).push(...(resolved as unknown[]))
    else Object.assign(placeholder as object, resolved)
    return placeholder
  }

  const walk = (node: unknown, base: string): unknown => {
    if (++depth > MAX_DEPTH * 4) tooDeep()
    try {
      return walkNode(node, base)
    } finally {
      depth--
    }
  }

  const walkNode = (node: unknown, base: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, base))
    if (node === null || typeof node !== 'object') return node
    const obj = node as Record<string, unknown>
    if (typeof obj.$ref === 'string') {
      const target = resolveRef(obj.$ref, base)
      const siblings = Object.keys(obj).filter((k) => k !== '$ref')
      // OpenAPI 3.1 allows summary/description next to $ref; they describe, they do not change the target
      if (siblings.length === 0 || target === null || typeof target !== 'object' || Array.isArray(target)) return target
      return { ...(target as object), ...Object.fromEntries(siblings.map((k) => [k, walk(obj[k], base)])) }
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v, base)]))
  }

  return walk(docs.get(root), root)
}
