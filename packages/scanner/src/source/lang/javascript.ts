import type { Decorator, Expr, Fn, Import, Language, ModuleIR, Param, Stmt, Target } from '../ir.js'
import { declare, declareLet, declareParam, field, kids, named, newFn, posOf, type Node } from '../parse/nodes.js'

// JavaScript, TypeScript and TSX syntax trees (tree-sitter-javascript / -typescript) into the IR.
// ES modules and CommonJS (require, module.exports) both count as imports and exports.

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'generator_function',
  'method_definition',
])
// operators whose result can carry an operand's value (a ?? b, a || b, 'x' + a); comparisons and arithmetic cannot
const CARRYING_OPERATORS = new Set(['??', '||', '&&', '+'])
const WRAPPERS = new Set([
  'await_expression',
  'parenthesized_expression',
  'non_null_expression',
  'as_expression',
  'satisfies_expression',
  'type_assertion',
  'spread_element',
])

export function convertJavaScript(root: Node, file: string, language: Language, lines: number): ModuleIR {
  return new JsConverter(file, language).module(root, lines)
}

class JsConverter {
  private readonly ids = { next: 1 }
  private readonly fns: Fn[] = []
  private readonly calls: ModuleIR['calls'] = []
  private readonly imports: Import[] = []
  private readonly exports = new Map<string, string>()
  private current!: Fn

  constructor(
    private readonly file: string,
    private readonly language: Language,
  ) {}

  module(root: Node, lines: number): ModuleIR {
    const top = newFn(this.ids, this.file, root, undefined, '(module)')
    this.current = top
    this.block(root, top, true)
    return {
      file: this.file,
      language: this.language,
      top,
      imports: this.imports,
      exports: this.exports,
      fns: this.fns,
      calls: this.calls,
      lines,
      hasErrors: root.hasError,
    }
  }

  private fn(node: Node, parent: Fn, name?: string, decorators: Decorator[] = [], owner?: Fn['owner']): Fn {
    const ownName = field(node, 'name')
    const fn = newFn(this.ids, this.file, node, parent, ownName && node.type !== 'arrow_function' ? ownName.text : name)
    fn.decorators = decorators
    if (owner) fn.owner = owner
    this.fns.push(fn)
    const saved = this.current
    this.current = fn
    const params = field(node, 'parameters')
    const single = field(node, 'parameter')
    if (params)
      named(params)
        .filter((p) => p.type !== 'comment')
        .forEach((p, i) => fn.params.push(this.param(p, i)))
    else if (single) fn.params.push({ index: 0, target: this.target(single), decorators: [], pos: posOf(single) })
    for (const p of fn.params) declareParam(fn, p.target, p)
    const body = field(node, 'body')
    if (body) {
      if (body.type === 'statement_block') this.block(body, fn, false)
      else fn.body.push({ k: 'return', value: this.expr(body), pos: posOf(body) })
    }
    this.current = saved
    return fn
  }

  private param(node: Node, index: number): Param {
    const decorators = kids(node)
      .filter((c) => c.type === 'decorator')
      .map((d) => this.decorator(d))
    if (node.type === 'required_parameter' || node.type === 'optional_parameter') {
      const pattern = field(node, 'pattern') ?? named(node).find((c) => c.type !== 'decorator')!
      const type = field(node, 'type')
      const value = field(node, 'value')
      const p: Param = { index, target: this.target(pattern), decorators, pos: posOf(node) }
      if (type) p.type = type.text.replace(/^:\s*/, '')
      if (value) p.default = this.expr(value)
      return p
    }
    if (node.type === 'assignment_pattern') {
      const p: Param = { index, target: this.target(field(node, 'left') ?? node), decorators, pos: posOf(node) }
      const right = field(node, 'right')
      if (right) p.default = this.expr(right)
      return p
    }
    return { index, target: this.target(node), decorators, pos: posOf(node) }
  }

