import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Session } from '../core/session.js'

/** Adds one Set-Cookie value, keeping any the application set itself. */
export function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader('set-cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('set-cookie', [...list, value])
}

/** Writes the session's pending cookie just before the headers go out, however the app ends the response. */
export function flushCookieOnHeaders(res: ServerResponse, session: Session<object>): void {
  const writeHead = res.writeHead
  res.writeHead = function patchedWriteHead(this: ServerResponse, ...args: unknown[]) {
    const cookie = session.takeSetCookie()
    if (cookie) appendSetCookie(this, cookie)
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as ServerResponse['writeHead']
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
