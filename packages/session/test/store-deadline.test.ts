import assert from 'node:assert/strict'
import { createServer, type Socket } from 'node:net'
import { test } from 'node:test'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createSessionManager, StoreUnavailableError } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'

test('a DynamoDB that accepts the connection and never answers fails the read closed at the store deadline', async () => {
  const sockets = new Set<Socket>()
  const silent = createServer((s) => void sockets.add(s))
  await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()))
  const port = (silent.address() as { port: number }).port
  // no SDK-level timeout at all: only the store's own deadline can end the call
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  try {
    const store = new DynamoDBStore({ client, tableName: 'sessions', timeout: '300ms' })
    await assert.rejects(store.get('some-key'))
    const sessions = createSessionManager({ store, cookie: { secure: false } })
    const token = 'A'.repeat(43)
    await assert.rejects(sessions.load(`sid=${token}`), 'a hung store is never a logged-in (or silently empty) session')
  } finally {
    client.destroy()
    for (const s of sockets) s.destroy()
    await new Promise<void>((done) => silent.close(() => done()))
  }
})

test('the store deadline holds when the SDK never reaches the network or ignores the signal', { timeout: 30_000 }, async () => {
  // a credentials provider that never answers: the request never reaches the HTTP handler
  const stalledCredentials = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: () => new Promise(() => {}),
    maxAttempts: 1,
  })
  // a request handler that ignores the abort signal and never answers (as one wrapping it in AbortSignal.any() would)
  const deafHandler = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { handle: () => new Promise(() => {}) } as never,
  })
  try {
    for (const client of [stalledCredentials, deafHandler]) {
      const store = new DynamoDBStore({ client, tableName: 'sessions', timeout: '200ms' })
      await assert.rejects(store.get('some-key'))
      const sessions = createSessionManager({ store, cookie: { secure: false } })
      await assert.rejects(sessions.load(`sid=${'A'.repeat(43)}`), StoreUnavailableError)
    }
  } finally {
    stalledCredentials.destroy()
    deafHandler.destroy()
  }
})
