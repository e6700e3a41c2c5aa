import { isLoopbackHost } from '@sessionguard/scanner'

// one loopback test for every package: the scanner's
export { isLoopbackHost }

/** The host part of a Host header ("127.0.0.1:8080", "[::1]:80", "localhost"). */
export function hostHeaderName(header: string | undefined): string | undefined {
  if (!header) return undefined
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header.trim())
  return m?.[1]
}
