import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 and the name localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice(7))
  return false
}

/** The host part of a Host header ("127.0.0.1:8080", "[::1]:80", "localhost"). */
export function hostHeaderName(header: string | undefined): string | undefined {
  if (!header) return undefined
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header.trim())
  return m?.[1]
}
