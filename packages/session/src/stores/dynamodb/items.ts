// Item layout in the table. One table holds sessions ("s#" + token hash) and per-user items
// ("u#" + user id). Only session items carry `userId`, so only they appear in the user index.
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { FactorRecord, RecentKey, SessionRecord, UserRecord } from '../types.js'

export type Item = Record<string, AttributeValue>

export const KEY_ATTRIBUTE = 'pk'
export const USER_ATTRIBUTE = 'userId'
export const TTL_ATTRIBUTE = 'expiresAt'
export const DEFAULT_USER_INDEX = 'userId-index'

export const sessionPk = (key: string): string => `s#${key}`
export const userPk = (userId: string): string => `u#${userId}`

const n = (value: number): AttributeValue => ({ N: String(value) })
const s = (value: string): AttributeValue => ({ S: value })
const num = (item: Item, name: string): number | undefined => (item[name]?.N === undefined ? undefined : Number(item[name]!.N))
const str = (item: Item, name: string): string | undefined => item[name]?.S

/** TTL wants epoch seconds; round up so DynamoDB never deletes a moment early. */
export const ttlSeconds = (ms: number): number => Math.ceil(ms / 1000)

export function sessionToItem(r: SessionRecord): Item {
  const item: Item = {
    [KEY_ATTRIBUTE]: s(sessionPk(r.key)),
    data: s(r.data),
    version: n(r.version),
    createdAt: n(r.createdAt),
    lastSeenAt: n(r.lastSeenAt),
    absoluteExpiresAt: n(r.absoluteExpiresAt),
    expiresAtMs: n(r.expiresAt),
    [TTL_ATTRIBUTE]: n(ttlSeconds(r.expiresAt)),
  }
  if (r.userId !== undefined) item[USER_ATTRIBUTE] = s(r.userId)
  if (r.userEpoch !== undefined) item.userEpoch = n(r.userEpoch)
  if (r.successor !== undefined) item.successor = s(r.successor)
  if (r.predecessor !== undefined) item.predecessor = s(r.predecessor)
  if (r.authenticatedAt !== undefined) item.authenticatedAt = n(r.authenticatedAt)
  if (r.factors !== undefined && r.factors.length > 0)
    item.factors = { L: r.factors.map((f) => ({ M: { method: s(f.method), at: n(f.at) } })) }
  if (r.pendingFactors !== undefined && r.pendingFactors.length > 0) item.pendingFactors = { L: r.pendingFactors.map(s) }
  if (r.userAgent !== undefined) item.userAgent = s(r.userAgent)
  if (r.ip !== undefined) item.ip = s(r.ip)
  if (r.checkEpoch === true) item.checkEpoch = { BOOL: true }
  return item
}

export function itemToSession(item: Item): SessionRecord | undefined {
  const pk = str(item, KEY_ATTRIBUTE)
  if (!pk?.startsWith('s#')) return undefined
  return {
    key: pk.slice(2),
    userId: str(item, USER_ATTRIBUTE),
    data: str(item, 'data') ?? '{}',
    version: num(item, 'version') ?? 0,
    createdAt: num(item, 'createdAt') ?? 0,
    lastSeenAt: num(item, 'lastSeenAt') ?? 0,
    absoluteExpiresAt: num(item, 'absoluteExpiresAt') ?? 0,
    expiresAt: num(item, 'expiresAtMs') ?? (num(item, TTL_ATTRIBUTE) ?? 0) * 1000,
    userEpoch: num(item, 'userEpoch'),
    successor: str(item, 'successor'),
    predecessor: str(item, 'predecessor'),
    ...device(item),
    ...factorsOf(item),
    ...(item.checkEpoch?.BOOL === true ? { checkEpoch: true } : {}),
  }
}

/** The user item's list of recent session keys: a DynamoDB list, so logins append with list_append. */
export const RECENT_ATTRIBUTE = 'recentKeys'

/** One list element: `key:at`. Elements are compared whole in conditions, so the encoding is fixed. */
export const encodeRecent = (r: RecentKey): AttributeValue => s(`${r.key}:${r.at}`)

function decodeRecent(value: AttributeValue): RecentKey | undefined {
  const text = value.S
  const colon = text?.lastIndexOf(':') ?? -1
  if (!text || colon <= 0) return undefined
  return { key: text.slice(0, colon), at: Number(text.slice(colon + 1)) }
}

export function itemToUser(userId: string, item: Item): UserRecord {
  const recent = (item[RECENT_ATTRIBUTE]?.L ?? []).map(decodeRecent).filter((r): r is RecentKey => r !== undefined)
  // Items written before logins appended (a JSON string under `recent`) are still honoured by revocation.
  const legacy = str(item, 'recent')
  if (legacy) recent.unshift(...(JSON.parse(legacy) as Array<[string, number]>).map(([key, at]) => ({ key, at })))
  return {
    userId,
    epoch: num(item, 'epoch') ?? 0,
    recent,
    expiresAt: (num(item, TTL_ATTRIBUTE) ?? 0) * 1000,
  }
}

/** The optional login attributes, present on the record only when stored (records compare equal across stores). */
function device(item: Item): Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> {
  const out: Pick<SessionRecord, 'authenticatedAt' | 'userAgent' | 'ip'> = {}
  const at = num(item, 'authenticatedAt')
  if (at !== undefined) out.authenticatedAt = at
  const ua = str(item, 'userAgent')
  if (ua !== undefined) out.userAgent = ua
  const ip = str(item, 'ip')
  if (ip !== undefined) out.ip = ip
  return out
}

/** The factor attributes, present on the record only when stored; an element of another shape is not a factor. */
function factorsOf(item: Item): Pick<SessionRecord, 'factors' | 'pendingFactors'> {
  const out: Pick<SessionRecord, 'factors' | 'pendingFactors'> = {}
  const factors = (item.factors?.L ?? []).flatMap((v): FactorRecord[] => {
    const method = v.M?.method?.S
    const at = v.M?.at?.N === undefined ? NaN : Number(v.M.at.N)
    return method !== undefined && Number.isFinite(at) ? [{ method, at }] : []
  })
  if (factors.length > 0) out.factors = factors
  const pending = (item.pendingFactors?.L ?? []).flatMap((v) => (v.S === undefined ? [] : [v.S]))
  if (pending.length > 0) out.pendingFactors = pending
  return out
}

/** Attribute names of the session item behind each record field (for projections). */
export const SESSION_ATTRIBUTES: Readonly<Record<keyof SessionRecord, readonly string[]>> = {
  key: [KEY_ATTRIBUTE],
  userId: [USER_ATTRIBUTE],
  data: ['data'],
  version: ['version'],
  createdAt: ['createdAt'],
  lastSeenAt: ['lastSeenAt'],
  absoluteExpiresAt: ['absoluteExpiresAt'],
  expiresAt: ['expiresAtMs', TTL_ATTRIBUTE],
  userEpoch: ['userEpoch'],
  successor: ['successor'],
  predecessor: ['predecessor'],
  authenticatedAt: ['authenticatedAt'],
  factors: ['factors'],
  pendingFactors: ['pendingFactors'],
  userAgent: ['userAgent'],
  ip: ['ip'],
  checkEpoch: ['checkEpoch'],
}
