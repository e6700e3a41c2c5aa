import type { Decorator, Expr, Fn, Import, ModuleIR, Param, Stmt, Target } from '../ir.js'
import { declare, declareLet, declareParam, field, named, newFn, posOf, same, type Node } from '../parse/nodes.js'

// Rust syntax trees (tree-sitter-rust) into the IR: functions with their attributes and typed
// parameters (Axum extractors), `use` and `mod` as imports, method chains (the AWS SDK's fluent
// builders), match/if-let bindings, and a block's final expression as its value.

const CARRYING = new Set([
  'await_expression',
  'try_expression',
  'reference_expression',
  'parenthesized_expression',
  'tuple_expression',
  'array_expression',
  'type_cast_expression',
  'unary_expression',
])

export function convertRust(root: Node, file: string, lines: number): ModuleIR {
  const c = new RustConverter(file)
  const top = newFn(c.ids, file, root, undefined, '(module)')
  c.current = top
  c.items(root, top)
  return {
    file,
    language: 'rust',
    top,
    imports: c.imports,
    exports: new Map(),
    fns: c.fns,
    calls: c.calls,
    lines,
    hasErrors: root.hasError,
  }
}

class RustConverter {
  readonly ids = { next: 1 }
  readonly fns: Fn[] = []
  readonly calls: ModuleIR['calls'] = []
  readonly imports: Import[] = []
  current!: Fn

  constructor(private readonly file: string) {}

  items(node: Node, fn: Fn): void {
    let attrs: Decorator[] = []
    for (const c of named(node)) {
      if (c.type === 'attribute_item') {
        attrs.push(this.attribute(c))
        continue
      }
      this.statement(c, fn, attrs, false)
      attrs = []
    }
  }

  private attribute(node: Node): Decorator {
    const attr = named(node).find((c) => c.type === 'attribute')
    const path = attr ? named(attr)[0] : undefined
    const args = attr ? field(attr, 'arguments') : undefined
    const strs = args ? args.descendantsOfType('string_literal').filter((s): s is Node => s !== null) : []
    return { name: path?.text ?? '', args: strs.map((s) => this.expr(s)), kw: [], pos: posOf(node) }
  }

  private fn(node: Node, parent: Fn, decorators: Decorator[], owner?: Fn['owner']): Fn {
    const fn = newFn(this.ids, this.file, node, parent, field(node, 'name')?.text)
    fn.decorators = decorators
    if (owner) fn.owner = owner
    this.fns.push(fn)
    const saved = this.current
    this.current = fn
    const params = field(node, 'parameters')
    if (params)
      named(params)
        .filter((p) => p.type === 'parameter' || p.type === 'identifier' || p.type === 'closure_parameter' || p.type.endsWith('pattern'))
        .forEach((p, i) => {
          const param = this.param(p, i)
          fn.params.push(param)
          declareParam(fn, param.target, param)
        })
    const body = field(node, 'body')
    if (body) {
      if (body.type === 'block') this.block(body, fn, true)
      else fn.body.push({ k: 'return', value: this.expr(body), pos: posOf(body) })
    }
    this.current = saved
    return fn
  }

  private param(node: Node, index: number): Param {
    const pattern = field(node, 'pattern') ?? node
    const p: Param = { index, target: this.target(pattern), decorators: [], pos: posOf(node) }
    const type = field(node, 'type')
    if (type) p.type = type.text
    return p
  }

