import type { Expr, Fn, Language, Param, Pos } from '../ir.js'
import { isSessionCarrierName, isSessionKeyAttribute } from './names.js'
import type { Trace } from './trace.js'
import { empty, role, tainted, type Carrier, type Role, type Step, type Taint, type Value } from './value.js'

// What the frameworks' objects are: where a request exposes what the client sent (the sources), how
// a session is written and rotated, and which calls store an item in DynamoDB (the sinks). The
// engine asks these rules at every member access and call; they are keyed by roles, never by a
// variable's name, except where a framework itself fixes the name (Django's `login`, Hono's
// `getCookie`, Rails' `reset_session`).

const REQUEST_MEMBERS: Record<string, Role> = {
  cookies: 'cookies',
  COOKIES: 'cookies',
  signedCookies: 'cookies',
  signed_cookies: 'cookies',
  headers: 'headers',
  META: 'headers',
  query: 'query',
  query_params: 'query',
  args: 'query',
  GET: 'query',
  searchParams: 'query',
  params: 'query',
  body: 'body',
  form: 'body',
  POST: 'body',
  session: 'session',
  req: 'request',
  request: 'request',
  raw: 'request',
}
// names that are methods of a cookies/headers/query bag, not entries of it
const BAG_METHODS = new Set([
  'get',
  'getAll',
  'get_all',
  'getlist',
  'getList',
  'has',
  'set',
  'keys',
  'values',
  'entries',
  'items',
  'forEach',
  'toString',
  'raw',
  'append',
  'delete',
])

function source(carrier: Carrier, name: string | undefined, at: Step, via: string): Value {
  const what = carrier === 'cookie' && name === undefined ? 'the raw Cookie header' : `the ${carrier}${name ? ` ${name}` : ''}`
  const taint: Taint = { carrier, steps: [{ ...at, note: `reads ${what} the client sent (${via})` }] }
  if (name !== undefined) taint.name = name
  return tainted(taint)
}

/** HTTP_X_SESSION_ID (Django's META) → x-session-id. */
function headerName(raw: string): string {
  return raw.startsWith('HTTP_') ? raw.slice(5).toLowerCase().replace(/_/g, '-') : raw
}

function headerSource(raw: string | undefined, at: Step, via: string): Value {
  if (raw === undefined) return source('header', undefined, at, via)
  const name = headerName(raw)
  if (name.toLowerCase() === 'cookie') return source('cookie', undefined, at, via)
  return source('header', name, at, via)
}

export function memberOf(r: Role, prop: string, at: Omit<Step, 'note'>): Value | undefined {
  const step = { ...at, note: '' }
  switch (r) {
    case 'request': {
      const to = REQUEST_MEMBERS[prop]
      return to ? role(to) : undefined
    }
    case 'cookies':
      return BAG_METHODS.has(prop) ? undefined : source('cookie', prop, step, `cookies.${prop}`)
    case 'headers':
      return BAG_METHODS.has(prop) ? undefined : headerSource(prop, step, `headers.${prop}`)
    case 'query':
      return BAG_METHODS.has(prop) ? undefined : source('query', prop, step, `query.${prop}`)
    case 'body':
      return BAG_METHODS.has(prop) ? undefined : source('body', prop, step, `body.${prop}`)
    default:
      return undefined
  }
}

/** Framework objects that are module-level names: Flask's request and session; Rails' controller methods. */
export function externalRole(module: string, path: readonly string[]): Role | undefined {
  const name = path.filter((p) => p !== '*').join('.')
  if (module.split('.')[0] === 'flask' && (name === 'request' || name === 'session')) return name
  return undefined
}

const RAILS_NAMES: Record<string, Role> = { session: 'session', cookies: 'cookies', params: 'body', request: 'request' }
export function rubyName(name: string): Role | undefined {
  return RAILS_NAMES[name]
}

export interface CallSite {
  method: string
  calleeText: string | undefined
  recv: Value | undefined
  callee: Value
  args: Value[]
  argExprs: Expr[]
  kw: Array<[string, Value]>
  kwExprs: Array<[string, Expr]>
  isNew: boolean
  file: string
  pos: Pos
  trace: Trace
}

const PUT_COMMANDS = new Set(['PutItemCommand', 'PutCommand'])
const UPDATE_COMMANDS = new Set(['UpdateItemCommand', 'UpdateCommand'])
const ROTATE_METHODS = new Set(['regenerate', 'cycle_key', 'cycle_id', 'flush', 'regenerateId', 'regenerate_id', 'renew', 'rotate'])
const WRITE_METHODS = new Set(['set', 'insert', 'put', '__setitem__', 'setdefault'])

