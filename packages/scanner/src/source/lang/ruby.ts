import type { Expr, Fn, Import, ModuleIR, Target } from '../ir.js'
import { declare, declareLet, field, named, newFn, posOf, same, type Node } from '../parse/nodes.js'

// Ruby syntax trees (tree-sitter-ruby) into the IR, enough for Rails controllers: classes with a
// superclass, their methods, assignments (session[:user_id] = …), calls with and without a
// receiver, and bare words such as `reset_session` (a call in Ruby, an identifier in the tree).

export function convertRuby(root: Node, file: string, lines: number): ModuleIR {
  const c = new RubyConverter(file)
  const top = newFn(c.ids, file, root, undefined, '(module)')
  c.current = top
  c.body(root, top)
  return {
    file,
    language: 'ruby',
    top,
    imports: [] as Import[],
    exports: new Map(),
    fns: c.fns,
    calls: c.calls,
    lines,
    hasErrors: root.hasError,
  }
}

class RubyConverter {
  readonly ids = { next: 1 }
  readonly fns: Fn[] = []
  readonly calls: ModuleIR['calls'] = []
  current!: Fn

  constructor(private readonly file: string) {}

  body(node: Node, fn: Fn, owner?: Fn['owner']): void {
    for (const c of named(node)) this.statement(c, fn, owner)
  }

  private statement(node: Node, fn: Fn, owner?: Fn['owner']): void {
    const pos = posOf(node)
    switch (node.type) {
      case 'comment':
        return
      case 'class': {
        const name = field(node, 'name')?.text ?? '(class)'
        const sup = field(node, 'superclass')
        const cls: NonNullable<Fn['owner']> = { name, decorators: [] }
        if (sup) cls.base = sup.text.replace(/^<\s*/, '')
        for (const c of named(node)) if (c.type === 'body_statement') this.body(c, fn, cls)
        return
      }
      case 'module':
        for (const c of named(node)) if (c.type === 'body_statement') this.body(c, fn, owner)
        return
      case 'method': {
        const f = newFn(this.ids, this.file, node, fn, field(node, 'name')?.text)
        if (owner) f.owner = owner
        this.fns.push(f)
        const saved = this.current
        this.current = f
        const params = field(node, 'parameters')
        if (params)
          named(params).forEach((p, i) => {
            const name = p.type === 'identifier' ? p : field(p, 'name')
            if (!name) return
            const param = { index: i, target: { k: 'name' as const, name: name.text, pos: posOf(name) }, decorators: [], pos: posOf(p) }
            f.params.push(param)
            declare(f, name.text, { k: 'param', param })
          })
        for (const c of named(node)) if (!same(c, params) && !same(c, field(node, 'name'))) this.statement(c, f)
        this.current = saved
        if (f.name) declare(fn, owner ? `${owner.name}#${f.name}` : f.name, { k: 'fn', fn: f })
        return
      }
      case 'body_statement':
      case 'then':
      case 'else':
      case 'elsif':
      case 'begin':
      case 'rescue':
      case 'ensure':
      case 'do_block':
      case 'block':
      case 'block_body':
        this.body(node, fn, owner)
        return
      case 'if':
      case 'unless':
      case 'while':
      case 'until':
      case 'if_modifier':
      case 'unless_modifier': {
        for (const c of named(node)) this.statement(c, fn, owner)
        return
      }
      case 'assignment':
      case 'operator_assignment': {
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (!left || !right) return
        const stmt = { k: 'let' as const, target: this.target(left), value: this.expr(right), pos }
        fn.body.push(stmt)
        declareLet(fn, stmt)
        return
      }
      case 'return': {
        const v = named(node)[0]
        fn.body.push(v ? { k: 'return', value: this.expr(v), pos } : { k: 'return', pos })
        return
      }
      default:
        fn.body.push({ k: 'expr', expr: this.expr(node, true), pos })
    }
  }

  private target(node: Node): Target {
    const pos = posOf(node)
    if (node.type === 'identifier' || node.type === 'instance_variable') return { k: 'name', name: node.text, pos }
    if (node.type === 'element_reference' || node.type === 'call') return { k: 'expr', expr: this.expr(node), pos }
    return { k: 'none', pos }
  }

  private key(node: Node): string | undefined {
    if (node.type === 'simple_symbol') return node.text.replace(/^:/, '')
    if (node.type === 'string')
      return named(node)
        .filter((c) => c.type === 'string_content')
        .map((c) => c.text)
        .join('')
    if (node.type === 'hash_key_symbol') return node.text
    return undefined
  }

  expr(node: Node, statement = false): Expr {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier': {
        // a bare word is a local variable when one was assigned, else a method call on self
        if (statement && !this.current.decls.has(node.text)) {
          const call = {
            k: 'call' as const,
            callee: { k: 'name' as const, name: node.text, pos },
            args: [],
            kw: [] as Array<[string, Expr]>,
            isNew: false,
            pos,
          }
          this.calls.push({ ...call, within: this.current })
          return call
        }
        return { k: 'name', name: node.text, pos }
      }
      case 'instance_variable':
      case 'constant':
        return { k: 'name', name: node.text, pos }
      case 'string':
      case 'simple_symbol':
        return { k: 'str', value: this.key(node) ?? '', pos }
      case 'element_reference': {
        const obj = field(node, 'object')
        const idx = named(node).find((c) => !same(c, obj))
        if (!obj) return { k: 'opaque', pos }
        const k = idx ? this.key(idx) : undefined
        return k !== undefined
          ? { k: 'member', obj: this.expr(obj), prop: k, pos }
          : { k: 'index', obj: this.expr(obj), index: idx ? this.expr(idx) : { k: 'opaque', pos }, pos }
      }
      case 'call': {
        const receiver = field(node, 'receiver')
        const method = field(node, 'method')
        const argsNode = field(node, 'arguments')
        const args: Expr[] = []
        const kw: Array<[string, Expr]> = []
        for (const a of argsNode ? named(argsNode) : []) {
          if (a.type === 'pair') {
            const k = field(a, 'key')
            const v = field(a, 'value')
            const key = k ? this.key(k) : undefined
            if (key && v) kw.push([key, this.expr(v)])
          } else args.push(this.expr(a))
        }
        const callee: Expr =
          receiver && method
            ? { k: 'member', obj: this.expr(receiver), prop: method.text, pos }
            : { k: 'name', name: method?.text ?? '', pos }
        const call = { k: 'call' as const, callee, args, kw, isNew: false, pos }
        this.calls.push({ ...call, within: this.current })
        return call
      }
      case 'parenthesized_statements':
      case 'binary':
      case 'conditional':
        return { k: 'mix', parts: named(node).map((c) => this.expr(c)), pos }
      default:
        return { k: 'opaque', pos }
    }
  }
}
