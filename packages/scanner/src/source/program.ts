import { posix } from 'node:path'
import type { Decl, Fn, Import, ModuleIR } from './ir.js'

// The files of one check, and how an import in one of them finds the function or value it names in
// another: relative ES/CommonJS imports, Python package-relative and project-absolute imports, Rust
// `crate::`/`super::`/`mod` paths. A package import (express, flask, aws_sdk_dynamodb) resolves to
// nothing here: the engine treats it as an external symbol.

export type Resolved = { module: ModuleIR; decls: Decl[]; local: string } | { module: ModuleIR; namespace: true }

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']

export class Program {
  readonly modules = new Map<string, ModuleIR>()

  add(m: ModuleIR): void {
    this.modules.set(m.file, m)
  }

  /** The module an import specifier names, if it is one of the checked files. */
  moduleFor(from: ModuleIR, specifier: string): ModuleIR | undefined {
    if (from.language === 'python') return this.pythonModule(from, specifier)
    if (from.language === 'rust') return this.rustModule(from, specifier.split('::'))
    if (from.language === 'ruby') return undefined
    if (!specifier.startsWith('.')) return undefined
    const base = posix.normalize(posix.join(posix.dirname(from.file), specifier))
    const stem = base.replace(/\.(m|c)?jsx?$/, '')
    const candidates = [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)]
    for (const c of candidates) {
      const m = this.modules.get(c)
      if (m) return m
    }
    return undefined
  }

  /** Follows an import to the declaration it names (through re-exports), or to a namespace. */
  resolve(from: ModuleIR, imp: Import, depth = 0): Resolved | undefined {
    if (depth > 5) return undefined
    const target = this.moduleFor(from, imp.module)
    if (!target) return undefined
    if (imp.imported === '*') return { module: target, namespace: true }
    return this.exported(target, imp.imported, depth)
  }

  exported(m: ModuleIR, name: string, depth = 0): Resolved | undefined {
    // Python and Rust export every top-level name; JS only what it exports
    const local = m.language === 'javascript' || m.language === 'typescript' || m.language === 'tsx' ? m.exports.get(name) : name
    if (local === undefined) return undefined
    const decls = m.top.decls.get(local)
    if (decls?.length) return { module: m, decls, local }
    const imp = m.imports.find((i) => i.local === local)
    if (imp) return this.resolve(m, imp, depth + 1)
    return undefined
  }

  private pythonModule(from: ModuleIR, specifier: string): ModuleIR | undefined {
    const dots = /^\.*/.exec(specifier)![0].length
    const rest = specifier.slice(dots).split('.').filter(Boolean)
    const roots: string[] = []
    if (dots > 0) {
      let dir = posix.dirname(from.file)
      for (let i = 1; i < dots; i++) dir = posix.dirname(dir)
      roots.push(dir)
    } else {
      // an absolute import: from the file's folder up to the checked directory's root
      let dir = posix.dirname(from.file)
      for (;;) {
        roots.push(dir)
        if (dir === '.' || dir === '/' || dir === '') break
        dir = posix.dirname(dir)
      }
    }
    for (const root of roots) {
      const base = rest.length ? posix.join(root, ...rest) : root
      const m = this.modules.get(`${base}.py`) ?? this.modules.get(`${base}/__init__.py`)
      if (m) return m
    }
    return undefined
  }

  /** `crate::store`, `super::db`, `self::x`, or a sibling `mod store;`. */
  rustModule(from: ModuleIR, path: string[]): ModuleIR | undefined {
    const dir = posix.dirname(from.file)
    const own =
      posix.basename(from.file) === 'mod.rs' || posix.basename(from.file) === 'lib.rs' || posix.basename(from.file) === 'main.rs'
        ? dir
        : posix.join(dir, posix.basename(from.file, '.rs'))
    let base: string
    let rest = path
    if (path[0] === 'crate') {
      base = this.crateRoot(from)
      rest = path.slice(1)
    } else if (path[0] === 'super') {
      base = posix.dirname(own)
      rest = path.slice(1)
    } else if (path[0] === 'self') {
      base = own
      rest = path.slice(1)
    } else base = own
    for (let n = rest.length; n > 0; n--) {
      const p = posix.join(base, ...rest.slice(0, n))
      const m = this.modules.get(`${p}.rs`) ?? this.modules.get(`${p}/mod.rs`)
      if (m) return m
    }
    return undefined
  }

  private crateRoot(from: ModuleIR): string {
    let dir = posix.dirname(from.file)
    for (;;) {
      if (this.modules.has(`${dir}/main.rs`) || this.modules.has(`${dir}/lib.rs`)) return dir
      const up = posix.dirname(dir)
      if (up === dir) return posix.dirname(from.file)
      dir = up
    }
  }
}

/** Every function a module declares at its top level under `name` (a Python def, a JS function or const arrow). */
export function topFunctions(m: ModuleIR, name: string): Fn[] {
  return (m.top.decls.get(name) ?? []).flatMap((d) =>
    d.k === 'fn' ? [d.fn] : d.k === 'let' && d.stmt.value.k === 'fn' ? [d.stmt.value.fn] : [],
  )
}
