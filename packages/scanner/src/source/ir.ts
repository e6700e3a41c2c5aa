// A small intermediate form of the code the check reasons about. Each language's syntax tree
// (tree-sitter) is converted into it once per file (lang/<language>.ts), so the taint engine
// (flow/) and the shapes (shapes.ts) are written once for TypeScript/JavaScript, Python, Rust and
// Ruby. It keeps only what the shapes need: names, member access, calls, object/dict literals,
// functions with their parameters and decorators, assignments and returns, each with its position.

/** 1-based lines and columns (columns in UTF-16 code units, as SARIF counts them by default). */
export interface Pos {
  line: number
  column: number
  endLine: number
  endColumn: number
}

export type Expr =
  | { k: 'name'; name: string; pos: Pos }
  | { k: 'str'; value: string; pos: Pos }
  /** a.b, a['b'], a?.b, A::b (Rust paths), A.b (Python attributes) */
  | { k: 'member'; obj: Expr; prop: string; pos: Pos }
  /** a[x] with a computed index */
  | { k: 'index'; obj: Expr; index: Expr; pos: Pos }
  /** f(a, b, key=c); `new F(a)` has isNew */
  | { k: 'call'; callee: Expr; args: Expr[]; kw: Array<[string, Expr]>; isNew: boolean; pos: Pos }
  /** JS object literal, Python dict, Rust struct literal: entries with a literal key keep it */
  | { k: 'object'; entries: Array<{ key?: string; value: Expr; spread?: boolean }>; pos: Pos }
  | { k: 'fn'; fn: Fn }
  /** The value may be any of the parts: a ?? b, a || b, c ? a : b, `${a}`, [a, b], await a, (a), a as T */
  | { k: 'mix'; parts: Expr[]; pos: Pos }
  /** An assignment used as an expression (JS) */
  | { k: 'assign'; target: Target; value: Expr; pos: Pos }
  /** literals and everything the shapes never need to look into */
  | { k: 'opaque'; pos: Pos }

export type Target =
  | { k: 'name'; name: string; pos: Pos }
  /** { a, b: c, ...rest } / Rust `State(x)` and `Json(body)` (props by position "0") */
  | { k: 'props'; props: Array<{ key: string; target: Target }>; rest?: Target; pos: Pos }
  /** [a, ...rest] / (a, b) */
  | { k: 'items'; items: Target[]; rest?: Target; pos: Pos }
  /** a store into a member or an index: req.session.user = … */
  | { k: 'expr'; expr: Expr; pos: Pos }
  | { k: 'none'; pos: Pos }

export type Stmt =
  | { k: 'let'; target: Target; value: Expr; pos: Pos }
  | { k: 'expr'; expr: Expr; pos: Pos }
  | { k: 'return'; value?: Expr; pos: Pos }
  | { k: 'for'; target: Target; iter: Expr; pos: Pos }

export interface Decorator {
  /** The decorator's callee as dotted text: "app.post", "Post", "router.route". */
  name: string
  args: Expr[]
  kw: Array<[string, Expr]>
  pos: Pos
}

export interface Param {
  index: number
  target: Target
  /** The type annotation as written (TS, Python, Rust), without whitespace changes. */
  type?: string
  default?: Expr
  decorators: Decorator[]
  pos: Pos
}

export interface Fn {
  id: number
  file: string
  name?: string
  params: Param[]
  /** Statements in source order, nested blocks flattened (the engine is flow-insensitive inside a function). */
  body: Stmt[]
  decorators: Decorator[]
  /** The class a method belongs to, with its decorators (NestJS controllers, Rails controllers). */
  owner?: { name: string; decorators: Decorator[]; base?: string }
  /** Names declared directly in this function: function declarations and the targets of its let statements. */
  decls: Map<string, Decl[]>
  parent?: Fn
  pos: Pos
  /** The text of the function's first line, for reports. */
  head: string
}

export type Decl = { k: 'fn'; fn: Fn } | { k: 'let'; stmt: Extract<Stmt, { k: 'let' }> } | { k: 'param'; param: Param }

export interface Import {
  local: string
  /** As written: './session.js', 'express', 'crate::store', 'app.db'. */
  module: string
  /** The exported name, 'default', or '*' for a namespace import. */
  imported: string
  pos: Pos
}

export type Language = 'javascript' | 'typescript' | 'tsx' | 'python' | 'rust' | 'ruby'

export interface ModuleIR {
  file: string
  language: Language
  /** The module body as a function without parameters: top-level statements and declarations. */
  top: Fn
  imports: Import[]
  /** exported name → local name ('default' for a default export). */
  exports: Map<string, string>
  /** Every function of the file, nested ones included. */
  fns: Fn[]
  /** Calls anywhere in the file (top level or nested), where routes are registered: app.post('/login', h). */
  calls: Array<Extract<Expr, { k: 'call' }> & { within: Fn }>
  lines: number
  /** The parser recovered from syntax errors somewhere in the file. */
  hasErrors: boolean
  /** String literals with a secret's name, masked in excerpts (secrets.ts). */
  secrets?: Array<{ line: number; start: number; end: number }>
}

export const NO_POS: Pos = { line: 1, column: 1, endLine: 1, endColumn: 1 }

/** Dotted text of a callee: app.post, Router.route, AttributeValue.S; undefined when not a plain path. */
export function dotted(e: Expr): string | undefined {
  if (e.k === 'name') return e.name
  if (e.k === 'member') {
    const left = dotted(e.obj)
    return left === undefined ? undefined : `${left}.${e.prop}`
  }
  return undefined
}

/** The last segment of a callee: `post` for app.post, `put_item` for client.put_item. */
export function lastName(e: Expr): string | undefined {
  if (e.k === 'name') return e.name
  if (e.k === 'member') return e.prop
  return undefined
}
