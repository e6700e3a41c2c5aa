import type { Decl, Expr, Fn, ModuleIR, Param, Pos, Stmt, Target } from '../ir.js'
import { dotted, lastName } from '../ir.js'
import type { Program } from '../program.js'
import { applyCall, externalRole, memberOf, paramValue, rubyName, type CallSite } from './rules.js'
import { derived, empty, join, role, str, withStep, type Closure, type Value } from './value.js'
import type { Trace } from './trace.js'

export { newTrace, type Trace, type StoreKeyHit, type SessionWrite } from './trace.js'

// A small abstract interpreter over the IR: it runs a handler with abstract arguments (the request
// object, the session…) and follows values through assignments, destructuring, object literals,
// helper calls (closures, functions of the same file, functions of directly imported files) and
// callbacks, recording what the shapes look for in a Trace. It is flow-insensitive inside a
// function (a name holds the union of everything assigned to it) and gives up, silently and
// without a finding, where it cannot resolve something.

const MAX_DEPTH = 8
const MAX_WORK = 60_000

export class Scope {
  readonly env = new Map<string, Value>()
  readonly pending = new Set<string>()
  constructor(
    readonly fn: Fn,
    readonly module: ModuleIR,
    readonly parent: Scope | undefined,
    /** An executing activation binds its parameters; a static scope (an enclosing function not being run) knows none. */
    readonly executing: boolean,
  ) {}
}

export interface EntryOptions {
  /** Values for the handler's parameters, by index, from the framework (the request object, extractors). */
  args: Value[]
  kw?: Array<[string, Value]>
}

export class Interpreter {
  private work = 0
  private readonly statics = new Map<Fn, Scope>()

  constructor(
    private readonly program: Program,
    readonly trace: Trace,
  ) {}

  /** Runs `fn` (a handler) as the framework would call it. */
  runEntry(fn: Fn, module: ModuleIR, opts: EntryOptions): Value {
    const parent = fn.parent ? this.staticScope(fn.parent, module) : undefined
    return this.invoke({ fn, module, scope: parent }, opts.args, opts.kw ?? [], 0)
  }

  /** The scope of an enclosing function that is not being run: its names are evaluated on demand, its parameters are unknown. */
  staticScope(fn: Fn, module: ModuleIR): Scope {
    let s = this.statics.get(fn)
    if (!s) {
      s = new Scope(fn, module, fn.parent ? this.staticScope(fn.parent, module) : undefined, false)
      this.statics.set(fn, s)
    }
    return s
  }

  private tick(): boolean {
    if (++this.work > MAX_WORK) {
      this.trace.truncated = true
      return false
    }
    return true
  }

  invoke(c: Closure, args: Value[], kw: Array<[string, Value]>, depth: number): Value {
    if (depth > MAX_DEPTH || !this.tick()) return empty()
    const parent = (c.scope as Scope | undefined) ?? (c.fn.parent ? this.staticScope(c.fn.parent, c.module) : undefined)
    const scope = new Scope(c.fn, c.module, parent, true)
    for (const p of c.fn.params) {
      const byName = p.target.k === 'name' ? kw.find(([k]) => k === (p.target as { name: string }).name)?.[1] : undefined
      const given = args[p.index] ?? byName
      const parts = [given ?? (p.default ? this.eval(p.default, scope, depth) : empty()), paramValue(p, c.module.language, c.fn)]
      this.bind(p.target, join(parts), scope, depth, p.pos, true)
    }
    const returns: Value[] = []
    for (const stmt of c.fn.body) {
      if (!this.tick()) break
      const r = this.exec(stmt, scope, depth)
      if (r) returns.push(r)
    }
    return join(returns.length ? returns : [empty()])
  }

  private exec(stmt: Stmt, scope: Scope, depth: number): Value | undefined {
    switch (stmt.k) {
      case 'let':
        this.bind(stmt.target, this.eval(stmt.value, scope, depth), scope, depth, stmt.pos, false)
        return undefined
      case 'expr':
        this.eval(stmt.expr, scope, depth)
        return undefined
      case 'return':
        return stmt.value ? this.eval(stmt.value, scope, depth) : empty()
      case 'for': {
        const iter = this.eval(stmt.iter, scope, depth)
        this.bind(stmt.target, { ...derived([iter]), roles: new Set(iter.roles) }, scope, depth, stmt.pos, false)
        return undefined
      }
    }
  }

