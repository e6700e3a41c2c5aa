// When rotations go out as one TransactWriteItems: an UnknownOperationException is never latched
// silently (issue 16, item 6). Real engines only: DynamoDB Local (has transactions) and dynalite (has not).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { startDynalite, startDynamoDBLocal, type RunningDynamoDB } from '@sessionguard/testkit'
import { createSessionManager, SessionConfigError, StoreUnavailableError } from '@sessionguard/session'
import { DynamoDBStore, type DynamoDBStoreOptions, type StoreWarning } from '@sessionguard/session/dynamodb'
import { clientFor } from './helpers/engines.js'

interface Wire {
  client: DynamoDBClient
  /** Commands the client sent (or had refused by the injection), in order. */
  commands: string[]
  /** How many coming TransactWriteItems calls answer UnknownOperationException without reaching the engine. */
  refuse: number
}

/** Records the commands and refuses TransactWriteItems on demand, as an engine (or a proxy) without them would. */
function instrument(client: DynamoDBClient): Wire {
  const wire: Wire = { client, commands: [], refuse: 0 }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      wire.commands.push(context.commandName as string)
      if (context.commandName === 'TransactWriteItemsCommand' && wire.refuse > 0) {
        wire.refuse--
        throw Object.assign(new Error('An unknown operation was requested.'), { name: 'UnknownOperationException' })
      }
      return next(args)
    },
    { step: 'initialize', name: 'refuseTransactions' },
  )
  return wire
}

async function newManager(wire: Wire, db: RunningDynamoDB, options: Partial<DynamoDBStoreOptions> = {}) {
  const warnings: StoreWarning[] = []
  const setup = clientFor(db)
  const tableName = `tx-${Math.random().toString(36).slice(2, 10)}`
  await DynamoDBStore.createTable({ client: setup, tableName })
  setup.destroy()
  const store = new DynamoDBStore({ client: wire.client, tableName, onWarning: (w) => warnings.push(w), ...options })
  const sessions = createSessionManager({ store, cookie: { secure: false } })
  /** An anonymous session with data, then a login on it: the multi-item write under test. */
  async function login(userId: string): Promise<string> {
    const s = await sessions.load(undefined)
    await s.set({ n: 1 })
    const anon = s.takeSetCookie()!.split(';')[0]!
    const again = await sessions.load(anon)
    wire.commands.length = 0
    await again.login(userId)
    return again.takeSetCookie()!.split(';')[0]!
  }
  return { warnings, sessions, login }
}

