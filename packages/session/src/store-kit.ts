// What a store author needs to implement SessionStore: the contract's types, the error a failed
// condition must raise (the core turns it into a retry or a 409; anything else means "unavailable",
// a 503), and the item limit MemoryStore and DynamoDBStore share.
export type { SessionStore, SessionRecord, UserRecord, RecentKey, WriteOp, FactorRecord } from './stores/types.js'
export { ConditionFailedError } from './errors.js'
export { DEFAULT_MAX_DATA_BYTES } from './stores/memory.js'
export { parseDuration, type Duration } from './core/duration.js'
