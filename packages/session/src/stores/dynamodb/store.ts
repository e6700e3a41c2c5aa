import {
  BatchGetItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb'
import { ConditionFailedError, SessionConfigError } from '../../errors.js'
import { parseDuration, type Duration } from '../../core/duration.js'
import { DEFAULT_MAX_DATA_BYTES } from '../memory.js'
import type { SessionRecord, SessionStore, UserRecord, WriteOp } from '../types.js'
import {
  DEFAULT_USER_INDEX,
  KEY_ATTRIBUTE,
  RECENT_ATTRIBUTE,
  SESSION_ATTRIBUTES,
  TTL_ATTRIBUTE,
  USER_ATTRIBUTE,
  encodeRecent,
  itemToSession,
  itemToUser,
  sessionPk,
  sessionToItem,
  ttlSeconds,
  userPk,
  type Item,
} from './items.js'
import { createSessionTable, type CreateTableOptions, type CreateTableResult } from './schema.js'
import { Deadline } from './deadline.js'
import { forEachLimited } from '../../core/limited.js'
import { emitProcessWarning, TransactionPolicy, type TransactionsMode, type WarningHandler } from './transactions.js'

export type { CreateTableOptions, CreateTableResult } from './schema.js'
export type { StoreWarning, TransactionsMode, WarningHandler } from './transactions.js'

export interface DynamoDBStoreOptions {
  /** An AWS SDK v3 DynamoDBClient (region, credentials and retries are yours to configure). */
  client: DynamoDBClient
  tableName?: string
  /** Alias of tableName. */
  table?: string
  /** Default 'userId-index'. */
  userIndexName?: string
  /**
   * 'auto' (default): always TransactWriteItems on an AWS endpoint. On another endpoint, the first
   * rotation probes: an engine that answers UnknownOperationException (dynalite) gets ordered
   * conditional writes, with a warning, until the next probe (transactionsProbeInterval); once one
   * transaction went through, it never falls back again. 'required': never fall back.
   * 'ordered': never send TransactWriteItems (for dynalite, without the warnings).
   */
  transactions?: TransactionsMode
  /** How long 'auto' keeps writing in order before it probes for transactions again (default '1m'). */
  transactionsProbeInterval?: Duration
  /** Receives the store's warnings (transactions unavailable or failing). Default: process.emitWarning. */
  onWarning?: WarningHandler | undefined
  /**
   * Deadline of each DynamoDB call, SDK retries included (ms or '5s'; default 5s). A call that never
   * answers then fails closed (503) instead of holding the request forever.
   */
  timeout?: Duration
}

type Conditioned = { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item }

/** BatchGetItem calls one getMany keeps in flight. */
const BATCH_READS_IN_FLIGHT = 8

const errorName = (err: unknown): string => (err as { name?: string })?.name ?? ''
const isConditionFailure = (err: unknown): boolean => {
  const name = errorName(err)
  // A plain write that hit an item with a transaction in flight is a lost race too.
  if (name === 'ConditionalCheckFailedException' || name === 'TransactionConflictException') return true
  if (name !== 'TransactionCanceledException') return false
  // Lost a race (condition) or collided with another transaction: both mean "look again".
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict') || reasons.length === 0
}

/** Production store on DynamoDB: token hashes as keys, conditional versioned writes, a KEYS_ONLY index on the user id. */
export class DynamoDBStore implements SessionStore {
  readonly maxDataBytes = DEFAULT_MAX_DATA_BYTES
  readonly client: DynamoDBClient
  readonly tableName: string
  readonly userIndexName: string
  private readonly transactions: TransactionPolicy
  private readonly timeoutMs: number

  constructor(options: DynamoDBStoreOptions) {
    if (!options?.client) throw new SessionConfigError('DynamoDBStore needs a DynamoDBClient')
    const tableName = options.tableName ?? options.table
    if (!tableName) throw new SessionConfigError('DynamoDBStore needs a tableName')
    this.client = options.client
    this.tableName = tableName
    this.userIndexName = options.userIndexName ?? DEFAULT_USER_INDEX
    const mode = options.transactions
    if (mode !== undefined && mode !== 'auto' && mode !== 'required' && mode !== 'ordered')
      throw new SessionConfigError(`transactions must be 'auto', 'required' or 'ordered'`)
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function')
      throw new SessionConfigError('onWarning must be a function')
    const probeMs = parseDuration(options.transactionsProbeInterval ?? '1m', 'transactionsProbeInterval')
    this.transactions = new TransactionPolicy(mode, this.client, probeMs, options.onWarning ?? emitProcessWarning)
    this.timeoutMs = parseDuration(options.timeout ?? '5s')
  }

  /** Every call goes through here, so none can outlive its deadline (see Deadline for why not AbortSignal.timeout()). */
  private send: DynamoDBClient['send'] = (async (command: Parameters<DynamoDBClient['send']>[0]) => {
    const deadline = new Deadline(this.timeoutMs)
    try {
      return await deadline.race(this.client.send(command as never, { abortSignal: deadline as unknown as AbortSignal }))
    } finally {
      deadline.clear()
    }
  }) as DynamoDBClient['send']

  /** Creates the table with the user index and TTL on `expiresAt`. */
  static createTable(options: CreateTableOptions): Promise<CreateTableResult> {
    return createSessionTable(options)
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.send(
      new GetItemCommand({ TableName: this.tableName, Key: { [KEY_ATTRIBUTE]: { S: sessionPk(key) } }, ConsistentRead: true }),
    )
    return Item ? itemToSession(Item) : undefined
  }

  async getMany(keys: string[], fields?: ReadonlyArray<keyof SessionRecord>): Promise<SessionRecord[]> {
    const projection = fields && projectionOf(fields)
    const batches: string[][] = []
    for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100))
    const out: SessionRecord[] = []
    // A few BatchGetItem calls in flight at once: thousands of keys in a fraction of the sequential time.
    await forEachLimited(batches, BATCH_READS_IN_FLIGHT, async (batch) => {
      let pending: Item[] | undefined = batch.map((k) => ({ [KEY_ATTRIBUTE]: { S: sessionPk(k) } }))
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** round, 1000)))
        const res = await this.send(
          new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true, ...projection } } }),
        )
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const record = itemToSession(item)
          if (record) out.push(record)
        }
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined
      }
    })
    return out
  }

  async getUser(userId: string): Promise<UserRecord | undefined> {
    const { Item } = await this.send(
      new GetItemCommand({ TableName: this.tableName, Key: { [KEY_ATTRIBUTE]: { S: userPk(userId) } }, ConsistentRead: true }),
    )
    return Item ? itemToUser(userId, Item) : undefined
  }

  async bumpEpoch(userId: string, expiresAt: number): Promise<UserRecord | undefined> {
    try {
      // One unconditional update: ALL_OLD hands back exactly the keys appended before the bump.
      const { Attributes } = await this.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [KEY_ATTRIBUTE]: { S: userPk(userId) } },
          // The list stays: a revocation whose deletes fail must find the same keys when retried.
          // (The legacy JSON list predates list_append; the index has long covered its keys.)
          UpdateExpression: 'SET #ttl = :ttl ADD #epoch :one REMOVE #legacy, #v',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#epoch': 'epoch', '#legacy': 'recent', '#v': 'version' },
          ExpressionAttributeValues: { ':ttl': { N: String(ttlSeconds(expiresAt)) }, ':one': { N: '1' } },
          ReturnValues: 'ALL_OLD',
        }),
      )
      return Attributes ? itemToUser(userId, Attributes) : undefined
    } catch (err) {
      // A login transaction in flight on the user item: transient, the caller retries.
      if (isConditionFailure(err)) throw new ConditionFailedError(`user item busy: ${(err as Error).message}`)
      throw err
    }
  }

  async keysForUser(userId: string): Promise<string[]> {
    const keys: string[] = []
    let after: string | undefined
    do {
      const page = await this.keysForUserPage(userId, undefined, after)
      keys.push(...page.keys)
      after = page.next
    } while (after !== undefined)
    return keys
  }

  /** One Query page of the user index (`limit` undefined: as much as DynamoDB returns in one page). */
  async keysForUserPage(userId: string, limit: number | undefined, after?: string): Promise<{ keys: string[]; next?: string }> {
    const res = await this.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: this.userIndexName,
        KeyConditionExpression: '#u = :u',
        ExpressionAttributeNames: { '#u': USER_ATTRIBUTE },
        ExpressionAttributeValues: { ':u': { S: userId } },
        // A GSI position is its keys: the user id and the table key of the last item seen.
        ...(after === undefined
          ? {}
          : { ExclusiveStartKey: { [USER_ATTRIBUTE]: { S: userId }, [KEY_ATTRIBUTE]: { S: sessionPk(after) } } }),
        ...(limit === undefined ? {} : { Limit: limit }),
      }),
    )
    const keys: string[] = []
    for (const item of res.Items ?? []) {
      const pk = item[KEY_ATTRIBUTE]?.S
      if (pk?.startsWith('s#')) keys.push(pk.slice(2))
    }
    const last = res.LastEvaluatedKey?.[KEY_ATTRIBUTE]?.S
    return last?.startsWith('s#') ? { keys, next: last.slice(2) } : { keys }
  }

  async touch(key: string, expectedVersion: number, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    try {
      await this.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [KEY_ATTRIBUTE]: { S: sessionPk(key) } },
          UpdateExpression: 'SET lastSeenAt = :seen, expiresAtMs = :exp, #ttl = :ttl',
          // The version condition implies the item exists: a touch can never recreate a deleted session.
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':v': { N: String(expectedVersion) },
            ':seen': { N: String(lastSeenAt) },
            ':exp': { N: String(expiresAt) },
            ':ttl': { N: String(Math.ceil(expiresAt / 1000)) },
          },
        }),
      )
      return true
    } catch (err) {
      if (errorName(err) === 'ConditionalCheckFailedException') return false
      throw err
    }
  }

  async write(ops: WriteOp[]): Promise<void> {
    if (ops.length === 0) return
    try {
      if (ops.length === 1) return await this.writeOne(ops[0]!)
      await this.transactions.write(
        async () => void (await this.send(new TransactWriteItemsCommand({ TransactItems: ops.map((op) => this.transactItem(op)) }))),
        () => this.writeInOrder(ops),
      )
    } catch (err) {
      if (err instanceof ConditionFailedError) throw err
      if (isConditionFailure(err)) throw new ConditionFailedError(`conditional write failed: ${(err as Error).message}`)
      throw err
    }
  }

  /**
   * Fallback without transactions: apply in order, undo creates if a later op fails. The core orders
   * ops so a partial failure only ever loses a session, never leaves two. A logged-in session created
   * this way is marked checkEpoch: if its user's epoch check fails (a revocation) and the undo fails
   * too, the orphan is on no list and perhaps not yet in the index, and only that mark ends it.
   */
  private async writeInOrder(ops: WriteOp[]): Promise<void> {
    const created: string[] = []
    const guarded = ops.some((op) => op.op === 'addRecent' || op.op === 'assertEpoch')
    try {
      for (const given of ops) {
        const op: WriteOp =
          guarded && given.op === 'create' && given.record.userId !== undefined
            ? { ...given, record: { ...given.record, checkEpoch: true } }
            : given
        // Recorded before the call: a create applied whose answer was lost (the SDK's retry then fails
        // its own attribute_not_exists) must be undone too. The key is fresh, so undoing it is harmless.
        if (op.op === 'create') created.push(op.record.key)
        await this.writeOne(op)
      }
    } catch (err) {
      for (const key of created) {
        await this.send(new DeleteItemCommand({ TableName: this.tableName, Key: { [KEY_ATTRIBUTE]: { S: sessionPk(key) } } })).catch(
          () => {},
        )
      }
      throw err
    }
  }

  private async writeOne(op: WriteOp): Promise<void> {
    if (op.op === 'assertEpoch' && op.expiresAt === undefined) {
      // Outside a transaction a check is a strongly consistent read; the core never relies on it
      // alone (a session created without a transaction compares its epoch on every read).
      const user = await this.getUser(op.userId)
      if ((user?.epoch ?? 0) !== op.expectedEpoch) throw new ConditionFailedError('user was revoked meanwhile')
      return
    }
    const item = this.transactItem(op)
    if (item.Put) await this.send(new PutItemCommand(item.Put))
    else if (item.Delete) await this.send(new DeleteItemCommand(item.Delete))
    else if (item.Update) await this.send(new UpdateItemCommand(item.Update))
  }

  private transactItem(op: WriteOp): TransactWriteItem {
    const TableName = this.tableName
    switch (op.op) {
      case 'create':
        return { Put: { TableName, Item: sessionToItem(op.record), ...notExists() } }
      case 'replace':
        return { Put: { TableName, Item: sessionToItem(op.record), ...versionIs(op.expectedVersion) } }
      case 'delete':
        return { Delete: { TableName, Key: { [KEY_ATTRIBUTE]: { S: sessionPk(op.key) } }, ...deleteCondition(op) } }
      case 'addRecent': {
        const epoch = epochIs(op.expectedEpoch)
        const capped = op.maxRecent !== undefined
        return {
          Update: {
            TableName,
            Key: { [KEY_ATTRIBUTE]: { S: userPk(op.userId) } },
            // list_append commutes with concurrent appends; only a revocation (epoch bump) or a full list makes it fail.
            UpdateExpression:
              'SET #recent = list_append(if_not_exists(#recent, :empty), :entry), #epoch = if_not_exists(#epoch, :e), #ttl = :ttl',
            // The size is checked with the append, atomically: concurrent logins cannot overshoot it.
            ConditionExpression: capped
              ? `(${epoch.ConditionExpression}) AND (attribute_not_exists(#recent) OR size(#recent) < :max)`
              : epoch.ConditionExpression,
            ExpressionAttributeNames: { ...epoch.ExpressionAttributeNames, '#recent': RECENT_ATTRIBUTE, '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ...epoch.ExpressionAttributeValues,
              ':empty': { L: [] },
              ':entry': { L: [encodeRecent(op.entry)] },
              ':ttl': { N: String(ttlSeconds(op.expiresAt)) },
              ...(capped ? { ':max': { N: String(op.maxRecent) } } : {}),
            },
          },
        }
      }
      case 'assertEpoch': {
        const Key = { [KEY_ATTRIBUTE]: { S: userPk(op.userId) } }
        const epoch = epochIs(op.expectedEpoch)
        if (op.expiresAt === undefined) return { ConditionCheck: { TableName, Key, ...epoch } }
        // The expiry only: the list (and its size) is not touched.
        return {
          Update: {
            TableName,
            Key,
            UpdateExpression: 'SET #epoch = if_not_exists(#epoch, :e), #ttl = :ttl',
            ConditionExpression: epoch.ConditionExpression,
            ExpressionAttributeNames: { ...epoch.ExpressionAttributeNames, '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ...epoch.ExpressionAttributeValues, ':ttl': { N: String(ttlSeconds(op.expiresAt)) } },
          },
        }
      }
      case 'dropRecent': {
        // Highest index first: DynamoDB removes against the original list either way, dynalite one by one.
        const paths = Array.from({ length: op.count }, (_, i) => `#recent[${op.count - 1 - i}]`).join(', ')
        return {
          Update: {
            TableName,
            Key: { [KEY_ATTRIBUTE]: { S: userPk(op.userId) } },
            UpdateExpression: `REMOVE ${paths}`,
            ConditionExpression: `#recent[${op.count - 1}] = :last`,
            ExpressionAttributeNames: { '#recent': RECENT_ATTRIBUTE },
            ExpressionAttributeValues: { ':last': encodeRecent(op.last) },
          },
        }
      }
    }
  }
}

