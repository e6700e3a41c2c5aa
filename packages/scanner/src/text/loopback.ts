import { isIPv4, isIPv6 } from 'node:net'

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6 (dotted or hex). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const a = address.toLowerCase()
  if (isIPv4(a)) return a.startsWith('127.')
  if (!isIPv6(a)) return false
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true
  const mapped = /^(?:0{1,4}:){0,5}(?::)?ffff:(.+)$/.exec(a)?.[1] ?? /^::ffff:(.+)$/.exec(a)?.[1]
  if (!mapped) return false
  if (isIPv4(mapped)) return mapped.startsWith('127.')
  // ::ffff:7f00:1 — the mapped address written in hex
  const hi = /^([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(mapped)?.[1]
  return hi !== undefined && parseInt(hi, 16) >> 8 === 0x7f
}

/** A host name or address (brackets allowed) only this machine can reach: a loopback address or the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || isLoopbackAddress(h)
}
