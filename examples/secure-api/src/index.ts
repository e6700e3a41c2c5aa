import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { serveLocal, type RunningApi } from '../../serve.js'
import { createSecureApp } from './app.js'

export { createSecureApp } from './app.js'

/** Starts the secure API on 127.0.0.1 against the given DynamoDB client. */
export async function startSecureApi(db: DynamoDBClient, port = 0): Promise<RunningApi> {
  const { app } = await createSecureApp(db)
  return serveLocal(app, port)
}
