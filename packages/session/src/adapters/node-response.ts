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
      if (cookie) appendSetCookie(this, cookie)
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
    } as ServerResponse['writeHead']
  }
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
