import type { AddressInfo } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import { createSessionManager } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'

// DYNAMODB_ENDPOINT set: that engine (e.g. DynamoDB Local). Unset: dynalite, in this process, in memory.
let endpoint = process.env.DYNAMODB_ENDPOINT ?? ''
const embedded = endpoint ? undefined : dynalite({ createTableMs: 0 })
if (embedded) {
  await new Promise<void>((ready) => embedded.listen(0, '127.0.0.1', () => ready()))
  endpoint = `http://127.0.0.1:${(embedded.address() as AddressInfo).port}`
}

// Local engines take any credentials: never put real ones here.
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
await DynamoDBStore.createTable({ client, tableName: 'sessions' })

export const sessions = createSessionManager({
  // dynalite has no TransactWriteItems: 'ordered' writes a rotation as ordered conditional writes instead
  store: new DynamoDBStore({ client, tableName: 'sessions', transactions: embedded ? 'ordered' : 'auto' }),
  cookie: { secure: false }, // http://localhost
})

export async function stop(): Promise<void> {
  client.destroy()
  if (embedded) await new Promise<void>((done) => embedded.close(() => done()))
}