  private bind(t: Target, v: Value, scope: Scope, depth: number, pos: Pos, isParam: boolean): void {
    switch (t.k) {
      case 'name': {
        const value = isParam ? v : withStep(v, { file: scope.module.file, pos, note: `assigned to ${t.name}` })
        this.setName(t.name, value, scope)
        return
      }
      case 'props':
        for (const p of t.props) this.bind(p.target, this.member(v, p.key, scope, pos, depth), scope, depth, pos, isParam)
        if (t.rest) this.bind(t.rest, v, scope, depth, pos, isParam)
        return
      case 'items':
        for (const i of t.items) this.bind(i, { ...derived([v]), roles: new Set(v.roles) }, scope, depth, pos, isParam)
        if (t.rest) this.bind(t.rest, derived([v]), scope, depth, pos, isParam)
        return
      case 'expr':
        this.store(t.expr, v, scope, depth, pos)
        return
      case 'none':
        return
    }
  }

  /** A reassignment updates the scope that declared the name; a new name belongs to the current scope. */
  private setName(name: string, value: Value, scope: Scope): void {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.env.has(name) || s.fn.decls.has(name)) {
        const prev = s.env.get(name)
        s.env.set(name, prev && s !== scope ? join([prev, value]) : value)
        return
      }
    }
    scope.env.set(name, value)
  }

  /** obj.prop = value / obj[key] = value: a session write, a mutation of an object literal, or koa's `ctx.session = null`. */
  private store(target: Expr, value: Value, scope: Scope, depth: number, pos: Pos): void {
    if (target.k !== 'member' && target.k !== 'index') {
      this.eval(target, scope, depth)
      return
    }
    const obj = this.eval(target.obj, scope, depth)
    const key = target.k === 'member' ? target.prop : this.eval(target.index, scope, depth).str
    if (key === undefined) return
    if (obj.roles.has('session')) this.trace.writes.push({ key, file: scope.module.file, pos })
    if (obj.roles.has('request') && key === 'session')
      this.trace.rotations.push({ file: scope.module.file, pos, note: 'the session object is replaced' })
    if (obj.props) obj.props.set(key, value)
  }

  eval(e: Expr, scope: Scope, depth: number): Value {
    if (!this.tick()) return empty()
    switch (e.k) {
      case 'name':
        return this.lookup(e.name, scope, depth)
      case 'str':
        return str(e.value)
      case 'member':
        return this.member(this.eval(e.obj, scope, depth), e.prop, scope, e.pos, depth)
      case 'index': {
        const obj = this.eval(e.obj, scope, depth)
        const idx = this.eval(e.index, scope, depth)
        if (idx.str !== undefined) return this.member(obj, idx.str, scope, e.pos, depth)
        return derived([obj])
      }
      case 'call':
        return this.call(e, scope, depth)
      case 'object': {
        const props = new Map<string, Value>()
        const positions = new Map<string, Pos>()
        for (const entry of e.entries) {
          const v = this.eval(entry.value, scope, depth)
          if (entry.spread) {
            for (const [k, pv] of v.props ?? []) props.set(k, pv)
          } else if (entry.key !== undefined) {
            props.set(entry.key, v)
            positions.set(
              entry.key,
              entry.value.k === 'object' && entry.value.entries.length === 1
                ? exprPos(entry.value.entries[0]!.value)
                : exprPos(entry.value),
            )
          }
        }
        return { ...empty(), props, propPos: positions }
      }
      case 'fn':
        return { ...empty(), fns: [{ fn: e.fn, module: scope.module, scope }] }
      case 'mix':
        return join(e.parts.map((p) => this.eval(p, scope, depth)))
      case 'assign': {
        const v = this.eval(e.value, scope, depth)
        this.bind(e.target, v, scope, depth, e.pos, false)
        return v
      }
      case 'opaque':
        return empty()
    }
  }

  lookup(name: string, scope: Scope, depth: number): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const known = s.env.get(name)
      if (known) return known
      const decls = s.fn.decls.get(name)
      if (decls?.length) {
        if (s.pending.has(name)) return empty()
        s.pending.add(name)
        const v = join(decls.map((d) => this.declValue(d, name, s!, depth)))
        s.pending.delete(name)
        if (!s.env.has(name)) s.env.set(name, v)
        return v
      }
    }
    if (scope.module.language === 'ruby') {
      const r = rubyName(name)
      if (r) return role(r)
    }
    return this.imported(name, scope.module, depth)
  }

  private declValue(d: Decl, name: string, s: Scope, depth: number): Value {
    if (d.k === 'fn') return { ...empty(), fns: [{ fn: d.fn, module: s.module, scope: s }] }
    if (d.k === 'param') return s.executing ? empty() : paramValue(d.param, s.module.language, s.fn)
    const v = this.eval(d.stmt.value, s, depth)
    return pick(d.stmt.target, v, name, (obj, key) => this.member(obj, key, s, d.stmt.pos, depth)) ?? empty()
  }

  private imported(name: string, module: ModuleIR, depth: number): Value {
    const imp = module.imports.find((i) => i.local === name)
    if (!imp) return empty()
    const r = this.program.resolve(module, imp)
    if (!r) return external(imp.module, [imp.imported])
    if ('namespace' in r) return { ...empty(), ns: r.module }
    const top = this.staticScope(r.module.top, r.module)
    return this.lookup(r.local, top, depth + 1)
  }

  member(obj: Value, prop: string, scope: Scope, pos: Pos, depth: number): Value {
    const parts: Value[] = []
    const own = obj.props?.get(prop)
    if (own) parts.push(own)
    const ns = obj.ns
    if (ns) {
      const r = this.program.exported(ns, prop)
      if (r && !('namespace' in r)) parts.push(this.lookup(r.local, this.staticScope(r.module.top, r.module), depth + 1))
      else if (ns.language === 'rust' || ns.language === 'python') parts.push(this.lookup(prop, this.staticScope(ns.top, ns), depth + 1))
    }
    for (const r of obj.roles) {
      const v = memberOf(r, prop, { file: scope.module.file, pos })
      if (v) parts.push(v)
    }
    if (obj.taints.length) parts.push(derived([obj]))
    if (obj.ext) parts.push(external(obj.ext.module, [...obj.ext.path, prop]))
    // Rust paths (store::save_session) and Python module attributes resolve to a module of the project
    if (!parts.length && obj.fns.length === 0) {
      const m = this.pathModule(obj, scope)
      if (m) parts.push(this.lookup(prop, this.staticScope(m.top, m), depth + 1))
    }
    return parts.length ? join(parts) : empty()
  }

  private pathModule(obj: Value, scope: Scope): ModuleIR | undefined {
    const ext = obj.ext
    if (!ext) return undefined
    if (scope.module.language === 'rust')
      return this.program.rustModule(
        scope.module,
        [ext.module, ...ext.path].filter((p) => p !== '*'),
      )
    return undefined
  }

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope, depth: number): Value {
    const recv = e.callee.k === 'member' ? this.eval(e.callee.obj, scope, depth) : undefined
    const callee =
      recv && e.callee.k === 'member' ? this.member(recv, e.callee.prop, scope, e.callee.pos, depth) : this.eval(e.callee, scope, depth)
    const args = e.args.map((a) => this.eval(a, scope, depth))
    const kw = e.kw.map(([k, x]) => [k, this.eval(x, scope, depth)] as [string, Value])
    const method = lastName(e.callee) ?? ''
    const site: CallSite = {
      method,
      calleeText: dotted(e.callee),
      recv,
      callee,
      args,
      argExprs: e.args,
      kw,
      kwExprs: e.kw,
      isNew: e.isNew,
      file: scope.module.file,
      pos: e.pos,
      trace: this.trace,
    }
    const parts: Value[] = []
    const known = applyCall(site)
    if (known) parts.push(known)
    const closures = callee.fns.slice(0, 3)
    for (const c of closures) {
      const r = nameRawCookie(this.invoke(c, args, kw, depth + 1), args)
      parts.push(withStep(r, { file: scope.module.file, pos: e.pos, note: `returned by ${c.fn.name ?? 'a helper'}()` }))
    }
    if (!closures.length) {
      // a callback handed to a function we do not know (regenerate(cb), .map(|c| …), .then(v => …)) runs with the receiver's data
      for (const a of args) for (const c of a.fns.slice(0, 2)) parts.push(this.invoke(c, [recv ? derived([recv]) : empty()], [], depth + 1))
      if (!known) parts.push(derived([...(recv ? [recv] : []), ...args, ...kw.map(([, v]) => v)]))
    }
    return join(parts.length ? parts : [empty()])
  }
}