/** What a call returns or records when the rules know it; undefined when they do not. */
export function applyCall(c: CallSite): Value | undefined {
  const at: Step = { file: c.file, pos: c.pos, note: '' }
  const recvRoles = c.recv?.roles ?? new Set<Role>()
  const first = c.args[0]?.str
  const ext = c.callee.ext

  // sources: methods of the request and of its bags
  if (recvRoles.has('request')) {
    if (c.method === 'header' || c.method === 'get' || c.method === 'getHeader' || c.method === 'get_header')
      return headerSource(first, at, `${c.calleeText ?? c.method}(${first ? JSON.stringify(first) : ''})`)
    if (c.method === 'cookie' || c.method === 'cookies') return source('cookie', first, at, `${c.calleeText ?? c.method}()`)
    if (c.method === 'query' || c.method === 'param') return source('query', first, at, `${c.calleeText ?? c.method}()`)
    if (c.method === 'login' || c.method === 'logIn') {
      c.trace.delegated.push({ ...at, note: `${c.calleeText ?? c.method}(): the authentication library establishes the session` })
      return empty()
    }
    if (c.method === 'regenerateSession') {
      c.trace.rotations.push({ ...at, note: `${c.calleeText}(): a new session id` })
      return empty()
    }
  }
  if (recvRoles.has('cookies') && (c.method === 'get' || c.method === 'get_all' || c.method === 'getAll' || c.method === 'get_signed'))
    return source('cookie', first, at, `${c.calleeText ?? 'cookies.get'}(${first ? JSON.stringify(first) : ''})`)
  if (
    recvRoles.has('headers') &&
    (c.method === 'get' || c.method === 'get_all' || c.method === 'getAll' || c.method === 'getlist' || c.method === 'get_one')
  )
    return headerSource(first, at, `${c.calleeText ?? 'headers.get'}(${first ? JSON.stringify(first) : ''})`)
  if (recvRoles.has('query') && (c.method === 'get' || c.method === 'getlist' || c.method === 'getAll'))
    return source('query', first, at, `${c.calleeText ?? 'query.get'}()`)
  if (recvRoles.has('body') && (c.method === 'get' || c.method === 'getlist'))
    return source('body', first, at, `${c.calleeText ?? 'body.get'}()`)
  // Hono's cookie helpers take the context first: getCookie(c, 'sid')
  if (
    ext &&
    ext.module.startsWith('hono') &&
    (ext.path.at(-1) === 'getCookie' || ext.path.at(-1) === 'getSignedCookie') &&
    c.args[0]?.roles.has('request')
  )
    return source('cookie', c.args[1]?.str ?? c.args[2]?.str, at, `${ext.path.at(-1)}()`)

  // session writes and rotations
  if (recvRoles.has('session')) {
    if (ROTATE_METHODS.has(c.method)) {
      c.trace.rotations.push({ ...at, note: `${c.calleeText ?? c.method}(): a new session id` })
      return empty()
    }
    if (WRITE_METHODS.has(c.method) && first !== undefined) {
      c.trace.writes.push({ key: first, file: c.file, pos: c.pos })
      return empty()
    }
    if (c.method === 'update') for (const key of c.args[0]?.props?.keys() ?? []) c.trace.writes.push({ key, file: c.file, pos: c.pos })
  }
  if (c.method === 'regenerate' && c.args.some((a) => a.roles.has('session'))) {
    // Flask-Session: app.session_interface.regenerate(session)
    c.trace.rotations.push({ ...at, note: `${c.calleeText ?? 'regenerate'}(session): a new session id` })
    return empty()
  }
  if (c.calleeText === 'Object.assign' && c.args[0]?.roles.has('session'))
    for (const key of c.args[1]?.props?.keys() ?? []) c.trace.writes.push({ key, file: c.file, pos: c.pos })
  // Django's login() and Rails' reset_session rotate the id
  if (ext && ext.module.startsWith('django.contrib.auth') && ext.path[0] === 'login') {
    c.trace.rotations.push({ ...at, note: 'django.contrib.auth.login(): cycles the session key' })
    return empty()
  }
  if (c.calleeText === 'reset_session') {
    c.trace.rotations.push({ ...at, note: 'reset_session: a new session id' })
    return empty()
  }

  // sinks: an item written to DynamoDB
  if (c.isNew && (PUT_COMMANDS.has(c.method) || UPDATE_COMMANDS.has(c.method))) {
    sink(c, c.args[0]?.props?.get(PUT_COMMANDS.has(c.method) ? 'Item' : 'Key'), c.method)
    return empty()
  }
  if (!c.isNew && (c.method === 'put' || c.method === 'putItem' || c.method === 'update' || c.method === 'updateItem')) {
    const input = c.args[0]?.props
    const isPut = c.method === 'put' || c.method === 'putItem'
    if (input?.has('TableName') && input.has(isPut ? 'Item' : 'Key')) sink(c, input.get(isPut ? 'Item' : 'Key'), c.method)
  }
  if (c.method === 'put_item' || c.method === 'update_item') {
    const item = c.kw.find(([k]) => k === (c.method === 'put_item' ? 'Item' : 'Key'))?.[1]
    if (item) {
      sink(c, item, c.method)
      return empty()
    }
    // the Rust SDK: client.put_item().table_name(…).item("session_id", AttributeValue::S(id))
    if (c.args.length === 0) return role(c.method === 'put_item' ? 'put-builder' : 'update-builder')
  }
  for (const b of ['put-builder', 'update-builder'] as const) {
    if (!recvRoles.has(b)) continue
    if ((b === 'put-builder' && c.method === 'item') || (b === 'update-builder' && c.method === 'key')) {
      const attr = c.args[0]?.str
      const value = c.args[1]
      if (attr !== undefined && value) {
        const pos = c.argExprs[1] ? exprPos(c.argExprs[1]) : c.pos
        record(c, attr, value, pos, b === 'put-builder' ? 'put_item().item' : 'update_item().key', [attr])
      }
    }
    return role(b)
  }
  // marshall({ … }) keeps the object's shape for the sink
  if (ext && ext.path.at(-1) === 'marshall' && c.args[0]) return c.args[0]
  return undefined
}

