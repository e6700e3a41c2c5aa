import type { IncomingMessage } from 'node:http'

/**
 * The Cookie header of a node:http request, read from rawHeaders: `req.headers` is built lazily by
 * node on first access, which would make every request pay for an object of all its headers when the
 * application never asks for one. Several Cookie lines are joined with '; ', as node itself does.
 */
export function cookieHeader(req: Pick<IncomingMessage, 'rawHeaders' | 'headers'>): string | undefined {
  const raw = req.rawHeaders
  if (!Array.isArray(raw)) return req.headers.cookie
  let found: string | undefined
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length !== 6 || name.toLowerCase() !== 'cookie') continue
    const value = raw[i + 1]!
    found = found === undefined ? value : `${found}; ${value}`
  }
  return found
}
