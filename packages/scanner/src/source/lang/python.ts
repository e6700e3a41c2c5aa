import type { Decorator, Expr, Fn, Import, ModuleIR, Param, Target } from '../ir.js'
import { declare, declareLet, field, named, newFn, posOf, same, type Node } from '../parse/nodes.js'

// Python syntax trees (tree-sitter-python) into the IR: functions with decorators (FastAPI, Flask),
// classes (Django class-based views), imports (absolute and package-relative).

const CARRYING = new Set([
  'boolean_operator',
  'conditional_expression',
  'parenthesized_expression',
  'await',
  'list',
  'tuple',
  'set',
  'expression_list',
  'concatenated_string',
  'named_expression',
])

export function convertPython(root: Node, file: string, lines: number): ModuleIR {
  const c = new PyConverter(file)
  const top = newFn(c.ids, file, root, undefined, '(module)')
  c.current = top
  c.block(root, top)
  return {
    file,
    language: 'python',
    top,
    imports: c.imports,
    exports: new Map(),
    fns: c.fns,
    calls: c.calls,
    lines,
    hasErrors: root.hasError,
  }
}

class PyConverter {
  readonly ids = { next: 1 }
  readonly fns: Fn[] = []
  readonly calls: ModuleIR['calls'] = []
  readonly imports: Import[] = []
  current!: Fn

  constructor(private readonly file: string) {}

  block(node: Node, fn: Fn, owner?: Fn['owner']): void {
    for (const c of named(node)) this.statement(c, fn, [], owner)
  }

  private fn(node: Node, parent: Fn, decorators: Decorator[], owner?: Fn['owner']): Fn {
    const name = field(node, 'name')?.text
    const fn = newFn(this.ids, this.file, node, parent, name)
    fn.decorators = decorators
    if (owner) fn.owner = owner
    this.fns.push(fn)
    const saved = this.current
    this.current = fn
    const params = field(node, 'parameters')
    if (params)
      named(params)
        .filter((p) => p.type !== 'comment' && p.type !== 'keyword_separator' && p.type !== 'positional_separator')
        .forEach((p, i) => {
          const param = this.param(p, i)
          fn.params.push(param)
          if (param.target.k === 'name') declare(fn, param.target.name, { k: 'param', param })
        })
    const body = field(node, 'body')
    if (body) {
      if (node.type === 'lambda') fn.body.push({ k: 'return', value: this.expr(body), pos: posOf(body) })
      else this.block(body, fn)
    }
    this.current = saved
    return fn
  }

  private param(node: Node, index: number): Param {
    const pos = posOf(node)
    const nameNode =
      field(node, 'name') ??
      (node.type === 'typed_parameter'
        ? named(node).find((c) => c.type === 'identifier')
        : node.type === 'identifier'
          ? node
          : named(node)[0])
    const p: Param = {
      index,
      target: nameNode ? { k: 'name', name: nameNode.text, pos: posOf(nameNode) } : { k: 'none', pos },
      decorators: [],
      pos,
    }
    const type = field(node, 'type')
    if (type) p.type = type.text
    const value = field(node, 'value')
    if (value) p.default = this.expr(value)
    return p
  }

  private decorator(node: Node): Decorator {
    const inner = named(node)[0]
    const pos = posOf(node)
    if (inner?.type === 'call') {
      const callee = field(inner, 'function')
      const { args, kw } = this.arguments(field(inner, 'arguments'))
      return { name: callee?.text ?? '', args, kw, pos }
    }
    return { name: inner?.text ?? '', args: [], kw: [], pos }
  }

