import type { FrameworkId } from '../model/report.js'
import type { Expr, Fn, ModuleIR } from './ir.js'
import { dotted, lastName } from './ir.js'
import { Interpreter, newTrace } from './flow/interpret.js'
import type { Program } from './program.js'
import { role, type Value } from './flow/value.js'

// Where the handlers are: the routes a file registers (Express/Koa/Hono/Fastify calls, NestJS and
// FastAPI/Flask decorators, Axum routers), Django views, Rails controller actions. A handler whose
// function cannot be resolved is left out: no handler, no finding.

export interface Handler {
  module: ModuleIR
  fn: Fn
  framework: FrameworkId
  route?: { method: string; path: string }
  /** "POST /login" when the route is known, else the function's name. */
  name: string
  /** What the framework passes for the parameters, by index. */
  args: Value[]
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'any'])
const RECEIVER_NAMES = /^(app|router|server|fastify|api|routes?|r|auth|authRouter|v1)$/i

export function jsFramework(m: ModuleIR): FrameworkId | undefined {
  for (const i of m.imports) {
    const mod = i.module
    if (mod === 'express' || mod.startsWith('express/')) return 'express'
    if (mod === 'fastify') return 'fastify'
    if (mod === 'koa' || mod === '@koa/router' || mod === 'koa-router') return 'koa'
    if (mod === 'hono' || mod.startsWith('hono/')) return 'hono'
    if (mod.startsWith('@nestjs/')) return 'nestjs'
  }
  return undefined
}

function pythonFramework(m: ModuleIR): FrameworkId | undefined {
  for (const i of m.imports) {
    const root = i.module.split('.')[0]
    if (root === 'fastapi' || root === 'starlette') return 'fastapi'
    if (root === 'flask') return 'flask'
    if (root === 'django') return 'django'
  }
  return undefined
}

const strOf = (e: Expr | undefined): string | undefined => (e?.k === 'str' ? e.value : undefined)

export function findHandlers(program: Program): Handler[] {
  const out: Handler[] = []
  const resolver = new Interpreter(program, newTrace())
  const resolve = (e: Expr, m: ModuleIR, within: Fn): Fn[] => {
    if (e.k === 'fn') return [e.fn]
    if (e.k !== 'name' && e.k !== 'member') return []
    const v = resolver.eval(e, resolver.staticScope(within, m), 0)
    return v.fns.map((c) => c.fn)
  }
  for (const m of program.modules.values()) {
    if (m.language === 'python') out.push(...pythonHandlers(m))
    else if (m.language === 'rust') out.push(...rustHandlers(m, resolve))
    else if (m.language === 'ruby') out.push(...rubyHandlers(m))
    else out.push(...jsHandlers(m, resolve))
  }
  return out
}

