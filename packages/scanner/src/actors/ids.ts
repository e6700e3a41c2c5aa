import type { HttpResponse } from '../http/client.js'
import type { Decor } from './session.js'

export const SESSIONISH = /sess|sid|token|auth|jsessionid|phpsessid|connect\.sid|identity|login/i

/** Session ids a response hands over outside cookies: session-like response headers and JSON body fields. */
export function headerTokens(res: Pick<HttpResponse, 'headers' | 'body'>): Decor[] {
  const out: Decor[] = []
  for (const [k, v] of Object.entries(res.headers)) {
    if (typeof v !== 'string' || v.length < 8) continue
    if (
      /^(set-cookie|content-|etag|date|server|x-powered-by|x-request-id|x-runtime|cache-control|keep-alive|connection|vary|strict-transport|x-frame|x-content|x-xss|access-control|location)/i.test(
        k,
      )
    )
      continue
    if (/session|token|sid|auth/i.test(k))
      out.push({ kind: 'header', name: k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()), value: v })
  }
  try {
    const json = JSON.parse(res.body) as Record<string, unknown>
    for (const key of ['token', 'access_token', 'accessToken', 'session_id', 'sessionId', 'sid']) {
      const v = json?.[key]
      if (typeof v === 'string' && v.length >= 8)
        out.push({
          kind: 'header',
          name: /access|^token$/i.test(key) ? 'Authorization' : 'X-Session-Id',
          value: /access|^token$/i.test(key) ? `Bearer ${v}` : v,
        })
    }
  } catch {
    // not JSON: no body tokens
  }
  return out
}

export function urlTokens(urls: string[]): Decor[] {
  const out: Decor[] = []
  for (const raw of urls) {
    let u: URL
    try {
      u = new URL(raw)
    } catch {
      continue
    }
    for (const m of u.pathname.matchAll(/;([A-Za-z_][\w.-]*)=([^;/?#]+)/g)) out.push({ kind: 'path', name: m[1]!, value: m[2]! })
    for (const [k, v] of u.searchParams) if (v.length >= 8 && SESSIONISH.test(k)) out.push({ kind: 'query', name: k, value: v })
  }
  return out
}
