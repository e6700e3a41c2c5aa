import { ConfigError } from '../errors.js'
import { where, type KeyPath, type PositionOf } from './position.js'

// Settings only the person running the scan may give: a config file often comes with the repository
// being scanned, so whoever wrote it is not trusted with them. An upstream proxy carries every request
// of the scan (the login's password, the supplied headers) to a host of its choice, and a CA file makes
// the scanner trust that host for https as well (and reads a file the operator never named). The keys
// stay in the schema: a flag (--proxy, --proxy-ca, --proxy-env) and scan(config) set them.

const OPERATOR_ONLY: Record<string, string> = {
  proxy: '--proxy URL (or --proxy-env)',
  proxy_ca: '--proxy-ca FILE',
}

/** Throws when a config file sets scope.proxy or scope.proxy_ca (at the top, or in any entry of a list file). */
export function refuseOperatorOnlyKeys(input: unknown, at: PositionOf, source: string, path: KeyPath = []): void {
  if (Array.isArray(input)) return input.forEach((v, i) => refuseOperatorOnlyKeys(v, at, source, [...path, i]))
  if (!input || typeof input !== 'object') return
  for (const [k, v] of Object.entries(input)) {
    if (k === 'scope' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const key of Object.keys(v)) {
        // own keys only: '__proto__' or 'toString' in a file are unknown keys, which the schema names as such
        if (!Object.hasOwn(OPERATOR_ONLY, key)) continue
        const flag = OPERATOR_ONLY[key]!
        throw new ConfigError(
          `${where(source, at([...path, 'scope', key]))}: scope.${key} cannot come from a config file: it would send the scan's requests (the login's password included) through a host the file chose${key === 'proxy_ca' ? ' and trust its certificates' : ''}; the operator names it on the command line: ${flag}`,
        )
      }
    } else if (k !== 'scope') refuseOperatorOnlyKeys(v, at, source, [...path, k])
  }
}
