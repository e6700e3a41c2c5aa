import type { z } from 'zod'
import type { KeyPath } from './position.js'

// What the validator's schema says a place in the config may hold, read from the zod schema itself so
// error messages ("did you mean", "expected a mapping with url, contains, status") never drift from it.

interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  in?: z.ZodType
  out?: z.ZodType
  options?: z.ZodType[]
  element?: z.ZodType
  valueType?: z.ZodType
  values?: unknown[]
  entries?: Record<string, unknown>
}

const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

/** The schemas a value at this place may match: wrappers (optional, default, pipes) removed, unions spread. */
function shapes(s: z.ZodType): z.ZodType[] {
  const d = def(s)
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return shapes(d.innerType!)
    case 'pipe':
      // a transform's input side is what a user writes
      return def(d.in!).type === 'transform' ? shapes(d.out!) : shapes(d.in!)
    case 'union':
      return d.options!.flatMap(shapes)
    default:
      return [s]
  }
}

/** The schemas at a key path (several when a union allows several forms there). */
export function schemasAt(root: z.ZodType, path: KeyPath): z.ZodType[] {
  let here = shapes(root)
  for (const key of path) {
    here = here.flatMap((s) => {
      const d = def(s)
      if (d.type === 'object' && typeof key === 'string' && d.shape![key]) return shapes(d.shape![key]!)
      if (d.type === 'array' && typeof key === 'number') return shapes(d.element!)
      if (d.type === 'record' && typeof key === 'string') return shapes(d.valueType!)
      return []
    })
  }
  return here
}

/** Every key a mapping at this path may have. */
export function keysAt(root: z.ZodType, path: KeyPath): string[] {
  const keys = new Set<string>()
  for (const s of schemasAt(root, path)) {
    const d = def(s)
    if (d.type === 'object') for (const k of Object.keys(d.shape!)) keys.add(k)
  }
  return [...keys]
}

/** In words, what may be written at this path: "a mapping with url, contains, status", "true or false", "auto". */
export function expectedAt(root: z.ZodType, path: KeyPath): string | undefined {
  const forms = new Set<string>()
  for (const s of schemasAt(root, path)) {
    const d = def(s)
    if (d.type === 'object') forms.add(`a mapping with ${Object.keys(d.shape!).join(', ')}`)
    else if (d.type === 'array') forms.add('a list')
    else if (d.type === 'record') forms.add('a mapping of names to values')
    else if (d.type === 'string') forms.add('text')
    else if (d.type === 'number') forms.add('a number')
    else if (d.type === 'boolean') forms.add('true or false')
    else if (d.type === 'literal') for (const v of d.values ?? []) forms.add(JSON.stringify(v))
    else if (d.type === 'enum') forms.add(`one of ${Object.values(d.entries ?? {}).join(', ')}`)
  }
  return forms.size ? [...forms].join(', or ') : undefined
}
