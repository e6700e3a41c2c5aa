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
  // URL already lowercases the host and drops default ports; credentials never belong in a key
  return `${url.protocol}//${url.host}${path}${url.search}`
}

/** Keys starting with "#" are the store's own (the fleet index, claims); no scan is recorded under one. */
export function assertHistoryKey(key: string): void {
  if (key === '' || key.startsWith('#')) throw new HistoryStoreError(`not a usable history key: ${JSON.stringify(key)}`)
}