  private statement(node: Node, fn: Fn, decorators: Decorator[], owner?: Fn['owner']): void {
    const pos = posOf(node)
    switch (node.type) {
      case 'comment':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return
      case 'decorated_definition': {
        const decs = named(node)
          .filter((c) => c.type === 'decorator')
          .map((d) => this.decorator(d))
        const def = field(node, 'definition')
        if (def) this.statement(def, fn, decs, owner)
        return
      }
      case 'function_definition': {
        const f = this.fn(node, fn, decorators, owner)
        if (f.name) declare(fn, owner ? `${owner.name}.${f.name}` : f.name, { k: 'fn', fn: f })
        return
      }
      case 'class_definition': {
        const name = field(node, 'name')?.text ?? '(class)'
        const supers = field(node, 'superclasses')
        const cls: NonNullable<Fn['owner']> = { name, decorators }
        if (supers) cls.base = supers.text.replace(/^\(|\)$/g, '')
        const body = field(node, 'body')
        if (body) for (const c of named(body)) this.statement(c, fn, [], cls)
        return
      }
      case 'import_statement':
        for (const n of named(node)) {
          if (n.type === 'dotted_name') this.imports.push({ local: n.text.split('.')[0]!, module: n.text, imported: '*', pos })
          else if (n.type === 'aliased_import') {
            const name = field(n, 'name')
            const alias = field(n, 'alias')
            if (name && alias) this.imports.push({ local: alias.text, module: name.text, imported: '*', pos })
          }
        }
        return
      case 'import_from_statement': {
        const moduleNode = field(node, 'module_name')
        if (!moduleNode) return
        const module = moduleNode.text
        for (const n of node.childrenForFieldName('name')) {
          if (!n) continue
          if (n.type === 'dotted_name') this.imports.push({ local: n.text, module, imported: n.text, pos })
          else if (n.type === 'aliased_import') {
            const name = field(n, 'name')
            const alias = field(n, 'alias')
            if (name && alias) this.imports.push({ local: alias.text, module, imported: name.text, pos })
          }
        }
        return
      }
      case 'expression_statement':
        for (const c of named(node)) {
          if (c.type === 'assignment' || c.type === 'augmented_assignment') this.assignment(c, fn)
          else fn.body.push({ k: 'expr', expr: this.expr(c), pos })
        }
        return
      case 'return_statement': {
        const v = named(node)[0]
        fn.body.push(v ? { k: 'return', value: this.expr(v), pos } : { k: 'return', pos })
        return
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement': {
        const cond = field(node, 'condition')
        if (cond) fn.body.push({ k: 'expr', expr: this.expr(cond), pos: posOf(cond) })
        for (const c of named(node)) if (!same(c, cond)) this.statement(c, fn, [])
        return
      }
      case 'for_statement': {
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (left && right) {
          const stmt = { k: 'for' as const, target: this.target(left), iter: this.expr(right), pos }
          fn.body.push(stmt)
          declareLet(fn, { k: 'let', target: stmt.target, value: stmt.iter, pos })
        }
        const body = field(node, 'body')
        if (body) this.block(body, fn)
        return
      }
      case 'with_statement': {
        for (const item of node.descendantsOfType('with_item')) {
          if (!item) continue
          const value = field(item, 'value')
          if (!value) continue
          if (value.type === 'as_pattern') {
            const inner = named(value)[0]
            const alias = field(value, 'alias') ?? named(value)[1]
            if (inner && alias) this.push(fn, { k: 'let', target: this.target(named(alias)[0] ?? alias), value: this.expr(inner), pos })
          } else fn.body.push({ k: 'expr', expr: this.expr(value), pos })
        }
        const body = field(node, 'body')
        if (body) this.block(body, fn)
        return
      }
      case 'block':
      case 'else_clause':
      case 'try_statement':
      case 'except_clause':
      case 'finally_clause':
      case 'match_statement':
      case 'case_clause':
        for (const c of named(node)) this.statement(c, fn, [])
        return
      default:
        if (node.type.endsWith('_statement')) {
          for (const c of named(node)) this.statement(c, fn, [])
          return
        }
        fn.body.push({ k: 'expr', expr: this.expr(node), pos })
    }
  }

  private push(fn: Fn, stmt: Extract<Fn['body'][number], { k: 'let' }>): void {
    fn.body.push(stmt)
    declareLet(fn, stmt)
  }