  private target(node: Node): Target {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
        return { k: 'name', name: node.text, pos }
      case 'mut_pattern':
      case 'reference_pattern':
      case 'ref_pattern':
        return this.target(named(node).at(-1) ?? node)
      case 'tuple_struct_pattern':
      case 'tuple_pattern':
      case 'slice_pattern':
        return {
          k: 'items',
          items: named(node)
            .filter((c) => !same(c, field(node, 'type')))
            .map((c) => this.target(c)),
          pos,
        }
      case 'struct_pattern':
        return {
          k: 'props',
          props: named(node)
            .filter((c) => c.type === 'field_pattern')
            .map((c) => {
              const name = field(c, 'name')
              const pattern = field(c, 'pattern')
              return {
                key: name?.text ?? '',
                target: pattern ? this.target(pattern) : { k: 'name' as const, name: name?.text ?? '', pos: posOf(c) },
              }
            }),
          pos,
        }
      case 'field_expression':
      case 'index_expression':
        return { k: 'expr', expr: this.expr(node), pos }
      default:
        return { k: 'none', pos }
    }
  }

  private block(node: Node, fn: Fn, isBody: boolean): Expr | undefined {
    const children = named(node).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment')
    let attrs: Decorator[] = []
    let last: Expr | undefined
    children.forEach((c, i) => {
      if (c.type === 'attribute_item') {
        attrs.push(this.attribute(c))
        return
      }
      const isTail =
        i === children.length - 1 && !c.type.endsWith('_statement') && c.type !== 'let_declaration' && !c.type.endsWith('_item')
      if (isTail) {
        last = this.expr(c)
        if (isBody) fn.body.push({ k: 'return', value: last, pos: posOf(c) })
        else fn.body.push({ k: 'expr', expr: last, pos: posOf(c) })
      } else this.statement(c, fn, attrs, true)
      attrs = []
    })
    return last
  }

  private push(fn: Fn, stmt: Extract<Stmt, { k: 'let' }>): void {
    fn.body.push(stmt)
    declareLet(fn, stmt)
  }

  private statement(node: Node, fn: Fn, attrs: Decorator[], inBody: boolean): void {
    const pos = posOf(node)
    switch (node.type) {
      case 'line_comment':
      case 'block_comment':
      case 'struct_item':
      case 'enum_item':
      case 'type_item':
      case 'trait_item':
      case 'macro_definition':
      case 'extern_crate_declaration':
        return
      case 'function_item': {
        const f = this.fn(node, fn, attrs)
        if (f.name) declare(fn, f.name, { k: 'fn', fn: f })
        return
      }
      case 'impl_item': {
        const type = field(node, 'type')?.text ?? '(impl)'
        const body = field(node, 'body')
        if (body)
          for (const m of named(body))
            if (m.type === 'function_item') {
              const f = this.fn(m, fn, [], { name: type, decorators: [] })
              if (f.name) declare(fn, `${type}::${f.name}`, { k: 'fn', fn: f })
            }
        return
      }
      case 'mod_item': {
        const name = field(node, 'name')?.text
        const body = field(node, 'body')
        if (name && !body) this.imports.push({ local: name, module: `self::${name}`, imported: '*', pos })
        return
      }
      case 'use_declaration': {
        const arg = field(node, 'argument')
        if (arg) this.use(arg, [], pos)
        return
      }
      case 'const_item':
      case 'static_item': {
        const name = field(node, 'name')
        const value = field(node, 'value')
        if (name && value)
          this.push(fn, { k: 'let', target: { k: 'name', name: name.text, pos: posOf(name) }, value: this.expr(value), pos })
        return
      }
      case 'let_declaration': {
        const pattern = field(node, 'pattern')
        const value = field(node, 'value')
        if (pattern && value) this.push(fn, { k: 'let', target: this.target(pattern), value: this.expr(value), pos })
        const alt = field(node, 'alternative')
        if (alt) this.block(alt, fn, false)
        return
      }
      case 'expression_statement': {
        const e = named(node)[0]
        if (!e) return
        if (e.type === 'assignment_expression' || e.type === 'compound_assignment_expr') {
          const left = field(e, 'left')
          const right = field(e, 'right')
          if (left && right) this.push(fn, { k: 'let', target: this.target(left), value: this.expr(right), pos })
          return
        }
        fn.body.push({ k: 'expr', expr: this.expr(e), pos })
        return
      }
      default:
        void inBody
        fn.body.push({ k: 'expr', expr: this.expr(node), pos })
    }
  }

  private use(node: Node, prefix: string[], pos: Stmt['pos']): void {
    switch (node.type) {
      case 'scoped_identifier': {
        const path = field(node, 'path')
        const name = field(node, 'name')
        if (name)
          this.imports.push({ local: name.text, module: [...prefix, ...(path ? [path.text] : [])].join('::'), imported: name.text, pos })
        return
      }
      case 'identifier':
        this.imports.push({ local: node.text, module: prefix.join('::') || node.text, imported: prefix.length ? node.text : '*', pos })
        return
      case 'use_as_clause': {
        const path = field(node, 'path')
        const alias = field(node, 'alias')
        if (!path || !alias) return
        const parts = path.text.split('::')
        this.imports.push({ local: alias.text, module: [...prefix, ...parts.slice(0, -1)].join('::'), imported: parts.at(-1)!, pos })
        return
      }
      case 'scoped_use_list': {
        const path = field(node, 'path')
        const list = field(node, 'list')
        if (list) for (const c of named(list)) this.use(c, [...prefix, ...(path ? [path.text] : [])], pos)
        return
      }
      case 'use_list':
        for (const c of named(node)) this.use(c, prefix, pos)
        return
      default:
        return
    }
  }

  private args(node: Node | undefined): Expr[] {
    if (!node) return []
    return named(node)
      .filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment' && c.type !== 'attribute_item')
      .map((c) => this.expr(c))
  }

  /** crate::store::save → a synthetic namespace import for crate::store, and a member on it. */
  private path(node: Node): Expr {
    const pos = posOf(node)
    const path = field(node, 'path')
    const name = field(node, 'name')
    if (!name) return { k: 'opaque', pos }
    if (!path) return { k: 'name', name: name.text, pos }
    const head = path.text.split('::')[0]
    if (head === 'crate' || head === 'super' || head === 'self') {
      const local = `(path ${path.text})`
      if (!this.imports.some((i) => i.local === local)) this.imports.push({ local, module: path.text, imported: '*', pos })
      return { k: 'member', obj: { k: 'name', name: local, pos }, prop: name.text, pos }
    }
    return {
      k: 'member',
      obj: path.type === 'scoped_identifier' ? this.path(path) : { k: 'name', name: path.text, pos: posOf(path) },
      prop: name.text,
      pos,
    }
  }

  expr(node: Node): Expr {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
      case 'self':
        return { k: 'name', name: node.text, pos }
      case 'string_literal':
      case 'raw_string_literal':
        return {
          k: 'str',
          value: named(node)
            .filter((c) => c.type === 'string_content' || c.type === 'escape_sequence')
            .map((c) => c.text)
            .join(''),
          pos,
        }
      case 'scoped_identifier':
        return this.path(node)
      case 'generic_function': {
        const f = field(node, 'function')
        return f ? this.expr(f) : { k: 'opaque', pos }
      }
      case 'field_expression': {
        const value = field(node, 'value')
        const f = field(node, 'field')
        if (!value || !f) return { k: 'opaque', pos }
        return { k: 'member', obj: this.expr(value), prop: f.text, pos }
      }
      case 'call_expression': {
        const callee = field(node, 'function')
        const call = {
          k: 'call' as const,
          callee: callee ? this.expr(callee) : ({ k: 'opaque', pos } as Expr),
          args: this.args(field(node, 'arguments')),
          kw: [] as Array<[string, Expr]>,
          isNew: false,
          pos,
        }
        this.calls.push({ ...call, within: this.current })
        return call
      }
      case 'macro_invocation': {
        // format!("{}", id), vec![…]: the names inside the token tree are the macro's inputs
        const ids = node.descendantsOfType('identifier').filter((c): c is Node => c !== null)
        return { k: 'mix', parts: ids.slice(1).map((i) => ({ k: 'name' as const, name: i.text, pos: posOf(i) })), pos }
      }
      case 'closure_expression':
        return { k: 'fn', fn: this.fn(node, this.current, []) }
      case 'struct_expression': {
        const body = field(node, 'body')
        const entries: Extract<Expr, { k: 'object' }>['entries'] = []
        for (const c of body ? named(body) : []) {
          if (c.type === 'field_initializer') {
            const f = field(c, 'field')
            const v = field(c, 'value')
            if (f && v) entries.push({ key: f.text, value: this.expr(v) })
          } else if (c.type === 'shorthand_field_initializer') {
            const id = named(c)[0]
            if (id) entries.push({ key: id.text, value: { k: 'name', name: id.text, pos: posOf(id) } })
          }
        }
        return { k: 'object', entries, pos }
      }
      case 'block':
        return this.block(node, this.current, false) ?? { k: 'opaque', pos }
      case 'if_expression': {
        const cond = field(node, 'condition')
        if (cond) this.condition(cond)
        const cons = field(node, 'consequence')
        const alt = field(node, 'alternative')
        const parts: Expr[] = []
        if (cons) parts.push(this.expr(cons))
        if (alt) {
          const inner = named(alt)[0]
          if (inner) parts.push(this.expr(inner))
        }
        return { k: 'mix', parts, pos }
      }
      case 'match_expression': {
        const value = field(node, 'value')
        const v = value ? this.expr(value) : ({ k: 'opaque', pos } as Expr)
        const body = field(node, 'body')
        const parts: Expr[] = []
        for (const arm of body ? named(body).filter((c) => c.type === 'match_arm') : []) {
          const pattern = field(arm, 'pattern')
          const inner = pattern ? named(pattern)[0] : undefined
          if (inner) this.push(this.current, { k: 'let', target: this.target(inner), value: v, pos: posOf(arm) })
          const av = field(arm, 'value')
          if (av) parts.push(this.expr(av))
        }
        return { k: 'mix', parts, pos }
      }
      case 'return_expression': {
        const inner = named(node)[0]
        if (inner) this.current.body.push({ k: 'return', value: this.expr(inner), pos })
        return { k: 'opaque', pos }
      }
      case 'binary_expression': {
        const op = field(node, 'operator')?.text
        const parts = [field(node, 'left'), field(node, 'right')].filter((x): x is Node => Boolean(x)).map((x) => this.expr(x))
        return op === '+' ? { k: 'mix', parts, pos } : { k: 'mix', parts: [], pos }
      }
      case 'assignment_expression': {
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (!left || !right) return { k: 'opaque', pos }
        return { k: 'assign', target: this.target(left), value: this.expr(right), pos }
      }
      default:
        if (CARRYING.has(node.type)) {
          const inner = named(node).filter((c) => !c.type.includes('type'))
          return { k: 'mix', parts: inner.map((c) => this.expr(c)), pos }
        }
        return { k: 'opaque', pos }
    }
  }

  /** `if let Some(c) = jar.get("sid")` binds c; any other condition is evaluated for its calls. */
  private condition(node: Node): void {
    if (node.type === 'let_condition') {
      const pattern = field(node, 'pattern')
      const value = field(node, 'value')
      const inner = pattern
        ? pattern.type === 'tuple_struct_pattern'
          ? named(pattern).find((c) => !same(c, field(pattern, 'type')))
          : pattern
        : undefined
      if (inner && value) this.push(this.current, { k: 'let', target: this.target(inner), value: this.expr(value), pos: posOf(node) })
      return
    }
    if (node.type === 'let_chain') {
      for (const c of named(node)) this.condition(c)
      return
    }
    this.current.body.push({ k: 'expr', expr: this.expr(node), pos: posOf(node) })
  }
}