function deleteCondition(op: Extract<WriteOp, { op: 'delete' }>): Conditioned {
  const terms = ['attribute_exists(#pk)']
  const names: Record<string, string> = { '#pk': KEY_ATTRIBUTE }
  const values: Item = {}
  if (op.expectedVersion !== undefined) {
    terms.push('#v = :v')
    names['#v'] = 'version'
    values[':v'] = { N: String(op.expectedVersion) }
  }
  if (op.expectedSuccessor !== undefined) {
    names['#sx'] = 'successor'
    if (op.expectedSuccessor === null) terms.push('attribute_not_exists(#sx)')
    else {
      terms.push('#sx = :sx')
      values[':sx'] = { S: op.expectedSuccessor }
    }
  }
  if (op.expectedUserId !== undefined) {
    terms.push('#u = :u')
    names['#u'] = USER_ATTRIBUTE
    values[':u'] = { S: op.expectedUserId }
  }
  if (op.epochBelow !== undefined) {
    terms.push('(attribute_not_exists(#ue) OR #ue < :e)')
    names['#ue'] = 'userEpoch'
    values[':e'] = { N: String(op.epochBelow) }
  }
  return {
    ConditionExpression: terms.join(' AND '),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  }
}
/** The user's epoch is `epoch`; a missing user item counts as epoch 0. */
function epochIs(epoch: number): Required<Conditioned> {
  return {
    ConditionExpression: epoch === 0 ? 'attribute_not_exists(#pk) OR #epoch = :e' : '#epoch = :e',
    ExpressionAttributeNames: { '#epoch': 'epoch', ...(epoch === 0 ? { '#pk': KEY_ATTRIBUTE } : {}) },
    ExpressionAttributeValues: { ':e': { N: String(epoch) } },
  }
}

/** A BatchGetItem projection of the attributes behind `fields` (the key always comes along). */
function projectionOf(fields: ReadonlyArray<keyof SessionRecord>): {
  ProjectionExpression: string
  ExpressionAttributeNames: Record<string, string>
} {
  const names = new Set<string>([KEY_ATTRIBUTE])
  for (const f of fields) for (const a of SESSION_ATTRIBUTES[f] ?? []) names.add(a)
  const list = [...names]
  return {
    ProjectionExpression: list.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(list.map((a, i) => [`#p${i}`, a])),
  }
}

function notExists(): Conditioned {
  return { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': KEY_ATTRIBUTE } }
}
function versionIs(version: number): Conditioned {
  return {
    ConditionExpression: '#v = :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': { N: String(version) } },
  }
}
