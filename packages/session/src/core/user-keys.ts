import type { SessionStore, UserRecord } from '../stores/types.js'
import { storeCall } from './lifecycle.js'

/**
 * Every key known for a user: the recent list of the user item (logins the index may not show yet)
 * and the user index, without duplicates, the listed ones first.
 */
export async function allUserKeys(store: SessionStore, userId: string, user: UserRecord | undefined): Promise<string[]> {
  const indexed = await storeCall('index query', () => store.keysForUser(userId))
  return [...new Set([...(user?.recent.map((r) => r.key) ?? []), ...indexed])]
}

/**
 * One page of `keys` in sorted order: at most `limit` after the key `after` (which need not be among
 * them any more: a deleted key still marks its place), and `next` when more follow.
 */
export function sortedPage(keys: readonly string[], limit: number, after: string | undefined): { keys: string[]; next?: string } {
  const all = [...keys].sort()
  const from = after === undefined ? 0 : all.findIndex((k) => k > after)
  const page = from < 0 ? [] : all.slice(from, from + limit)
  return from >= 0 && from + limit < all.length ? { keys: page, next: page.at(-1)! } : { keys: page }
}
