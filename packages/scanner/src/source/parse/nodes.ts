import type { Node } from 'web-tree-sitter'
import type { Decl, Fn, Param, Pos, Stmt, Target } from '../ir.js'

// Helpers every language converter shares: positions, string literals, function records and their
// declaration tables.

export type { Node }

export function posOf(n: Node): Pos {
  return {
    line: n.startPosition.row + 1,
    column: n.startPosition.column + 1,
    endLine: n.endPosition.row + 1,
    endColumn: n.endPosition.column + 1,
  }
}

export function field(n: Node, name: string): Node | undefined {
  return n.childForFieldName(name) ?? undefined
}

export function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null)
}

/** web-tree-sitter hands out a new wrapper per access: nodes are the same when their ids are. */
export function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return Boolean(a && b && a.id === b.id)
}

export function kids(n: Node): Node[] {
  return n.children.filter((c): c is Node => c !== null)
}

/** The first line of a node's text, clipped: a function's head for reports. */
export function headOf(n: Node): string {
  const first = n.text.split('\n', 1)[0] ?? ''
  return first.length > 160 ? `${first.slice(0, 157)}...` : first
}

/** A fresh function record; converters fill params, body and declarations. */
export function newFn(ids: { next: number }, file: string, node: Node, parent: Fn | undefined, name?: string): Fn {
  const fn: Fn = {
    id: ids.next++,
    file,
    params: [],
    body: [],
    decorators: [],
    decls: new Map(),
    pos: posOf(node),
    head: headOf(node),
  }
  if (name !== undefined) fn.name = name
  if (parent) fn.parent = parent
  return fn
}

export function declare(fn: Fn, name: string, decl: Decl): void {
  const list = fn.decls.get(name)
  if (list) list.push(decl)
  else fn.decls.set(name, [decl])
}

/** Declares every name a let statement binds (destructuring included). */
export function declareLet(fn: Fn, stmt: Extract<Stmt, { k: 'let' }>): void {
  const visit = (t: Extract<Stmt, { k: 'let' }>['target']): void => {
    if (t.k === 'name') declare(fn, t.name, { k: 'let', stmt })
    else if (t.k === 'props') {
      for (const p of t.props) visit(p.target)
      if (t.rest) visit(t.rest)
    } else if (t.k === 'items') {
      for (const i of t.items) visit(i)
      if (t.rest) visit(t.rest)
    }
  }
  visit(stmt.target)
}

/** Declares every name a parameter binds (destructured parameters included). */
export function declareParam(fn: Fn, t: Target, param: Param): void {
  if (t.k === 'name') declare(fn, t.name, { k: 'param', param })
  else if (t.k === 'props') {
    for (const p of t.props) declareParam(fn, p.target, param)
    if (t.rest) declareParam(fn, t.rest, param)
  } else if (t.k === 'items') {
    for (const i of t.items) declareParam(fn, i, param)
    if (t.rest) declareParam(fn, t.rest, param)
  }
}
