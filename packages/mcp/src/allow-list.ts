import { BlockList, isIP } from 'node:net'
import { BadAllowEntryError, TargetNotAllowedError } from './errors.js'

// Which targets an assistant may aim the scanner at. The list is fixed when the server starts, so a
// prompt cannot widen it: loopback always, plus what the person starting the server named.

/** Your own machine: always allowed. */
export const LOOPBACK_ENTRIES = ['127.0.0.0/8', '::1', 'localhost'] as const

type Rule =
  | { kind: 'origin'; origin: string }
  | { kind: 'host'; host: string }
  | { kind: 'suffix'; suffix: string }
  | { kind: 'range'; ranges: BlockList }

const unbracket = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host)

function ipFamily(addr: string): 'ipv4' | 'ipv6' | undefined {
  const v = isIP(addr)
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined
}

function parseEntry(raw: string): Rule {
  const entry = raw.trim()
  if (!entry)
    throw new BadAllowEntryError(
      '--allow needs a value: an origin (https://staging.example.com), a host (staging.example.com) or an address range (10.0.0.0/8)',
    )
  if (entry.includes('://')) {
    let url: URL
    try {
      url = new URL(entry)
    } catch {
      throw new BadAllowEntryError(`--allow ${entry}: not a valid origin (expected e.g. https://staging.example.com:8443)`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new BadAllowEntryError(`--allow ${entry}: only http:// and https:// origins can be scanned`)
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
      throw new BadAllowEntryError(`--allow ${entry}: give an origin (scheme, host, port) without a path; the whole origin is allowed`)
    }
    return { kind: 'origin', origin: url.origin }
  }
  if (entry.includes('/')) {
    const [addr = '', bitsText = ''] = entry.split('/')
    const family = ipFamily(unbracket(addr))
    const bits = Number(bitsText)
    const max = family === 'ipv4' ? 32 : 128
    if (!family || !/^\d+$/.test(bitsText) || bits > max)
      throw new BadAllowEntryError(`--allow ${entry}: not a valid address range (expected e.g. 10.0.0.0/8 or fd00::/8)`)
    const ranges = new BlockList()
    ranges.addSubnet(unbracket(addr), bits, family)
    return { kind: 'range', ranges }
  }
  const host = unbracket(entry.toLowerCase())
  if (host.startsWith('*.')) return { kind: 'suffix', suffix: host.slice(1) }
  if (ipFamily(host)) {
    // An address is matched the way the URL parser writes it (e.g. ::1 and 0:0::1 are the same).
    const ranges = new BlockList()
    ranges.addAddress(host, ipFamily(host))
    return { kind: 'range', ranges }
  }
  if (!/^[a-z0-9.-]+$/.test(host)) throw new BadAllowEntryError(`--allow ${entry}: not a host name, address, range or origin`)
  return { kind: 'host', host }
}

function parseTarget(target: string): URL | undefined {
  try {
    return new URL(target)
  } catch {
    return undefined
  }
}

function ruleMatches(rule: Rule, url: URL): boolean {
  const host = unbracket(url.hostname.toLowerCase())
  switch (rule.kind) {
    case 'origin':
      return url.origin === rule.origin
    case 'host':
      return host === rule.host
    case 'suffix':
      return host.endsWith(rule.suffix) && host.length > rule.suffix.length
    case 'range': {
      const family = ipFamily(host)
      return family !== undefined && rule.ranges.check(host, family)
    }
  }
}

/** Whether one --allow entry, on its own, admits the target: the matcher every AllowList applies to each of its entries. */
export function entryAllows(entry: string, target: string): boolean {
  const url = parseTarget(target)
  return url !== undefined && ruleMatches(parseEntry(entry), url)
}

export class AllowList {
  /** The entries as given (loopback first), for messages and the tool description. */
  readonly entries: readonly string[]
  private readonly rules: Rule[]

  constructor(extra: readonly string[] = []) {
    this.entries = [...LOOPBACK_ENTRIES, ...extra.map((e) => e.trim())]
    this.rules = this.entries.map(parseEntry)
  }

  allows(target: string): boolean {
    const url = parseTarget(target)
    return url !== undefined && this.rules.some((rule) => ruleMatches(rule, url))
  }

  /** Throws a refusal that tells the person how to allow the target (or an identity provider's origin: `what`), when it is not allowed. */
  assertAllowed(target: string, what = 'target'): void {
    if (this.allows(target)) return
    let origin = target
    let host = target
    try {
      const url = new URL(target)
      origin = url.origin
      host = url.host
    } catch {
      // not a URL: the scanner's own validation will say so once it is allowed
    }
    throw new TargetNotAllowedError(
      `${what} ${origin} is not on this server's allow-list (${this.entries.join(', ')}). ` +
        `Only the person running the MCP server can widen it: restart it with \`sessionguard mcp --allow ${origin}\` ` +
        `(that origin) or \`--allow ${unbracket(host.replace(/:\d+$/, ''))}\` (that host on any port), and only for systems you are authorised to test.`,
    )
  }
}
