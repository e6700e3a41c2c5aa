import type { FrameworkId } from '../model/report.js'
import type { ModuleIR } from './ir.js'
import type { Handler } from './handlers.js'
import { Interpreter, newTrace, type SessionWrite, type StoreKeyHit } from './flow/interpret.js'
import { isIdentityKey, isLoginName } from './flow/names.js'
import type { Program } from './program.js'
import type { Step } from './flow/value.js'

// The two code shapes, decided per handler from what the interpreter traced:
//  - client-id: a session id read from the client is the key of the item the login stores;
//  - no-rotate: a login writes the user into the framework's server-side session and nothing on
//    that path gives the session a new id.
// Both need the whole shape inside one handler (helpers included) and a login path; anything short
// of that is no finding.

export interface ShapeFinding {
  shape: 'client-id' | 'no-rotate'
  handler: Handler
  file: string
  pos: Step['pos']
  /** From the client's value to the store key (client-id), or to the session write (no-rotate). */
  flow: Step[]
  detail: StoreKeyHit | SessionWrite
}

const RAILS_SERVER_STORES = new Set(['active_record_store', 'redis_store', 'redis_session_store', 'cache_store', 'mem_cache_store'])

/** Which server-side session library each framework's session object comes from, when the project uses one. */
export function serverSessions(program: Program): Set<FrameworkId> {
  return sessionsIn(program, [...program.modules.values()])
}

// @sessionguard/session (and its express-session compatible middleware) rotates the id at every change of user itself
const SELF_ROTATING = (mod: string): boolean => mod === '@sessionguard/session' || mod.startsWith('@sessionguard/session/')
const SESSION_LIBRARIES = (mod: string): boolean =>
  SELF_ROTATING(mod) ||
  ['express-session', '@fastify/session', 'fastify-session', 'koa-session', 'koa-generic-session'].includes(mod) ||
  mod.startsWith('flask_session') ||
  mod.startsWith('tower_sessions') ||
  mod.startsWith('axum_session')

/**
 * The session libraries that apply to a handler: those its own file imports when it imports one (an
 * app that mounts @sessionguard/session's middleware is not an express-session app because another
 * file of the repository imports express-session), else the project's.
 */
function sessionsFor(program: Program, m: ModuleIR, projectWide: Set<FrameworkId>): Set<FrameworkId> {
  const own = m.imports.filter((i) => SESSION_LIBRARIES(i.module))
  if (own.length === 0) return projectWide
  if (own.some((i) => SELF_ROTATING(i.module))) return new Set()
  return sessionsIn(program, [m])
}

function sessionsIn(program: Program, modules: ModuleIR[]): Set<FrameworkId> {
  void program
  const out = new Set<FrameworkId>()
  for (const m of modules) {
    // Rails: config.session_store :active_record_store (or redis/cache stores); the default cookie store keeps no id on the server
    if (
      m.language === 'ruby' &&
      m.calls.some(
        (c) =>
          c.callee.k === 'member' &&
          c.callee.prop === 'session_store' &&
          c.args[0]?.k === 'str' &&
          RAILS_SERVER_STORES.has(c.args[0].value),
      )
    )
      out.add('rails')
    for (const i of m.imports) {
      const mod = i.module
      if (mod === 'express-session') out.add('express').add('nestjs')
      if (mod === '@fastify/session' || mod === 'fastify-session') out.add('fastify').add('nestjs')
      if (mod === 'koa-generic-session') out.add('koa')
      if (mod === 'koa-session' && koaSessionHasStore(m, i.local)) out.add('koa')
      if (mod.split('.')[0] === 'flask_session') out.add('flask')
      if (mod.split('.')[0] === 'django') out.add('django')
      if (mod.startsWith('tower_sessions') || mod.startsWith('axum_session')) out.add('axum')
    }
  }
  return out
}

// koa-session keeps the whole session in the cookie unless it is given a store: only then is there an id to fix
function koaSessionHasStore(m: ModuleIR, local: string): boolean {
  return m.calls.some(
    (c) =>
      c.callee.k === 'name' &&
      c.callee.name === local &&
      c.args.some((a) => a.k === 'object' && a.entries.some((e) => e.key === 'store' || e.key === 'ContextStore')),
  )
}

export function findShapes(program: Program, handlers: Handler[]): ShapeFinding[] {
  const sessions = serverSessions(program)
  const out: ShapeFinding[] = []
  const seen = new Set<string>()
  const push = (f: ShapeFinding): void => {
    const key = `${f.shape} ${f.file}:${f.pos.line}:${f.pos.column}`
    if (seen.has(key)) return
    seen.add(key)
    out.push(f)
  }
  for (const h of handlers) {
    const trace = newTrace()
    new Interpreter(program, trace).runEntry(h.fn, h.module, { args: h.args })
    // Rails: SessionsController#create / LoginController#create; Django class-based views: LoginView.post
    const ownerLogin = h.fn.owner
      ? /session|log_?in|sign_?in|auth/i.test(h.fn.owner.name) && ['create', 'login', 'post'].includes(h.fn.name ?? '')
      : false
    const login = isLoginName(h.route?.path) || isLoginName(h.fn.name) || ownerLogin
    for (const hit of trace.storeKeys) {
      if (!login && !hit.itemAttrs.some(isIdentityKey)) continue
      push({
        shape: 'client-id',
        handler: h,
        file: hit.file,
        pos: hit.pos,
        flow: [
          ...hit.taint.steps,
          { file: hit.file, pos: hit.pos, note: `stored as ${hit.attr}, the key of the session item (${hit.api})` },
        ],
        detail: hit,
      })
    }
    if (!login || trace.rotations.length || trace.delegated.length || !sessionsFor(program, h.module, sessions).has(h.framework)) continue
    const write = trace.writes.find((w) => isIdentityKey(w.key))
    if (write)
      push({
        shape: 'no-rotate',
        handler: h,
        file: write.file,
        pos: write.pos,
        flow: [
          { file: h.module.file, pos: h.fn.pos, note: `the login handler ${h.name} starts with the session the request arrived with` },
          { file: write.file, pos: write.pos, note: `writes ${write.key} into that session; no new session id is issued on this path` },
        ],
        detail: write,
      })
  }
  return out
}
