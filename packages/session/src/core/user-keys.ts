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
