import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { serveLocal, type RunningApi } from '../../serve.js'
import { createSecureApp, type SecureAppOptions } from './app.js'

export { createSecureApp, type SecureAppOptions } from './app.js'

/** Starts the secure API on 127.0.0.1 against the given DynamoDB client. */
export async function startSecureApi(db: DynamoDBClient, port = 0, options: SecureAppOptions = {}): Promise<RunningApi> {
  const { app } = await createSecureApp(db, options)
  return serveLocal(app, port)
}
