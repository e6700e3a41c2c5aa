import { randomUUID } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { AttributeValue, DynamoDBClient, QueryCommandInput } from '@aws-sdk/client-dynamodb'
import type { ScanReport } from '@sessionguard/scanner'
import { HistoryStoreError } from '../errors.js'
import { dynamoSdk } from './aws-sdk.js'
import { isSafeId } from './safe-id.js'
import { compareEntries, emptyState, foldState, shownEntry, shownState, shownSummary, summarize } from './summary.js'
import { assertHistoryKey, targetKey } from './target-key.js'
import type {
  Claim,
  HistoryEntry,
  HistoryStore,
  OutageInput,
  OutageRecord,
  ScanMeta,
  ScanSummary,
  StoredScan,
  TargetRegistration,
  TargetState,
  TargetStatus,
} from './types.js'

// Table layout: partition key `target`, sort key `sk` = "<startedAt>#<scanId>" (outages:
// "<at>#down#<id>"), so one Query returns a target's history in time order. A sparse GSI on `scanId`
// finds a scan by id. The report is stored gzipped: DynamoDB items are capped at 400 KB.
//
// Beside the history: one state item per target in the partition FLEET (sort key: the target), holding
// its newest entry, latest scan and recent trend (kept by save and recordOutage with a version-checked
// write) and the monitor's registration; one Query of FLEET is the whole fleet, and the monitor reads
// one small item per scan instead of a target's history. Claims live in the target's partition under
// sort keys that start with "#", with `expiresAt` for DynamoDB's TTL.

