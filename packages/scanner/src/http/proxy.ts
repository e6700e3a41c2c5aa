import { ConfigError } from '../errors.js'

// An upstream proxy (Burp, ZAP, mitmproxy, a corporate proxy) the whole scan goes through, the
// browser's requests included. The scope is still the target's origin: the proxy is a road, never a
// destination, and a proxy that redirects elsewhere or answers for another origin widens nothing (the
// engine checks every URL before it is sent and every redirect before it is followed).

export interface UpstreamProxy {
  /** http://host:port, without credentials: what the engine connects to, and what messages show. */
  origin: string
  host: string
  port: number
  /** `Basic …` for a proxy URL with user:password; sent to the proxy only, never recorded. */
  authorization?: string
  /** The credentials of the proxy URL, masked in every artifact like a password. */
  secrets: string[]
}

/** Reads a proxy URL; only http:// proxies (every intercepting proxy speaks it), credentials allowed. */
export function parseProxy(raw: string, source = 'scope.proxy'): UpstreamProxy {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`${source}: not a URL; expected e.g. http://127.0.0.1:8080`)
  }
  if (url.protocol !== 'http:')
    throw new ConfigError(`${source}: only http:// proxies are supported (Burp, ZAP and mitmproxy listen on http://), got ${url.protocol}`)
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new ConfigError(`${source}: a proxy URL is scheme, host and port only, e.g. http://127.0.0.1:8080`)
  const username = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  const port = Number(url.port || 80)
  const origin = `http://${url.host}`
  return {
    origin,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(username || password ? { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } : {}),
    secrets: [password, username && password ? `${username}:${password}` : ''].filter((s) => s.length > 0),
  }
}

/** NO_PROXY: comma-separated hosts, `.domain` or `domain` suffixes, optional :port, or `*`. */
function bypassed(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (target.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!
      const name = m[1]!.replace(/^\*?\./, '').replace(/^\[|\]$/g, '')
      if (m[2] && m[2] !== port) return false
      return host === name || host.endsWith(`.${name}`)
    })
}

/**
 * The proxy the environment names for this target (HTTPS_PROXY for https://, HTTP_PROXY for http://,
 * either case, NO_PROXY honoured), read only when the user asks for it (--proxy-env).
 */
export function proxyFromEnv(target: string, env: NodeJS.ProcessEnv): { url: string; variable: string } | undefined {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return undefined
  }
  if (bypassed(url, env.NO_PROXY ?? env.no_proxy)) return undefined
  const names = url.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']
  for (const variable of names) {
    const value = env[variable]
    if (value) return { url: value, variable }
  }
  return undefined
}