/** A helper that parses the raw Cookie header, called with a constant name (cookie(req, 'session_id')), returns that cookie. */
function nameRawCookie(v: Value, args: Value[]): Value {
  const name = args.find((a) => a.str !== undefined)?.str
  if (name === undefined || !v.taints.some((t) => t.carrier === 'cookie' && t.name === undefined)) return v
  return { ...v, taints: v.taints.map((t) => (t.carrier === 'cookie' && t.name === undefined ? { ...t, name } : t)) }
}

function external(module: string, path: string[]): Value {
  const r = externalRole(module, path)
  return { ...(r ? role(r) : empty()), ext: { module, path } }
}

function exprPos(e: Expr): Pos {
  return e.k === 'fn' ? e.fn.pos : e.pos
}

/** The part of `v` a destructuring target binds to `name`. */
function pick(t: Target, v: Value, name: string, member: (obj: Value, key: string) => Value): Value | undefined {
  switch (t.k) {
    case 'name':
      return t.name === name ? v : undefined
    case 'props':
      for (const p of t.props) {
        const r = pick(p.target, member(v, p.key), name, member)
        if (r) return r
      }
      return t.rest ? pick(t.rest, v, name, member) : undefined
    case 'items':
      for (const i of t.items) {
        const r = pick(i, derived([v]), name, member)
        if (r) return r
      }
      return t.rest ? pick(t.rest, derived([v]), name, member) : undefined
    default:
      return undefined
  }
}

export type { Param }
