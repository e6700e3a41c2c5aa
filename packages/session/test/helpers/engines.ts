import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { startDynalite, startDynamoDBLocal, type RunningDynamoDB } from '@sessionguard/testkit'
import { MemoryStore, type SessionStore } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import { randomUUID } from 'node:crypto'

/** 'memory-promise' is MemoryStore without its synchronous reads: the path every remote store takes. */
export type EngineName = 'memory' | 'memory-promise' | 'dynalite' | 'dynamodb-local'

export interface Engine {
  name: EngineName
  /** A fresh, empty store (a new table on the DynamoDB engines, with the given DynamoDBStore options). */
  newStore(options?: { timeout?: string }): Promise<SessionStore>
  client?: DynamoDBClient
  /** A further client on the same engine (tests wrap it with middleware). */
  makeClient?(): DynamoDBClient
  /** A fresh table on the DynamoDB engines, for a store built over another client. */
  newTable?(client: DynamoDBClient): Promise<string>
  stop(): Promise<void>
}

export function clientFor(db: RunningDynamoDB, extra: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials, maxAttempts: extra.maxAttempts ?? 2 })
}

/** Starts one engine per test file (DynamoDB Local takes seconds to boot); each test gets its own table. */
export async function startEngine(name: EngineName): Promise<Engine> {
  if (name === 'memory') return { name, newStore: async () => new MemoryStore(), stop: async () => {} }
  if (name === 'memory-promise') return { name, newStore: async () => promiseOnly(new MemoryStore()), stop: async () => {} }
  const db = name === 'dynalite' ? await startDynalite() : await startDynamoDBLocal()
  const client = clientFor(db)
  const extraClients: DynamoDBClient[] = []
  async function newTable(on: DynamoDBClient): Promise<string> {
    const tableName = `sessions-${randomUUID().slice(0, 8)}`
    await DynamoDBStore.createTable({ client: on, tableName })
    return tableName
  }
  return {
    name,
    client,
    makeClient() {
      const c = clientFor(db)
      extraClients.push(c)
      return c
    },
    newTable,
    async newStore(options = {}) {
      // dynalite has no TransactWriteItems: say so, as the README asks (auto-detection is tested on its own).
      return new DynamoDBStore({
        client,
        tableName: await newTable(client),
        ...(name === 'dynalite' ? { transactions: 'ordered' as const } : {}),
        ...options,
      })
    },
    async stop() {
      client.destroy()
      for (const c of extraClients) c.destroy()
      await db.stop()
    },
  }
}

/** The store's promise API only, as a remote store offers it. */
export function promiseOnly(store: MemoryStore): SessionStore {
  return {
    maxDataBytes: store.maxDataBytes,
    get: (key) => store.get(key),
    getMany: (keys, fields) => store.getMany(keys, fields),
    write: (ops) => store.write(ops),
    touch: (key, version, lastSeenAt, expiresAt) => store.touch(key, version, lastSeenAt, expiresAt),
    getUser: (userId) => store.getUser(userId),
    bumpEpoch: (userId, expiresAt) => store.bumpEpoch(userId, expiresAt),
    keysForUser: (userId) => store.keysForUser(userId),
    keysForUserPage: (userId, limit, after) => store.keysForUserPage(userId, limit, after),
  }
}