function jsHandlers(m: ModuleIR, resolve: (e: Expr, m: ModuleIR, within: Fn) => Fn[]): Handler[] {
  const framework = jsFramework(m)
  const out: Handler[] = []
  const seen = new Set<Fn>()
  const add = (fn: Fn, route: Handler['route'], fw: FrameworkId, args: Value[]): void => {
    if (seen.has(fn)) return
    seen.add(fn)
    const h: Handler = { module: m, fn, framework: fw, name: route ? `${route.method} ${route.path}` : (fn.name ?? '(anonymous)'), args }
    if (route) h.route = route
    out.push(h)
  }
  for (const call of m.calls) {
    if (call.callee.k !== 'member') continue
    const method = call.callee.prop
    const receiver = call.callee.obj
    if (HTTP_METHODS.has(method)) {
      let path = strOf(call.args[0])
      let handlerArgs = call.args.slice(1)
      // app.route('/login').post(handler)
      if (path === undefined && receiver.k === 'call' && lastName(receiver.callee) === 'route') {
        path = strOf(receiver.args[0])
        handlerArgs = call.args
      }
      if (path === undefined || !(path.startsWith('/') || path === '*')) continue
      const recvName = dotted(receiver.k === 'call' && receiver.callee.k === 'member' ? receiver.callee.obj : receiver)
      if (!framework && !(recvName && RECEIVER_NAMES.test(recvName.split('.').at(-1) ?? ''))) continue
      const fns = handlerArgs.flatMap((a) => resolve(a, m, call.within))
      const route = { method: method === 'del' ? 'DELETE' : method.toUpperCase(), path }
      for (const fn of fns) add(fn, route, framework ?? 'express', [role('request')])
    } else if (method === 'route' && call.args[0]?.k === 'object') {
      // fastify.route({ method: 'POST', url: '/login', handler })
      const entries = call.args[0].entries
      const get = (k: string): Expr | undefined => entries.find((e) => e.key === k)?.value
      const url = strOf(get('url')) ?? strOf(get('path'))
      const verb = strOf(get('method'))
      const handler = get('handler')
      if (url && handler)
        for (const fn of resolve(handler, m, call.within))
          add(fn, { method: (verb ?? 'GET').toUpperCase(), path: url }, framework ?? 'fastify', [role('request')])
    }
  }
  // NestJS: @Controller('auth') class with @Post('login') methods
  for (const fn of m.fns) {
    const controller = fn.owner?.decorators.find((d) => d.name === 'Controller')
    if (!controller) continue
    const verb = fn.decorators.find((d) => ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All'].includes(d.name))
    if (!verb) continue
    const prefix = strOf(controller.args[0]) ?? ''
    const sub = strOf(verb.args[0]) ?? ''
    const path = `/${[prefix, sub]
      .map((s) => s.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/')}`
    add(fn, { method: verb.name.toUpperCase(), path }, 'nestjs', [])
  }
  return out
}

function pythonHandlers(m: ModuleIR): Handler[] {
  const framework = pythonFramework(m)
  const out: Handler[] = []
  for (const fn of m.fns) {
    const route = fn.decorators.find((d) => {
      const last = d.name.split('.').at(-1) ?? ''
      return (
        d.name.includes('.') && (HTTP_METHODS.has(last) || last === 'route' || last === 'api_route') && strOf(d.args[0])?.startsWith('/')
      )
    })
    if (route) {
      const last = route.name.split('.').at(-1)!
      const methods = route.kw.find(([k]) => k === 'methods')?.[1]
      const listed = methods?.k === 'mix' ? strOf(methods.parts[0]) : undefined
      const verb = HTTP_METHODS.has(last) ? last.toUpperCase() : (listed ?? 'GET').toUpperCase()
      const path = strOf(route.args[0])!
      out.push({ module: m, fn, framework: framework ?? 'generic', route: { method: verb, path }, name: `${verb} ${path}`, args: [] })
      continue
    }
    // Django views: a function (or a class-based view's method) taking the request
    if (framework === 'django') {
      const requestParam = fn.params.find((p) => p.target.k === 'name' && p.target.name === 'request')
      if (requestParam && (!fn.owner || /View\b/.test(fn.owner.base ?? '')))
        out.push({ module: m, fn, framework: 'django', name: fn.owner ? `${fn.owner.name}.${fn.name}` : (fn.name ?? '(view)'), args: [] })
    }
  }
  return out
}

function rustHandlers(m: ModuleIR, resolve: (e: Expr, m: ModuleIR, within: Fn) => Fn[]): Handler[] {
  const out: Handler[] = []
  const seen = new Set<Fn>()
  for (const call of m.calls) {
    if (call.callee.k !== 'member' || call.callee.prop !== 'route') continue
    const path = strOf(call.args[0])
    if (!path?.startsWith('/')) continue
    // post(login), get(a).post(b)
    const visit = (e: Expr | undefined): void => {
      if (e?.k !== 'call') return
      const verb = lastName(e.callee)
      if (!verb || !HTTP_METHODS.has(verb)) return
      if (e.callee.k === 'member') visit(e.callee.obj)
      const target = e.args[0]
      if (!target) return
      for (const fn of resolve(target, m, call.within)) {
        if (seen.has(fn)) continue
        seen.add(fn)
        out.push({
          module: m,
          fn,
          framework: 'axum',
          route: { method: verb.toUpperCase(), path },
          name: `${verb.toUpperCase()} ${path}`,
          args: [],
        })
      }
    }
    visit(call.args[1])
  }
  // actix-web style attributes: #[post("/login")]
  for (const fn of m.fns) {
    if (seen.has(fn)) continue
    const attr = fn.decorators.find((d) => HTTP_METHODS.has(d.name) && strOf(d.args[0])?.startsWith('/'))
    if (attr)
      out.push({
        module: m,
        fn,
        framework: 'generic',
        route: { method: attr.name.toUpperCase(), path: strOf(attr.args[0])! },
        name: `${attr.name.toUpperCase()} ${strOf(attr.args[0])}`,
        args: [],
      })
  }
  return out
}

function rubyHandlers(m: ModuleIR): Handler[] {
  const out: Handler[] = []
  for (const fn of m.fns) {
    if (!fn.owner || !/Controller\b/.test(fn.owner.base ?? '') || !fn.name) continue
    out.push({ module: m, fn, framework: 'rails', name: `${fn.owner.name}#${fn.name}`, args: [] })
  }
  return out
}
