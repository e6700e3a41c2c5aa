import type { Fn, ModuleIR, Pos } from '../ir.js'

// The abstract values the taint engine computes: what an expression may hold, not what it holds.
// A value may carry client-controlled data (taints, each with the steps it took), stand for a
// framework object (roles: the request, its cookies, the session…), be a function, an object literal
// with known properties, a constant string, or a symbol imported from a package.

export interface Step {
  file: string
  pos: Pos
  note: string
}

export type Carrier = 'cookie' | 'header' | 'query' | 'body'

export interface Taint {
  carrier: Carrier
  /** The cookie, header or parameter name; undefined for the raw Cookie header. */
  name?: string
  steps: Step[]
}

/** What a value stands for in the frameworks' object model. */
export type Role =
  | 'request'
  | 'cookies'
  | 'headers'
  | 'query'
  | 'body'
  | 'session'
  /** a DynamoDB put/update request builder (Rust SDK fluent calls) */
  | 'put-builder'
  | 'update-builder'

export interface Closure {
  fn: Fn
  module: ModuleIR
  /** The activation the function was created in (its lexical scope); undefined for a module's top level resolved statically. */
  scope: unknown
}

export interface External {
  module: string
  /** The imported name followed by any member path: ['login'], ['session'], ['*', 'PutItemCommand']. */
  path: string[]
}

export interface Value {
  taints: Taint[]
  roles: Set<Role>
  fns: Closure[]
  props?: Map<string, Value>
  str?: string
  ext?: External
  /** Where each property of an object literal was written (the sink's location). */
  propPos?: Map<string, Pos>
  /** A namespace import of a checked file (import * as store from './store'). */
  ns?: ModuleIR
}

export const MAX_STEPS = 12
const MAX_TAINTS = 4

export function empty(): Value {
  return { taints: [], roles: new Set(), fns: [] }
}

export function role(r: Role): Value {
  return { taints: [], roles: new Set([r]), fns: [] }
}

export function str(s: string): Value {
  return { ...empty(), str: s }
}

export function tainted(t: Taint): Value {
  return { ...empty(), taints: [t] }
}

function taintKey(t: Taint): string {
  const first = t.steps[0]
  return `${t.carrier}:${t.name ?? ''}:${first ? `${first.file}:${first.pos.line}:${first.pos.column}` : ''}`
}

/** The union of several possible values: a ?? b, both branches of a condition, every return. */
export function join(values: Value[]): Value {
  const live = values.filter((v) => v !== undefined)
  if (live.length === 1) return live[0]!
  const out = empty()
  const seen = new Map<string, Taint>()
  for (const v of live) {
    for (const t of v.taints) {
      const k = taintKey(t)
      const prev = seen.get(k)
      if (!prev || t.steps.length < prev.steps.length) seen.set(k, t)
    }
    for (const r of v.roles) out.roles.add(r)
    for (const f of v.fns) if (!out.fns.some((g) => g.fn === f.fn && g.scope === f.scope)) out.fns.push(f)
    if (v.props) {
      out.props ??= new Map()
      for (const [k, p] of v.props) out.props.set(k, out.props.has(k) ? join([out.props.get(k)!, p]) : p)
    }
    if (v.ext && !out.ext) out.ext = v.ext
    if (v.ns && !out.ns) out.ns = v.ns
    if (v.propPos) {
      out.propPos ??= new Map()
      for (const [k, p] of v.propPos) if (!out.propPos.has(k)) out.propPos.set(k, p)
    }
  }
  out.taints = [...seen.values()].slice(0, MAX_TAINTS)
  const strs = new Set(live.map((v) => v.str))
  if (strs.size === 1 && live[0]!.str !== undefined) out.str = live[0]!.str
  return out
}

/** The same taints with one more step (an assignment, a helper's return), capped so a loop cannot grow them. */
export function withStep(v: Value, step: Step): Value {
  if (v.taints.length === 0) return v
  return {
    ...v,
    taints: v.taints.map((t) => {
      const last = t.steps[t.steps.length - 1]
      if (t.steps.length >= MAX_STEPS || (last && last.file === step.file && last.pos.line === step.pos.line)) return t
      return { ...t, steps: [...t.steps, step] }
    }),
  }
}

/** Only the data a value carries (its taints), not what it stands for: the result of an operation on it. */
export function derived(values: Value[]): Value {
  const all: Value[] = []
  const visit = (v: Value, depth: number): void => {
    all.push({ ...empty(), taints: v.taints })
    if (depth < 3) for (const p of v.props?.values() ?? []) visit(p, depth + 1)
  }
  for (const v of values) visit(v, 0)
  return { ...empty(), taints: join(all).taints }
}