function exprPos(e: Expr): Pos {
  return e.k === 'fn' ? e.fn.pos : e.pos
}

/** The item attributes that hold a client-controlled session id. */
function sink(c: CallSite, item: Value | undefined, api: string): void {
  if (!item?.props) return
  const attrs = [...item.props.keys()]
  for (const [attr, raw] of item.props) record(c, attr, raw, item.propPos?.get(attr) ?? c.pos, api, attrs)
}

function record(c: CallSite, attr: string, raw: Value, pos: Pos, api: string, itemAttrs: string[]): void {
  if (!isSessionKeyAttribute(attr)) return
  // low-level attribute values are wrapped: { S: id } / AttributeValue::S(id)
  const value = raw.props?.get('S') ?? raw.props?.get('B') ?? raw
  for (const t of value.taints) {
    if (t.carrier !== 'cookie' && !isSessionCarrierName(t.name)) continue
    c.trace.storeKeys.push({ attr, api, file: c.file, pos, taint: t, itemAttrs })
  }
}

/** What the framework passes for a parameter, from its type, its default (FastAPI) or its decorators (NestJS). */
export function paramValue(p: Param, language: Language, fn: Fn): Value {
  const type = p.type ?? ''
  const at: Step = { file: fn.file, pos: p.pos, note: '' }
  const name = p.target.k === 'name' ? p.target.name : undefined
  if (language === 'python') {
    if (p.default?.k === 'call') {
      const callee = p.default.callee.k === 'name' ? p.default.callee.name : p.default.callee.k === 'member' ? p.default.callee.prop : ''
      const alias = p.default.kw.find(([k]) => k === 'alias')?.[1]
      const given = alias?.k === 'str' ? alias.value : undefined
      if (callee === 'Cookie') return source('cookie', given ?? name, at, `${name ?? 'parameter'}: Cookie()`)
      if (callee === 'Header') return source('header', given ?? name?.replace(/_/g, '-'), at, `${name ?? 'parameter'}: Header()`)
      if (callee === 'Query') return source('query', given ?? name, at, `${name ?? 'parameter'}: Query()`)
    }
    if (/\bRequest\b/.test(type) || (name === 'request' && !type)) return role('request')
    return empty()
  }
  if (language === 'rust') {
    if (/\b(CookieJar|SignedCookieJar|PrivateCookieJar|Cookies)\b/.test(type) || /TypedHeader\s*<\s*(headers::)?Cookie\s*>/.test(type))
      return role('cookies')
    if (/\bHeaderMap\b/.test(type)) return role('headers')
    if (/\bQuery\s*</.test(type)) return role('query')
    if (/\b(Json|Form)\s*</.test(type)) return role('body')
    if (/(^|::|\s)Session\b/.test(type)) return role('session')
    return empty()
  }
  if (language === 'ruby') return empty()
  // NestJS parameter decorators
  for (const d of p.decorators) {
    const arg = d.args[0]?.k === 'str' ? d.args[0].value : undefined
    if (d.name === 'Req' || d.name === 'Request') return role('request')
    if (d.name === 'Session') return role('session')
    if (d.name === 'Headers' && arg) return headerSource(arg, at, `@Headers(${JSON.stringify(arg)})`)
    if (d.name === 'Headers') return role('headers')
    if (d.name === 'Query' && arg) return source('query', arg, at, `@Query(${JSON.stringify(arg)})`)
    if (d.name === 'Query') return role('query')
    if (d.name === 'Body' && arg) return source('body', arg, at, `@Body(${JSON.stringify(arg)})`)
    if (d.name === 'Body') return role('body')
    if (d.name === 'Cookies' && arg) return source('cookie', arg, at, `@Cookies(${JSON.stringify(arg)})`)
    if (d.name === 'Cookies') return role('cookies')
  }
  return empty()
}