const ORDERED = ['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'PutItemCommand']

describe('transactions on DynamoDB Local (an engine that has them)', () => {
  let db: RunningDynamoDB
  before(async () => {
    db = await startDynamoDBLocal()
  })
  after(async () => {
    await db?.stop()
  })

  it('one UnknownOperationException falls back for that write with a warning, and the next probe takes the transaction again', async () => {
    const wire = instrument(clientFor(db))
    const { warnings, sessions, login } = await newManager(wire, db, { transactionsProbeInterval: 0 })
    wire.refuse = 1
    const first = await login('ann')
    assert.deepEqual(wire.commands, ['GetItemCommand', 'TransactWriteItemsCommand', ...ORDERED.slice(1)], 'refused, then written in order')
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['transactions-unavailable'],
    )
    assert.equal((await sessions.load(first)).userId, 'ann')
    await login('ann')
    assert.deepEqual(
      wire.commands,
      ['GetItemCommand', 'TransactWriteItemsCommand'],
      'not latched: the next rotation is a transaction again',
    )
    wire.client.destroy()
  })

  it('re-probes at most once per interval, and concurrent rotations wait for the one probe', async () => {
    const wire = instrument(clientFor(db))
    const { warnings, login } = await newManager(wire, db) // default interval: 1 minute
    wire.refuse = 100
    await Promise.all([login('bo'), login('bo'), login('bo')])
    assert.equal(100 - wire.refuse, 1, 'three concurrent rotations, one probe')
    await login('bo')
    assert.deepEqual(wire.commands, ORDERED, 'within the interval: straight to ordered writes, no second probe')
    assert.equal(warnings.length, 1, 'one warning per probe, not one per write')
    wire.client.destroy()
  })

  it('after a transaction went through, an UnknownOperationException fails the write closed instead of falling back', async () => {
    const wire = instrument(clientFor(db))
    const { warnings, sessions, login } = await newManager(wire, db, { transactionsProbeInterval: 0 })
    await login('cy')
    wire.refuse = 1
    await assert.rejects(login('cy'), StoreUnavailableError)
    assert.ok(!wire.commands.includes('PutItemCommand'), `no ordered write was attempted: ${wire.commands.join(' ')}`)
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['transactions-failed'],
    )
    assert.equal((await sessions.listSessions('cy')).length, 1, 'the failed login created nothing')
    await login('cy')
    assert.deepEqual(wire.commands, ['GetItemCommand', 'TransactWriteItemsCommand'])
    wire.client.destroy()
  })

  it("on an AWS endpoint transactions are required from the first write (transactions: 'auto' by default)", async () => {
    // No endpoint option: the SDK targets dynamodb.<region>.amazonaws.com. The request handler below
    // sends every request to the local engine instead, so nothing leaves loopback.
    const local = new URL(db.endpoint)
    assert.equal(local.hostname, '127.0.0.1')
    const inner = clientFor(db)
    const handler = inner.config.requestHandler as {
      handle(request: { hostname: string; port?: number; protocol: string }, options?: unknown): Promise<unknown>
    }
    const aws = new DynamoDBClient({
      region: 'us-east-1',
      credentials: db.credentials,
      maxAttempts: 1,
      requestHandler: {
        handle(request: { hostname: string; port?: number; protocol: string }, options?: unknown) {
          assert.match(request.hostname, /\.amazonaws\.com$/, 'the client believes it talks to AWS')
          Object.assign(request, { hostname: '127.0.0.1', port: Number(local.port), protocol: 'http:' })
          return handler.handle(request, options)
        },
      } as never,
    })
    assert.equal((aws.config as { isCustomEndpoint?: boolean }).isCustomEndpoint, false)
    const wire = instrument(aws)
    const { warnings, login } = await newManager(wire, db)
    wire.refuse = 1
    await assert.rejects(login('dee'), StoreUnavailableError)
    assert.ok(!wire.commands.includes('PutItemCommand'), `never falls back on AWS: ${wire.commands.join(' ')}`)
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['transactions-failed'],
    )
    await login('dee')
    assert.deepEqual(wire.commands, ['GetItemCommand', 'TransactWriteItemsCommand'])
    aws.destroy()
    inner.destroy()
  })

  it('refuses an unknown transactions mode at construction', () => {
    const client = clientFor(db)
    assert.throws(() => new DynamoDBStore({ client, tableName: 't', transactions: 'sometimes' as never }), SessionConfigError)
    client.destroy()
  })
})

describe('transactions on dynalite (an engine without them)', () => {
  let db: RunningDynamoDB
  before(async () => {
    db = await startDynalite()
  })
  after(async () => {
    await db?.stop()
  })

  it("'auto' detects the missing operation, warns once and rotates with ordered writes", async () => {
    const wire = instrument(clientFor(db))
    const { warnings, sessions, login } = await newManager(wire, db)
    const cookie = await login('eve')
    assert.deepEqual(wire.commands, ['GetItemCommand', 'TransactWriteItemsCommand', ...ORDERED.slice(1)])
    assert.equal((await sessions.load(cookie)).userId, 'eve')
    await login('eve')
    assert.deepEqual(wire.commands, ORDERED)
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['transactions-unavailable'],
    )
    assert.match(warnings[0]!.message, /transactions: 'ordered'/, 'the warning says how to configure it')
    wire.client.destroy()
  })

  it("'ordered' never sends TransactWriteItems and never warns", async () => {
    const wire = instrument(clientFor(db))
    const { warnings, login } = await newManager(wire, db, { transactions: 'ordered' })
    await login('fay')
    assert.deepEqual(wire.commands, ORDERED)
    assert.deepEqual(warnings, [])
    wire.client.destroy()
  })

  it('without onWarning the warning goes to process warnings', async () => {
    const wire = instrument(clientFor(db))
    const seen: Error[] = []
    const listener = (w: Error): void => void seen.push(w)
    process.on('warning', listener)
    try {
      const { login } = await newManager(wire, db, { onWarning: undefined })
      await login('gus')
      await new Promise((r) => setImmediate(r)) // process warnings are emitted on the next tick
    } finally {
      process.off('warning', listener)
      wire.client.destroy()
    }
    const ours = seen.filter((w) => w.name === 'SessionguardWarning')
    assert.equal(ours.length, 1)
    assert.equal((ours[0] as Error & { code?: string }).code, 'transactions-unavailable')
  })
})
