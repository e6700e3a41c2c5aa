import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DEFAULT_USER_INDEX, KEY_ATTRIBUTE, TTL_ATTRIBUTE, USER_ATTRIBUTE } from './items.js'

export interface CreateTableOptions {
  client: DynamoDBClient
  tableName: string
  /** Default 'userId-index'. */
  userIndexName?: string
  /** Default on-demand ('PAY_PER_REQUEST'); give capacities for provisioned mode. */
  provisioned?: { readCapacityUnits: number; writeCapacityUnits: number }
  /** Default true: an existing table is left alone (TTL is still switched on). */
  ifNotExists?: boolean
  /** How long to wait for the table to become ACTIVE. Default 60 s. */
  timeoutMs?: number
}

export interface CreateTableResult {
  created: boolean
  /** False when the engine has no TTL support (dynalite); reads check expiry themselves either way. */
  ttlEnabled: boolean
}

const errorName = (err: unknown): string => (err as { name?: string })?.name ?? ''

/** Creates the sessions table: string key `pk`, KEYS_ONLY index on `userId`, TTL on `expiresAt`. */
export async function createSessionTable(options: CreateTableOptions): Promise<CreateTableResult> {
  const { client, tableName } = options
  const indexName = options.userIndexName ?? DEFAULT_USER_INDEX
  const throughput = options.provisioned && {
    ReadCapacityUnits: options.provisioned.readCapacityUnits,
    WriteCapacityUnits: options.provisioned.writeCapacityUnits,
  }
  let created = false
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: KEY_ATTRIBUTE, AttributeType: 'S' },
          { AttributeName: USER_ATTRIBUTE, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: KEY_ATTRIBUTE, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: indexName,
            KeySchema: [{ AttributeName: USER_ATTRIBUTE, KeyType: 'HASH' }],
            // Keys only: touches change no projected attribute, so they never write the index.
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ...(throughput ? { ProvisionedThroughput: throughput } : {}),
          },
        ],
        ...(throughput ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput } : { BillingMode: 'PAY_PER_REQUEST' }),
      }),
    )
    created = true
  } catch (err) {
    if (!(errorName(err) === 'ResourceInUseException' && (options.ifNotExists ?? true))) throw err
  }
  await waitUntilActive(client, tableName, options.timeoutMs ?? 60_000)
  let ttlEnabled = true
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
    )
  } catch (err) {
    const name = errorName(err)
    if (name === 'UnknownOperationException') ttlEnabled = false
    else if (!(name === 'ValidationException' && /already enabled/i.test((err as Error).message))) throw err
  }
  return { created, ttlEnabled }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) return
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
