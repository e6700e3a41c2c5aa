// One account with thousands of sessions (a service account, a scanner's test user): what listing
// its devices and signing out its other devices cost, beside the floor of the DynamoDB calls any
// implementation needs (the index query and a projected BatchGetItem of every key, 8 in flight).
// The library is passed in, so a one-off run can measure an earlier version with the same code.
import { randomBytes, createHash } from 'node:crypto'
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'

type Item = Record<string, AttributeValue>

/** What this measure needs of @sessionguard/session (any version). */
export interface Library {
  createSessionManager(options: { store: unknown; cookie: { secure: boolean } }): {
    load(cookie: string): Promise<{ userId?: string; revokeOthers(): Promise<number> }>
    listSessions(userId: string): Promise<unknown[]>
  }
  DynamoDBStore: {
    new (options: { client: DynamoDBClient; tableName: string }): unknown
    createTable(o: { client: DynamoDBClient; tableName: string }): Promise<unknown>
  }
}

export interface ManySessions {
  sessions: number
  dataBytes: number
  list: { ms: number; heapMB: number; found: number }
  floor: { ms: number }
  revokeOthers: { ms: number; ended: number }
}

const token = (): string => randomBytes(32).toString('base64url')
const hash = (t: string): string => createHash('sha256').update(t).digest('base64url')

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

/** Writes `n` live sessions of `userId` straight into the table (the layout every version shares); returns one token. */
async function seed(client: DynamoDBClient, tableName: string, userId: string, n: number, dataBytes: number): Promise<string> {
  const now = Date.now()
  const data = JSON.stringify({ blob: 'x'.repeat(dataBytes - 11) })
  const first = token()
  const items: Item[] = Array.from({ length: n }, (_, i) => ({
    pk: { S: `s#${hash(i === 0 ? first : token())}` },
    userId: { S: userId },
    data: { S: data },
    version: { N: '1' },
    createdAt: { N: String(now) },
    lastSeenAt: { N: String(now + i) },
    absoluteExpiresAt: { N: String(now + 12 * 3_600_000) },
    expiresAtMs: { N: String(now + 30 * 60_000) },
    expiresAt: { N: String(Math.ceil((now + 30 * 60_000) / 1000)) },
    userEpoch: { N: '0' },
    authenticatedAt: { N: String(now) },
  }))
  const batches: WriteRequest[][] = []
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })))
  await inParallel(batches, 8, async (batch) => {
    let pending: WriteRequest[] | undefined = batch
    while (pending && pending.length > 0) {
      const res: { UnprocessedItems?: Record<string, WriteRequest[]> | undefined } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
      )
      pending = res.UnprocessedItems?.[tableName]
    }
  })
  return first
}

/** The DynamoDB calls a devices list cannot do without: every index page, then the listed fields of every key. */
async function floor(client: DynamoDBClient, tableName: string, userId: string): Promise<number> {
  const keys: Item[] = []
  let start: Item | undefined
  do {
    const res = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'userId-index',
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': { S: userId } },
        ExclusiveStartKey: start,
      }),
    )
    for (const item of res.Items ?? []) keys.push({ pk: item.pk! })
    start = res.LastEvaluatedKey
  } while (start)
  const batches: Item[][] = []
  for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100))
  let found = 0
  await inParallel(batches, 8, async (batch) => {
    const res = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [tableName]: { Keys: batch, ConsistentRead: true, ProjectionExpression: 'pk, userId, createdAt, lastSeenAt, expiresAtMs' },
        },
      }),
    )
    found += res.Responses?.[tableName]?.length ?? 0
  })
  return found
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()

export async function manySessions(lib: Library, client: DynamoDBClient, n = 10_000, dataBytes = 2048): Promise<ManySessions> {
  const tableName = `bench-many-${randomBytes(3).toString('hex')}`
  await lib.DynamoDBStore.createTable({ client, tableName })
  const userId = 'service-account'
  const first = await seed(client, tableName, userId, n, dataBytes)
  const sessions = lib.createSessionManager({ store: new lib.DynamoDBStore({ client, tableName }), cookie: { secure: false } })

  await floor(client, tableName, userId) // warm-up of the engine and the connections
  let started = performance.now()
  await floor(client, tableName, userId)
  const floorMs = performance.now() - started

  gc()
  const heapBefore = process.memoryUsage().heapUsed
  started = performance.now()
  const listed = await sessions.listSessions(userId)
  const listMs = performance.now() - started
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024

  const here = await sessions.load(`sid=${first}`)
  if (here.userId !== userId) throw new Error('the seeded session does not load')
  started = performance.now()
  const ended = await here.revokeOthers()
  const revokeMs = performance.now() - started
  return {
    sessions: n,
    dataBytes,
    list: { ms: listMs, heapMB, found: listed.length },
    floor: { ms: floorMs },
    revokeOthers: { ms: revokeMs, ended },
  }
}
