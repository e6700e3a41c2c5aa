import { ConditionFailedError } from '../errors.js'
import type { SessionRecord, SessionStore } from '../stores/types.js'
import type { ResolvedOptions } from './options.js'
import { storeCall } from './lifecycle.js'

/** What an adapter can tell about the client, asked only at login and only when recordDevice wants it. */
export interface ClientInfo {
  userAgent?: string | undefined
  ip?: string | undefined
}

const MAX_USER_AGENT = 256
const MAX_IP = 64

/** Client-sent text for a devices page: control characters dropped, length capped (it is stored with every session). */
function clean(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .trim()
    .slice(0, max)
  // a lone surrogate left by the cut (or sent) cannot be stored as UTF-8
  return text.length > 0 ? text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '') : undefined
}

/** The login-time attributes of a new session: when, and (opt-in) from which client. */
export function loginAttributes(
  opts: ResolvedOptions,
  now: number,
  client: (() => ClientInfo) | undefined,
): Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> {
  const out: Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> = { authenticatedAt: now }
  if (!client || (!opts.recordDevice.userAgent && !opts.recordDevice.ip)) return out
  const info = client()
  const userAgent = opts.recordDevice.userAgent ? clean(info.userAgent, MAX_USER_AGENT) : undefined
  const ip = opts.recordDevice.ip ? clean(info.ip, MAX_IP) : undefined
  if (userAgent !== undefined) out.userAgent = userAgent
  if (ip !== undefined) out.ip = ip
  return out
}

/**
 * Ends every session of `userId` but `keepKey` ("sign out other devices"), found the way revokeUser
 * finds them: the keys recent logins appended to the user item (which the index may not show yet) and
 * the index. A login that commits after the user item was read is a login after this call, and stays.
 */
export async function revokeOtherSessions(store: SessionStore, userId: string, keepKey: string): Promise<number> {
  const user = await storeCall('revoke others', () => store.getUser(userId))
  const indexed = await storeCall('index query', () => store.keysForUser(userId))
  const keys = new Set([...(user?.recent.map((r) => r.key) ?? []), ...indexed])
  keys.delete(keepKey)
  let ended = 0
  for (const key of keys) {
    try {
      await storeCall('revoke others', () => store.write([{ op: 'delete', key }]))
      ended++
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err // already gone
    }
  }
  return ended
}
