import { isCredentialParam } from '@sessionguard/scanner'
import { HistoryStoreError } from '../errors.js'

/**
 * One spelling per target, so "http://App:80/" and "http://app" share a history. Anything that is not
 * a URL is kept as written (trimmed): a name in targets.yml is still a valid history key.
 */
export function targetKey(target: string): string {
  const raw = target.trim()
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return raw
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return raw
  const path = url.pathname.replace(/\/+$/, '')
  // URL already lowercases the host and drops default ports; credentials never belong in a key: neither
  // userinfo nor a token in the query (?sid=, ?token=), whose value the report masks and the key drops
  return `${url.protocol}//${url.host}${path}${withoutCredentials(url.search)}`
}

/** The query as written, every credential-named parameter's value emptied (`?sid=&lang=en`). */
function withoutCredentials(search: string): string {
  if (search.length <= 1) return search
  const parts = search.slice(1).split('&')
  return `?${parts
    .map((part) => {
      const eq = part.indexOf('=')
      const raw = eq < 0 ? part : part.slice(0, eq)
      let name = raw
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '))
      } catch {
        // a malformed escape: judged by the name as written
      }
      return eq >= 0 && isCredentialParam(name) ? `${raw}=` : part
    })
    .join('&')}`
}

/** Keys starting with "#" are the store's own (the fleet index, claims); no scan is recorded under one. */
export function assertHistoryKey(key: string): void {
  if (key === '' || key.startsWith('#')) throw new HistoryStoreError(`not a usable history key: ${JSON.stringify(key)}`)
}
