import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ResponseContext, Session } from '../core/session.js'

/** Adds one Set-Cookie value, keeping any the application set itself. */
export function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader('set-cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('set-cookie', [...list, value])
}

/**
 * The session's cookie channel on a node:http response. The Set-Cookie value is appended just before
 * the headers go out (however the app ends the response, and after any Set-Cookie the app wrote
 * itself), by a writeHead wrapper installed only once the session actually changed: a request that
 * changes nothing costs one small object and no wrapper.
 */
export class NodeResponseCookies implements ResponseContext {
  #pending: string | undefined
  #hooked = false
  constructor(private readonly res: ServerResponse) {}

  canSetCookie(): boolean {
    return !this.res.headersSent
  }

  /** Express's req.ip honours its 'trust proxy' setting; plain node has only the socket's address. */
  client(): { userAgent?: string | undefined; ip?: string | undefined } {
    const req = this.res.req as (IncomingMessage & { ip?: unknown }) | undefined
    if (!req) return {}
    return { userAgent: req.headers['user-agent'], ip: typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress }
  }

  setCookie(value: string): void {
    this.#pending = value // a later change in the same request replaces an earlier one
    if (this.#hooked) return
    this.#hooked = true
    const res = this.res
    const writeHead = res.writeHead
    const cookies = this
    res.writeHead = function patchedWriteHead(this: ServerResponse, ...args: unknown[]) {
      const cookie = cookies.#pending
      cookies.#pending = undefined
      if (cookie && !mergeIntoHeadersArgument(args, cookie)) appendSetCookie(this, cookie)
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
    } as ServerResponse['writeHead']
  }
}

/**
 * Headers given to writeHead itself replace those set before (node lets them win), so a Set-Cookie
 * there would silently drop the session cookie and log the user out. When writeHead carries one, the
 * session cookie joins that list instead. Returns whether it did; `args` is changed in place (copies
 * of the caller's headers, never the caller's own object).
 */
function mergeIntoHeadersArgument(args: unknown[], cookie: string): boolean {
  const at = typeof args[1] === 'string' ? 2 : 1 // writeHead(status, [statusMessage,] headers)
  const headers = args[at]
  if (Array.isArray(headers)) {
    // node's flat [name, value, name, value, ...] form, whose repeated names some node versions keep
    // and others let replace each other: the Set-Cookie values become one entry holding them all.
    const rest: unknown[] = []
    const values: string[] = []
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]
      if (typeof name === 'string' && name.toLowerCase() === 'set-cookie') {
        const value: unknown = headers[i + 1]
        if (Array.isArray(value)) values.push(...value.map(String))
        else if (value !== undefined && value !== null) values.push(String(value))
      } else rest.push(name, headers[i + 1])
    }
    if (values.length === 0) return false
    args[at] = [...rest, 'set-cookie', [...values, cookie]]
    return true
  }
  if (typeof headers !== 'object' || headers === null) return false
  // node applies the names in order, so of two spellings of Set-Cookie the last one is what goes out.
  const name = Object.keys(headers).findLast((k) => k.toLowerCase() === 'set-cookie')
  const value = name === undefined ? undefined : (headers as Record<string, unknown>)[name]
  if (value === undefined || value === null) return false
  args[at] = { ...(headers as Record<string, unknown>), [name!]: [...(Array.isArray(value) ? value.map(String) : [String(value)]), cookie] }
  return true
}

/** The answer when the store cannot say who the caller is: never logged in, never a crash. */
export function serviceUnavailable(res: ServerResponse): void {
  if (res.headersSent) return void res.end()
  res.statusCode = 503
  res.setHeader('retry-after', '1')
  res.setHeader('content-type', 'text/plain; charset=utf-8')
  res.end('Service Unavailable')
}

export type WithSession<R extends IncomingMessage | object, D extends object> = R & { session: Session<D> }
