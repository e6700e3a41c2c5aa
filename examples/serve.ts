import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RequestListener } from 'node:http'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { connectDynamo, type Dynamo } from './embedded-dynamodb.js'

export interface RunningApi {
  url: string
  close(): Promise<void>
}

/** Serves an app on 127.0.0.1 (port 0: the kernel picks a free one). */
export function serveLocal(handler: RequestListener, port = 0): Promise<RunningApi> {
  const server = createServer(handler)
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo
      ok({
        url: `http://127.0.0.1:${p}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

/** `npm start` of an example: DynamoDB (embedded unless DYNAMODB_ENDPOINT), the API on PORT, stopped cleanly on Ctrl-C. */
export async function runStandalone(
  name: string,
  start: (db: DynamoDBClient, port: number, options: { transactions: Dynamo['transactions'] }) => Promise<RunningApi>,
  defaultPort: number,
): Promise<void> {
  // as in the demo: the SDK's notice that its 2027 releases need Node 22 is not about running this example;
  // a user who set the variable either way keeps their choice
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const dynamo = await connectDynamo()
  const api = await start(dynamo.client, Number(process.env.PORT ?? defaultPort), { transactions: dynamo.transactions })
  console.log(`${name} on ${api.url} (DynamoDB at ${dynamo.endpoint}) — login: alice / alice-demo-password`)
  const stop = async (): Promise<void> => {
    await api.close()
    await dynamo.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