  private target(node: Node): Target {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
      case 'this':
        return { k: 'name', name: node.text, pos }
      case 'object_pattern': {
        const props: Array<{ key: string; target: Target }> = []
        let rest: Target | undefined
        for (const c of named(node)) {
          if (c.type === 'pair_pattern') {
            const key = field(c, 'key')
            const value = field(c, 'value')
            if (key && value) props.push({ key: keyText(key), target: this.target(value) })
          } else if (c.type === 'shorthand_property_identifier_pattern')
            props.push({ key: c.text, target: { k: 'name', name: c.text, pos: posOf(c) } })
          else if (c.type === 'object_assignment_pattern') {
            const left = field(c, 'left')
            if (left) props.push({ key: left.text, target: this.target(left) })
          } else if (c.type === 'rest_pattern') rest = this.target(named(c)[0] ?? c)
        }
        return rest ? { k: 'props', props, rest, pos } : { k: 'props', props, pos }
      }
      case 'array_pattern': {
        const items: Target[] = []
        let rest: Target | undefined
        for (const c of named(node)) {
          if (c.type === 'rest_pattern') rest = this.target(named(c)[0] ?? c)
          else items.push(this.target(c))
        }
        return rest ? { k: 'items', items, rest, pos } : { k: 'items', items, pos }
      }
      case 'assignment_pattern':
        return this.target(field(node, 'left') ?? node)
      case 'rest_pattern':
        return this.target(named(node)[0] ?? node)
      case 'member_expression':
      case 'subscript_expression':
        return { k: 'expr', expr: this.expr(node), pos }
      default:
        return { k: 'none', pos }
    }
  }

  private decorator(node: Node): Decorator {
    const inner = named(node)[0]
    const pos = posOf(node)
    if (inner?.type === 'call_expression') {
      const callee = field(inner, 'function')
      const args = field(inner, 'arguments')
      return { name: callee ? callee.text : '', args: args ? this.args(args) : [], kw: [], pos }
    }
    return { name: inner ? inner.text : '', args: [], kw: [], pos }
  }

  private block(node: Node, fn: Fn, topLevel: boolean): void {
    let pendingDecorators: Node[] = []
    for (const c of named(node)) {
      if (c.type === 'decorator') {
        pendingDecorators.push(c)
        continue
      }
      this.statement(c, fn, topLevel, pendingDecorators)
      pendingDecorators = []
    }
  }

  private push(fn: Fn, stmt: Stmt): void {
    fn.body.push(stmt)
    if (stmt.k === 'let') declareLet(fn, stmt)
  }

  private statement(node: Node, fn: Fn, topLevel: boolean, decorators: Node[] = []): void {
    const pos = posOf(node)
    switch (node.type) {
      case 'comment':
      case 'empty_statement':
      case 'debugger_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'interface_declaration':
      case 'type_alias_declaration':
      case 'enum_declaration':
      case 'ambient_declaration':
      case 'hash_bang_line':
        return
      case 'import_statement':
        this.importStatement(node)
        return
      case 'export_statement':
        this.exportStatement(node, fn, topLevel)
        return
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of named(node).filter((c) => c.type === 'variable_declarator')) this.declarator(d, fn, topLevel)
        return
      case 'function_declaration':
      case 'generator_function_declaration': {
        const f = this.fn(node, fn)
        if (f.name) declare(fn, f.name, { k: 'fn', fn: f })
        return
      }
      case 'class_declaration':
      case 'abstract_class_declaration':
      case 'class':
        this.classBody(
          node,
          fn,
          decorators.map((d) => this.decorator(d)),
        )
        return
      case 'return_statement': {
        const value = named(node)[0]
        fn.body.push(value ? { k: 'return', value: this.expr(value), pos } : { k: 'return', pos })
        return
      }
      case 'expression_statement': {
        const e = named(node)[0]
        if (!e) return
        if (e.type === 'assignment_expression' || e.type === 'augmented_assignment_expression') {
          this.assignment(e, fn, topLevel)
          return
        }
        fn.body.push({ k: 'expr', expr: this.expr(e), pos })
        return
      }
      case 'statement_block':
        this.block(node, fn, false)
        return
      case 'if_statement': {
        const cond = field(node, 'condition')
        if (cond) fn.body.push({ k: 'expr', expr: this.expr(cond), pos: posOf(cond) })
        const cons = field(node, 'consequence')
        if (cons) this.statement(cons, fn, false)
        const alt = field(node, 'alternative')
        if (alt) for (const c of named(alt)) this.statement(c, fn, false)
        return
      }
      case 'for_in_statement': {
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (left && right) {
          const stmt: Stmt = { k: 'for', target: this.target(left), iter: this.expr(right), pos }
          fn.body.push(stmt)
          // the loop variable is a local name of the function
          declareLet(fn, { k: 'let', target: stmt.target, value: stmt.iter, pos })
        }
        const body = field(node, 'body')
        if (body) this.statement(body, fn, false)
        return
      }
      case 'else_clause':
      case 'finally_clause':
      case 'switch_body':
      case 'switch_case':
      case 'switch_default':
      case 'labeled_statement':
        for (const c of named(node)) this.statement(c, fn, false)
        return
      case 'catch_clause': {
        const body = field(node, 'body')
        if (body) this.block(body, fn, false)
        return
      }
      case 'try_statement':
      case 'for_statement':
      case 'while_statement':
      case 'do_statement':
      case 'switch_statement':
      case 'with_statement':
        for (const c of named(node)) this.statement(c, fn, false)
        return
      default:
        // expressions in statement position (conditions, throw, sequence parts)
        if (node.type.endsWith('_statement') || node.type.endsWith('_declaration')) {
          for (const c of named(node)) this.statement(c, fn, false)
          return
        }
        fn.body.push({ k: 'expr', expr: this.expr(node), pos })
    }
  }

  private declarator(d: Node, fn: Fn, topLevel: boolean): void {
    const nameNode = field(d, 'name')
    const valueNode = field(d, 'value')
    if (!nameNode) return
    const target = this.target(nameNode)
    if (valueNode && this.requireCall(valueNode)) {
      this.requireImport(target, this.requireCall(valueNode)!, posOf(d))
      return
    }
    if (!valueNode) return
    const value = FUNCTION_TYPES.has(valueNode.type)
      ? { k: 'fn' as const, fn: this.fn(valueNode, fn, nameNode.text) }
      : this.expr(valueNode)
    this.push(fn, { k: 'let', target, value, pos: posOf(d) })
    void topLevel
  }

  private requireCall(node: Node): string | undefined {
    let n: Node | undefined = node
    while (n && (n.type === 'await_expression' || n.type === 'parenthesized_expression')) n = named(n)[0]
    if (n?.type !== 'call_expression') return undefined
    const callee = field(n, 'function')
    const args = field(n, 'arguments')
    const first = args ? named(args)[0] : undefined
    if (callee?.text !== 'require' || first?.type !== 'string') return undefined
    return stringValue(first)
  }

  private requireImport(target: Target, module: string, pos: Stmt['pos']): void {
    if (target.k === 'name') this.imports.push({ local: target.name, module, imported: '*', pos })
    else if (target.k === 'props')
      for (const p of target.props) if (p.target.k === 'name') this.imports.push({ local: p.target.name, module, imported: p.key, pos })
  }

  private assignment(e: Node, fn: Fn, topLevel: boolean): void {
    const left = field(e, 'left')
    const right = field(e, 'right')
    if (!left || !right) return
    const pos = posOf(e)
    // CommonJS exports: module.exports = …, exports.name = …
    if (topLevel && left.type === 'member_expression') {
      const text = left.text
      if (text === 'module.exports' || text === 'exports') {
        if (right.type === 'identifier') this.exports.set('default', right.text)
        else if (right.type === 'object')
          for (const c of named(right)) {
            if (c.type === 'shorthand_property_identifier') this.exports.set(c.text, c.text)
            else if (c.type === 'pair') {
              const k = field(c, 'key')
              const v = field(c, 'value')
              if (k && v?.type === 'identifier') this.exports.set(keyText(k), v.text)
            }
          }
      } else if (text.startsWith('exports.') || text.startsWith('module.exports.')) {
        const name = text.slice(text.lastIndexOf('.') + 1)
        if (right.type === 'identifier') this.exports.set(name, right.text)
        else if (FUNCTION_TYPES.has(right.type)) {
          const f = this.fn(right, fn, name)
          declare(fn, `exports.${name}`, { k: 'fn', fn: f })
          this.exports.set(name, `exports.${name}`)
          return
        }
      }
    }
    const value = FUNCTION_TYPES.has(right.type) ? { k: 'fn' as const, fn: this.fn(right, fn, left.text) } : this.expr(right)
    this.push(fn, { k: 'let', target: this.target(left), value, pos })
  }

  private importStatement(node: Node): void {
    const source = field(node, 'source')
    if (!source) return
    const module = stringValue(source)
    const pos = posOf(node)
    const clause = named(node).find((c) => c.type === 'import_clause')
    if (!clause) return
    for (const c of named(clause)) {
      if (c.type === 'identifier') this.imports.push({ local: c.text, module, imported: 'default', pos })
      else if (c.type === 'namespace_import') {
        const id = named(c).find((x) => x.type === 'identifier')
        if (id) this.imports.push({ local: id.text, module, imported: '*', pos })
      } else if (c.type === 'named_imports')
        for (const s of named(c).filter((x) => x.type === 'import_specifier')) {
          const name = field(s, 'name')
          const alias = field(s, 'alias')
          if (name) this.imports.push({ local: (alias ?? name).text, module, imported: keyText(name), pos })
        }
    }
  }

  private exportStatement(node: Node, fn: Fn, topLevel: boolean): void {
    const decl = field(node, 'declaration')
    const decorators = kids(node).filter((c) => c.type === 'decorator')
    const isDefault = kids(node).some((c) => c.type === 'default')
    if (decl) {
      const before = new Set(fn.decls.keys())
      const fnsBefore = this.fns.length
      this.statement(decl, fn, topLevel, decorators)
      for (const name of fn.decls.keys()) if (!before.has(name)) this.exports.set(isDefault ? 'default' : name, name)
      if (decl.type === 'class_declaration' || decl.type === 'abstract_class_declaration') void fnsBefore
      return
    }
    const value = field(node, 'value')
    if (value) {
      if (FUNCTION_TYPES.has(value.type)) {
        const f = this.fn(value, fn, 'default')
        declare(fn, '(default)', { k: 'fn', fn: f })
        this.exports.set('default', '(default)')
      } else if (value.type === 'identifier') this.exports.set('default', value.text)
      else fn.body.push({ k: 'expr', expr: this.expr(value), pos: posOf(value) })
      return
    }
    const clause = named(node).find((c) => c.type === 'export_clause')
    const source = field(node, 'source')
    if (clause)
      for (const s of named(clause).filter((x) => x.type === 'export_specifier')) {
        const name = field(s, 'name')
        const alias = field(s, 'alias')
        if (!name) continue
        if (source) {
          // re-export: an import under a private local name, exported again
          const local = `(reexport ${keyText(name)} from ${stringValue(source)})`
          this.imports.push({ local, module: stringValue(source), imported: keyText(name), pos: posOf(s) })
          this.exports.set(keyText(alias ?? name), local)
        } else this.exports.set(keyText(alias ?? name), keyText(name))
      }
  }

  private classBody(node: Node, fn: Fn, decorators: Decorator[]): void {
    const nameNode = field(node, 'name')
    const heritage = named(node).find((c) => c.type === 'class_heritage')
    const owner: NonNullable<Fn['owner']> = {
      name: nameNode?.text ?? '(class)',
      decorators: [
        ...decorators,
        ...kids(node)
          .filter((c) => c.type === 'decorator')
          .map((d) => this.decorator(d)),
      ],
    }
    if (heritage) owner.base = heritage.text.replace(/^extends\s+/, '')
    const body = field(node, 'body')
    if (!body) return
    let pending: Decorator[] = []
    for (const m of named(body)) {
      if (m.type === 'decorator') {
        pending.push(this.decorator(m))
        continue
      }
      const own = kids(m)
        .filter((c) => c.type === 'decorator')
        .map((d) => this.decorator(d))
      if (m.type === 'method_definition') {
        const f = this.fn(m, fn, undefined, [...pending, ...own], owner)
        if (f.name) declare(fn, `${owner.name}.${f.name}`, { k: 'fn', fn: f })
      } else if (m.type === 'public_field_definition' || m.type === 'field_definition') {
        const value = field(m, 'value')
        const name = field(m, 'name') ?? field(m, 'property')
        if (value && FUNCTION_TYPES.has(value.type) && name) {
          const f = this.fn(value, fn, name.text, [...pending, ...own], owner)
          declare(fn, `${owner.name}.${name.text}`, { k: 'fn', fn: f })
        }
      }
      pending = []
    }
    if (nameNode)
      declare(fn, nameNode.text, {
        k: 'let',
        stmt: {
          k: 'let',
          target: { k: 'name', name: nameNode.text, pos: posOf(nameNode) },
          value: { k: 'opaque', pos: posOf(node) },
          pos: posOf(node),
        },
      })
  }

  private args(node: Node): Expr[] {
    return named(node)
      .filter((c) => c.type !== 'comment')
      .map((c) => (FUNCTION_TYPES.has(c.type) ? { k: 'fn' as const, fn: this.fn(c, this.current) } : this.expr(c)))
  }

  expr(node: Node): Expr {
    const pos = posOf(node)
    switch (node.type) {
      case 'identifier':
      case 'this':
      case 'super':
      case 'shorthand_property_identifier':
        return { k: 'name', name: node.text, pos }
      case 'string':
        return { k: 'str', value: stringValue(node), pos }
      case 'template_string': {
        const subs = named(node).filter((c) => c.type === 'template_substitution')
        if (subs.length === 0) return { k: 'str', value: node.text.slice(1, -1), pos }
        return { k: 'mix', parts: subs.map((s) => this.expr(named(s)[0] ?? s)), pos }
      }
      case 'member_expression': {
        const obj = field(node, 'object')
        const prop = field(node, 'property')
        if (!obj || !prop) return { k: 'opaque', pos }
        return { k: 'member', obj: this.expr(obj), prop: prop.text, pos }
      }
      case 'subscript_expression': {
        const obj = field(node, 'object')
        const index = field(node, 'index')
        if (!obj || !index) return { k: 'opaque', pos }
        if (index.type === 'string') return { k: 'member', obj: this.expr(obj), prop: stringValue(index), pos }
        if (index.type === 'number') return { k: 'member', obj: this.expr(obj), prop: index.text, pos }
        return { k: 'index', obj: this.expr(obj), index: this.expr(index), pos }
      }
      case 'call_expression': {
        const callee = field(node, 'function')
        const args = field(node, 'arguments')
        const call = {
          k: 'call' as const,
          callee: callee ? this.expr(callee) : ({ k: 'opaque', pos } as Expr),
          args: args && args.type === 'arguments' ? this.args(args) : [],
          kw: [] as Array<[string, Expr]>,
          isNew: false,
          pos,
        }
        this.calls.push({ ...call, within: this.current })
        return call
      }
      case 'new_expression': {
        const ctor = field(node, 'constructor')
        const args = field(node, 'arguments')
        const call = {
          k: 'call' as const,
          callee: ctor ? this.expr(ctor) : ({ k: 'opaque', pos } as Expr),
          args: args ? this.args(args) : [],
          kw: [] as Array<[string, Expr]>,
          isNew: true,
          pos,
        }
        this.calls.push({ ...call, within: this.current })
        return call
      }
      case 'binary_expression': {
        const op = field(node, 'operator')?.text ?? ''
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (!CARRYING_OPERATORS.has(op) || !left || !right) {
          // still convert operands: calls inside them are part of the path (await check(pw) && …)
          return { k: 'mix', parts: [], pos, ...this.sideEffects(named(node)) }
        }
        return { k: 'mix', parts: [this.expr(left), this.expr(right)], pos }
      }
      case 'ternary_expression': {
        const cond = field(node, 'condition')
        const parts = [field(node, 'consequence'), field(node, 'alternative')].filter((x): x is Node => Boolean(x)).map((x) => this.expr(x))
        if (cond) this.sideEffects([cond])
        return { k: 'mix', parts, pos }
      }
      case 'object': {
        const entries: Extract<Expr, { k: 'object' }>['entries'] = []
        for (const c of named(node)) {
          if (c.type === 'pair') {
            const k = field(c, 'key')
            const v = field(c, 'value')
            if (!v) continue
            const value = FUNCTION_TYPES.has(v.type) ? { k: 'fn' as const, fn: this.fn(v, this.current, k?.text) } : this.expr(v)
            if (k && k.type !== 'computed_property_name') entries.push({ key: keyText(k), value })
            else entries.push({ value })
          } else if (c.type === 'shorthand_property_identifier')
            entries.push({ key: c.text, value: { k: 'name', name: c.text, pos: posOf(c) } })
          else if (c.type === 'spread_element') entries.push({ value: this.expr(named(c)[0] ?? c), spread: true })
          else if (c.type === 'method_definition') {
            const f = this.fn(c, this.current)
            entries.push(f.name ? { key: f.name, value: { k: 'fn', fn: f } } : { value: { k: 'fn', fn: f } })
          }
        }
        return { k: 'object', entries, pos }
      }
      case 'array':
      case 'sequence_expression':
        return { k: 'mix', parts: named(node).map((c) => this.expr(c)), pos }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return { k: 'fn', fn: this.fn(node, this.current) }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        const left = field(node, 'left')
        const right = field(node, 'right')
        if (!left || !right) return { k: 'opaque', pos }
        return { k: 'assign', target: this.target(left), value: this.expr(right), pos }
      }
      case 'unary_expression':
      case 'update_expression':
        return { k: 'mix', parts: [], pos, ...this.sideEffects(named(node)) }
      default:
        if (WRAPPERS.has(node.type)) {
          const inner = named(node).find((c) => !c.type.includes('type'))
          return inner ? { k: 'mix', parts: [this.expr(inner)], pos } : { k: 'opaque', pos }
        }
        return { k: 'opaque', pos }
    }
  }

  /** Converts sub-expressions for their calls only (their value does not flow on). */
  private sideEffects(nodes: Node[]): Record<string, never> {
    for (const n of nodes) {
      const e = this.expr(n)
      if (e.k !== 'opaque') this.current.body.push({ k: 'expr', expr: e, pos: posOf(n) })
    }
    return {}
  }
}

function keyText(node: Node): string {
  return node.type === 'string' ? stringValue(node) : node.text
}

export function stringValue(node: Node): string {
  const fragments = named(node).filter((c) => c.type === 'string_fragment' || c.type === 'escape_sequence')
  if (fragments.length) return fragments.map((f) => f.text).join('')
  return node.text.replace(/^['"`]|['"`]$/g, '')
}
