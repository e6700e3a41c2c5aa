import { randomUUID } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { AttributeValue, DynamoDBClient, QueryCommandInput } from '@aws-sdk/client-dynamodb'
import type { ScanReport } from '@sessionguard/scanner'
import { HistoryStoreError } from '../errors.js'
import { dynamoSdk } from './aws-sdk.js'
import { isSafeId } from './safe-id.js'
import { compareEntries, summarize, targetStatuses } from './summary.js'
import { targetKey } from './target-key.js'
import type { HistoryEntry, HistoryStore, OutageInput, OutageRecord, ScanMeta, ScanSummary, StoredScan, TargetStatus } from './types.js'

// Table layout: partition key `target`, sort key `sk` = "<startedAt>#<scanId>" (outages:
// "<at>#down#<id>"), so one Query returns a target's history in time order. A sparse GSI on `scanId`
// finds a scan by id. The report is stored gzipped: DynamoDB items are capped at 400 KB.

const SCAN_ID_INDEX = 'byScanId'
const MAX_REPORT_BYTES = 380 * 1024

type Item = Record<string, AttributeValue>

export interface DynamoHistoryStoreOptions {
  /** Default: a client from the usual AWS environment (region, credentials, AWS_ENDPOINT_URL_DYNAMODB), made on first use. */
  client?: DynamoDBClient
  table: string
  /** Close the client on close(); true when the store made the client itself. */
  ownsClient?: boolean
}

export class DynamoHistoryStore implements HistoryStore {
  private client: DynamoDBClient | undefined
  private readonly table: string
  private readonly ownsClient: boolean

  constructor(opts: DynamoHistoryStoreOptions) {
    this.client = opts.client
    this.table = opts.table
    this.ownsClient = opts.ownsClient ?? opts.client === undefined
  }

  async save(report: ScanReport, meta: ScanMeta): Promise<ScanSummary> {
    if (!isSafeId(report.scanId)) throw new HistoryStoreError(`refusing to store a scan with id ${JSON.stringify(report.scanId)}`)
    const summary = summarize(report, meta)
    const blob = gzipSync(JSON.stringify(report))
    if (blob.byteLength > MAX_REPORT_BYTES) {
      throw new HistoryStoreError(
        `report ${report.scanId} is ${blob.byteLength} bytes gzipped, over what a DynamoDB item can hold; use the file store`,
      )
    }
    await this.run((c, sdk) =>
      c.send(
        new sdk.PutItemCommand({
          TableName: this.table,
          Item: {
            target: { S: summary.target },
            sk: { S: `${summary.startedAt}#${summary.scanId}` },
            kind: { S: 'scan' },
            scanId: { S: summary.scanId },
            entry: { S: JSON.stringify(summary) },
            report: { B: blob },
          },
        }),
      ),
    )
    return summary
  }

  async recordOutage(input: OutageInput): Promise<OutageRecord> {
    const outage: OutageRecord = { ...input, kind: 'down', id: randomUUID(), target: targetKey(input.target) }
    await this.run((c, sdk) =>
      c.send(
        new sdk.PutItemCommand({
          TableName: this.table,
          Item: {
            target: { S: outage.target },
            sk: { S: `${outage.at}#down#${outage.id}` },
            kind: { S: 'down' },
            entry: { S: JSON.stringify(outage) },
          },
        }),
      ),
    )
    return outage
  }

  async list(target?: string): Promise<HistoryEntry[]> {
    const items =
      target === undefined
        ? await this.scanAll()
        : await this.queryAll({
            TableName: this.table,
            KeyConditionExpression: '#t = :t',
            ExpressionAttributeNames: { '#t': 'target' },
            ExpressionAttributeValues: { ':t': { S: targetKey(target) } },
            ProjectionExpression: 'entry',
          })
    return items.map(parseEntry).sort(compareEntries)
  }