  private assignment(node: Node, fn: Fn): void {
    const left = field(node, 'left')
    const right = field(node, 'right')
    if (!left || !right) return
    if (right.type === 'assignment') {
      this.assignment(right, fn)
      const inner = field(right, 'left')
      if (inner) this.push(fn, { k: 'let', target: this.target(left), value: this.expr(inner), pos: posOf(node) })
      return
    }
    const value = right.type === 'lambda' ? ({ k: 'fn', fn: this.fn(right, fn, []) } as Expr) : this.expr(right)
    this.push(fn, { k: 'let', target: this.target(left), value, pos: posOf(node) })
  }

  private target(node: Node): Target {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
        return { k: 'name', name: node.text, pos }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
        return { k: 'items', items: named(node).map((c) => this.target(c)), pos }
      case 'attribute':
      case 'subscript':
        return { k: 'expr', expr: this.expr(node), pos }
      case 'list_splat_pattern':
        return this.target(named(node)[0] ?? node)
      default:
        return { k: 'none', pos }
    }
  }

  private arguments(node: Node | undefined): { args: Expr[]; kw: Array<[string, Expr]> } {
    const args: Expr[] = []
    const kw: Array<[string, Expr]> = []
    if (!node) return { args, kw }
    for (const c of named(node)) {
      if (c.type === 'keyword_argument') {
        const name = field(c, 'name')
        const value = field(c, 'value')
        if (name && value) kw.push([name.text, this.expr(value)])
      } else if (c.type !== 'comment') args.push(this.expr(c))
    }
    return { args, kw }
  }

  expr(node: Node): Expr {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
        return { k: 'name', name: node.text, pos }
      case 'string': {
        const interps = named(node).filter((c) => c.type === 'interpolation')
        if (interps.length) return { k: 'mix', parts: interps.map((i) => this.expr(named(i)[0] ?? i)), pos }
        return {
          k: 'str',
          value: named(node)
            .filter((c) => c.type === 'string_content')
            .map((c) => c.text)
            .join(''),
          pos,
        }
      }
      case 'attribute': {
        const obj = field(node, 'object')
        const attr = field(node, 'attribute')
        if (!obj || !attr) return { k: 'opaque', pos }
        return { k: 'member', obj: this.expr(obj), prop: attr.text, pos }
      }
      case 'subscript': {
        const value = field(node, 'value')
        const sub = field(node, 'subscript')
        if (!value || !sub) return { k: 'opaque', pos }
        if (sub.type === 'string') {
          const s = this.expr(sub)
          if (s.k === 'str') return { k: 'member', obj: this.expr(value), prop: s.value, pos }
        }
        return { k: 'index', obj: this.expr(value), index: this.expr(sub), pos }
      }
      case 'call': {
        const callee = field(node, 'function')
        const { args, kw } = this.arguments(field(node, 'arguments'))
        const call = {
          k: 'call' as const,
          callee: callee ? this.expr(callee) : ({ k: 'opaque', pos } as Expr),
          args,
          kw,
          isNew: false,
          pos,
        }
        this.calls.push({ ...call, within: this.current })
        return call
      }
      case 'dictionary': {
        const entries: Extract<Expr, { k: 'object' }>['entries'] = []
        for (const c of named(node)) {
          if (c.type === 'pair') {
            const k = field(c, 'key')
            const v = field(c, 'value')
            if (!v) continue
            const key = k ? this.expr(k) : undefined
            entries.push(key?.k === 'str' ? { key: key.value, value: this.expr(v) } : { value: this.expr(v) })
          } else if (c.type === 'dictionary_splat') entries.push({ value: this.expr(named(c)[0] ?? c), spread: true })
        }
        return { k: 'object', entries, pos }
      }
      case 'lambda':
        return { k: 'fn', fn: this.fn(node, this.current, []) }
      case 'binary_operator': {
        const op = field(node, 'operator')?.text
        const parts = [field(node, 'left'), field(node, 'right')].filter((x): x is Node => Boolean(x)).map((x) => this.expr(x))
        return op === '+' || op === '%' ? { k: 'mix', parts, pos } : { k: 'mix', parts: [], pos }
      }
      default:
        if (CARRYING.has(node.type)) return { k: 'mix', parts: named(node).map((c) => this.expr(c)), pos }
        return { k: 'opaque', pos }
    }
  }
}
