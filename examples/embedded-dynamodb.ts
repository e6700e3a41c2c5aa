// The examples talk to DynamoDB through the AWS SDK v3, as in production. By default they start an
// embedded dynalite in this process so nothing needs installing; DYNAMODB_ENDPOINT points them at
// DynamoDB Local or (with real credentials and no endpoint override) at AWS.
import type { AddressInfo } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'

export interface Dynamo {
  client: DynamoDBClient
  endpoint: string
  /**
   * How a session store should write rotations here: 'ordered' on the embedded dynalite, which has no
   * TransactWriteItems (saying so spares the store's probe and its warning); 'auto' elsewhere, where
   * the store finds transactions and then requires them.
   */
  transactions: 'auto' | 'ordered'
  /** Stops the embedded server, if this process started one. */
  close(): Promise<void>
}

export async function connectDynamo(endpoint = process.env.DYNAMODB_ENDPOINT): Promise<Dynamo> {
  if (endpoint) {
    const local = /^https?:\/\/(127\.|localhost|\[::1\])/.test(endpoint)
    const client = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      // local engines accept any credentials; AWS gets the default provider chain
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    })
    return { client, endpoint, transactions: 'auto', close: async () => client.destroy() }
  }
  const { default: dynalite } = await import('dynalite')
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => ok())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  return {
    client,
    endpoint: url,
    transactions: 'ordered',
    close: async () => {
      client.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