const FLEET = '#fleet'
const CLAIM_TTL_S = 30 * 86_400
const STATE_ATTEMPTS = 40

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
    assertHistoryKey(summary.target)
    const put = await this.run((c, sdk) =>
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
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )
    await this.updateState(summary, put.Attributes !== undefined)
    return summary
  }

  async recordOutage(input: OutageInput): Promise<OutageRecord> {
    const outage: OutageRecord = { ...input, kind: 'down', id: randomUUID(), target: targetKey(input.target) }
    assertHistoryKey(outage.target)
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
    await this.updateState(outage, false)
    return outage
  }

  async list(target?: string): Promise<HistoryEntry[]> {
    const items =
      target === undefined
        ? await this.scanAll()
        : await this.queryAll({
            TableName: this.table,
            KeyConditionExpression: '#t = :t',
            FilterExpression: '#k IN (:scan, :down)',
            ExpressionAttributeNames: { '#t': 'target', '#k': 'kind' },
            ExpressionAttributeValues: { ':t': { S: targetKey(target) }, ':scan': { S: 'scan' }, ':down': { S: 'down' } },
            ProjectionExpression: 'entry',
          })
    return items.map(parseEntry).map(shownEntry).sort(compareEntries)
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
    const state = await this.state(target)
    if (state) {
      if (!state.latest) return undefined
      const res = await this.run((c, sdk) =>
        c.send(
          new sdk.GetItemCommand({
            TableName: this.table,
            Key: { target: { S: state.target }, sk: { S: `${state.latest!.startedAt}#${state.latest!.scanId}` } },
            ConsistentRead: true,
          }),
        ),
      )
      if (res.Item) return toStored(res.Item)
    }
    // no state item (a table written before there were any): the newest scan item of the partition
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
    return (await this.fleet()).flatMap((s) =>
      s.lastEntryAt === undefined || s.status === 'never'
        ? []
        : [{ target: s.target, scans: s.scans, status: s.status, lastSeenAt: s.lastEntryAt, ...(s.latest ? { latest: s.latest } : {}) }],
    )
  }

  async state(target: string): Promise<TargetState | undefined> {
    const res = await this.run((c, sdk) =>
      c.send(new sdk.GetItemCommand({ TableName: this.table, Key: fleetKey(targetKey(target)), ConsistentRead: true })),
    )
    return res.Item ? shownState(toState(res.Item)) : undefined
  }

  async fleet(): Promise<TargetState[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'target' },
      ExpressionAttributeValues: { ':t': { S: FLEET } },
      ConsistentRead: true,
    })
    return items.map((i) => shownState(toState(i))).filter((s) => s.status !== 'never' || s.registration !== undefined)
  }

  async register(targets: TargetRegistration[], at: string): Promise<void> {
    await inBatches(targets, 16, async (t) => {
      const reg: TargetRegistration = { ...t, target: targetKey(t.target) }
      assertHistoryKey(reg.target)
      await this.run((c, sdk) =>
        c.send(
          new sdk.UpdateItemCommand({
            TableName: this.table,
            Key: fleetKey(reg.target),
            UpdateExpression: 'SET reg = :reg, registeredAt = if_not_exists(registeredAt, :at), kind = :kind',
            ExpressionAttributeValues: { ':reg': { S: JSON.stringify(reg) }, ':at': { S: at }, ':kind': { S: 'fleet' } },
          }),
        ),
      )
    })
  }

  async unregister(targets: string[]): Promise<void> {
    await inBatches(targets, 16, async (t) => {
      await this.run((c, sdk) =>
        c.send(
          new sdk.UpdateItemCommand({
            TableName: this.table,
            Key: fleetKey(targetKey(t)),
            UpdateExpression: 'REMOVE reg, registeredAt',
            ConditionExpression: 'attribute_exists(sk)',
          }),
        ),
      ).catch((err: unknown) => {
        if (!isConditionFailed(err)) throw err
      })
    })
  }

  async claim(claim: Claim): Promise<boolean> {
    const key = targetKey(claim.target)
    const now = Date.now()
    try {
      await this.run((c, sdk) =>
        c.send(
          new sdk.PutItemCommand({
            TableName: this.table,
            Item: {
              target: { S: key },
              sk: { S: `#claim#${claim.round}#${claim.kind}` },
              kind: { S: 'claim' },
              by: { S: claim.by },
              at: { S: new Date(now).toISOString() },
              expiresAt: { N: String(Math.floor(now / 1000) + CLAIM_TTL_S) },
            },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        ),
      )
      return true
    } catch (err) {
      if (isConditionFailed(err)) return false
      throw err
    }
  }

  /**
   * Folds one entry into the target's state item: read, fold, write back if nobody wrote in between
   * (the version attribute), else again. Two monitors saving scans of one target at once both land.
   */
  private async updateState(entry: HistoryEntry, replaced: boolean): Promise<void> {
    const key = fleetKey(entry.target)
    for (let attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
      const cur = await this.run((c, sdk) => c.send(new sdk.GetItemCommand({ TableName: this.table, Key: key, ConsistentRead: true })))
      const version = cur.Item?.version?.N
      const before = cur.Item ? toState(cur.Item) : emptyState(entry.target)
      const { registration: _, ...next } = foldState(before, entry, replaced)
      try {
        await this.run((c, sdk) =>
          c.send(
            new sdk.UpdateItemCommand({
              TableName: this.table,
              Key: key,
              UpdateExpression: 'SET #s = :s, version = :next, kind = :kind',
              ConditionExpression: version === undefined ? 'attribute_not_exists(version)' : 'version = :v',
              ExpressionAttributeNames: { '#s': 'state' },
              ExpressionAttributeValues: {
                ':s': { S: JSON.stringify(next) },
                ':next': { N: String(Number(version ?? 0) + 1) },
                ':kind': { S: 'fleet' },
                ...(version === undefined ? {} : { ':v': { N: version } }),
              },
            }),
          ),
        )
        return
      } catch (err) {
        if (!isConditionFailed(err)) throw err
      }
      // many writers of one target (rare: one worker scans it) take turns: a random wait, growing
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 5 * 2 ** attempt)))
    }
    throw new HistoryStoreError(`DynamoDB table ${this.table}: the state of ${entry.target} kept changing under ${STATE_ATTEMPTS} writes`)
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
          new sdk.ScanCommand({
            TableName: this.table,
            ProjectionExpression: 'entry',
            FilterExpression: '#k IN (:scan, :down)',
            ExpressionAttributeNames: { '#k': 'kind' },
            ExpressionAttributeValues: { ':scan': { S: 'scan' }, ':down': { S: 'down' } },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
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

function fleetKey(target: string): Item {
  return { target: { S: FLEET }, sk: { S: target } }
}

function toState(item: Item): TargetState {
  const target = item.sk?.S ?? ''
  const state: TargetState = item.state?.S ? { ...emptyState(target), ...(JSON.parse(item.state.S) as TargetState) } : emptyState(target)
  if (item.reg?.S && item.registeredAt?.S)
    state.registration = { ...(JSON.parse(item.reg.S) as TargetRegistration), registeredAt: item.registeredAt.S }
  return state
}

function isConditionFailed(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause ?? err
  return (cause as Error | null)?.name === 'ConditionalCheckFailedException'
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}

function parseEntry(item: Item): HistoryEntry {
  const text = item.entry?.S
  if (!text) throw new HistoryStoreError('history item without an entry attribute (not written by sessionguard?)')
  return JSON.parse(text) as HistoryEntry
}

function toStored(item: Item): StoredScan {
  const blob = item.report?.B
  if (!blob) throw new HistoryStoreError('scan item without its report')
  return {
    summary: shownSummary(parseEntry(item) as ScanSummary),
    report: JSON.parse(gunzipSync(blob).toString('utf8')) as ScanReport,
  }
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