  async get(scanId: string): Promise<StoredScan | undefined> {
    if (!isSafeId(scanId)) return undefined
    const keys = await this.queryAll({
      TableName: this.table,
      IndexName: SCAN_ID_INDEX,
      KeyConditionExpression: 'scanId = :id',
      ExpressionAttributeValues: { ':id': { S: scanId } },
    })
    const target = keys[0]?.target
    const sk = keys[0]?.sk
    if (!target || !sk) return undefined
    const res = await this.run((c, sdk) =>
      c.send(new sdk.GetItemCommand({ TableName: this.table, Key: { target, sk }, ConsistentRead: true })),
    )
    return res.Item ? toStored(res.Item) : undefined
  }

  async latest(target: string): Promise<StoredScan | undefined> {
    let startKey: Item | undefined
    do {
      // newest first; outages are skipped, they carry no result
      const res = await this.run((c, sdk) =>
        c.send(
          new sdk.QueryCommand({
            TableName: this.table,
            KeyConditionExpression: '#t = :t',
            FilterExpression: 'kind = :scan',
            ExpressionAttributeNames: { '#t': 'target' },
            ExpressionAttributeValues: { ':t': { S: targetKey(target) }, ':scan': { S: 'scan' } },
            ScanIndexForward: false,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      const item = res.Items?.[0]
      if (item) return toStored(item)
      startKey = res.LastEvaluatedKey
    } while (startKey)
    return undefined
  }

  async targets(): Promise<TargetStatus[]> {
    return targetStatuses(await this.list())
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client?.destroy()
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const out: Item[] = []
    let startKey: Item | undefined
    do {
      const res = await this.run((c, sdk) => c.send(new sdk.QueryCommand({ ...input, ExclusiveStartKey: startKey })))
      out.push(...(res.Items ?? []))
      startKey = res.LastEvaluatedKey
    } while (startKey)
    return out
  }

  private async scanAll(): Promise<Item[]> {
    const out: Item[] = []
    let startKey: Item | undefined
    do {
      const res = await this.run((c, sdk) =>
        c.send(
          new sdk.ScanCommand({ TableName: this.table, ProjectionExpression: 'entry', ConsistentRead: true, ExclusiveStartKey: startKey }),
        ),
      )
      out.push(...(res.Items ?? []))
      startKey = res.LastEvaluatedKey
    } while (startKey)
    return out
  }

  // Every SDK failure becomes a HistoryStoreError naming the table, so the CLI can say what to fix.
  private async run<T>(call: (client: DynamoDBClient, sdk: typeof import('@aws-sdk/client-dynamodb')) => Promise<T>): Promise<T> {
    const sdk = await dynamoSdk()
    this.client ??= new sdk.DynamoDBClient({})
    try {
      return await call(this.client, sdk)
    } catch (err) {
      throw new HistoryStoreError(`DynamoDB table ${this.table}: ${(err as Error).name}: ${(err as Error).message}`, { cause: err })
    }
  }
}

function parseEntry(item: Item): HistoryEntry {
  const text = item.entry?.S
  if (!text) throw new HistoryStoreError('history item without an entry attribute (not written by sessionguard?)')
  return JSON.parse(text) as HistoryEntry
}

function toStored(item: Item): StoredScan {
  const blob = item.report?.B
  if (!blob) throw new HistoryStoreError('scan item without its report')
  return { summary: parseEntry(item) as ScanSummary, report: JSON.parse(gunzipSync(blob).toString('utf8')) as ScanReport }
}

/** Creates the history table (on-demand billing) and waits until it is ACTIVE; an existing table is left as is. */
export async function createHistoryTable(client: DynamoDBClient, table: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const sdk = await dynamoSdk()
  try {
    await client.send(
      new sdk.CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'target', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'scanId', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'target', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: SCAN_ID_INDEX,
            KeySchema: [{ AttributeName: 'scanId', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    )
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException')
      throw new HistoryStoreError(`could not create table ${table}: ${(err as Error).message}`, { cause: err })
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000)
  for (;;) {
    const res = await client.send(new sdk.DescribeTableCommand({ TableName: table }))
    const gsisReady = (res.Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')
    if (res.Table?.TableStatus === 'ACTIVE' && gsisReady) return
    if (Date.now() > deadline) throw new HistoryStoreError(`table ${table} did not become ACTIVE`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
