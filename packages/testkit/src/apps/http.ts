import type { IncomingMessage, ServerResponse } from 'node:http'

// Small request/response helpers for the hand-written node:http apps. Deliberately plain: these apps
// exist to show what a handler does with a session id, so nothing here should hide that.

const MAX_BODY = 64 * 1024

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        fail(new Error('request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

/** Form or JSON body as a flat string record (anything else is ignored). */
export async function readFields(req: IncomingMessage): Promise<Record<string, string>> {
  const raw = await readBody(req)
  const type = String(req.headers['content-type'] ?? '')
  const out: Record<string, string> = {}
  if (type.includes('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      return out
    }
    if (parsed && typeof parsed === 'object') {
      for (const [k, v] of Object.entries(parsed))
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v)
    }
    return out
  }
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v
  return out
}

export function parseCookies(req: IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>()
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) continue
    const name = part.slice(0, eq).trim()
    // The first occurrence wins, as most servers do.
    if (!jar.has(name)) jar.set(name, decodeURIComponent(part.slice(eq + 1).trim()))
  }
  return jar
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return typeof v === 'string' && v !== '' ? v : undefined
}

export function addCookie(res: ServerResponse, cookie: string): void {
  const prev = res.getHeader('set-cookie')
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)]
  res.setHeader('set-cookie', [...list, cookie])
}

export function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html>\n<html><body>\n${body}\n</body></html>\n`)
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-type': 'text/plain' })
  res.end(`Redirecting to ${location}\n`)
}

export function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' })
  res.end('Not found\n')
}

export function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.writeHead(405, { allow, 'content-type': 'text/plain' })
  res.end('Method not allowed\n')
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Path and query of a request, parsed against a dummy base. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://app.invalid')
}
