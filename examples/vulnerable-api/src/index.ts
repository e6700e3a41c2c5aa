import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { serveLocal, type RunningApi } from '../../serve.js'
import { createVulnerableApp } from './app.js'

export { createVulnerableApp } from './app.js'

/** Starts the vulnerable API on 127.0.0.1 against the given DynamoDB client. */
export async function startVulnerableApi(db: DynamoDBClient, port = 0): Promise<RunningApi> {
  return serveLocal(await createVulnerableApp(db), port)
}
