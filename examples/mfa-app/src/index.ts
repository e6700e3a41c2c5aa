import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBStore, type TransactionsMode } from '@sessionguard/session/dynamodb'
import { serveLocal, type RunningApi } from '../../serve.js'
import { createMfaApp } from './app.js'
import { DEMO_TOTP_SECRETS } from './users.js'

export { createMfaApp, MAX_CODE_TRIES, STEP_UP_WINDOW, type MfaAppOptions } from './app.js'
export { DEMO_TOTP_SECRETS } from './users.js'

export const SESSIONS_TABLE = 'app_sessions_mfa'

/** Starts the MFA example on 127.0.0.1 against the given DynamoDB client, with the demo accounts. */
export async function startMfaApp(db: DynamoDBClient, port = 0, options: { transactions?: TransactionsMode } = {}): Promise<RunningApi> {
  await DynamoDBStore.createTable({ client: db, tableName: SESSIONS_TABLE })
  const store = new DynamoDBStore({
    client: db,
    tableName: SESSIONS_TABLE,
    ...(options.transactions ? { transactions: options.transactions } : {}),
  })
  const { app } = createMfaApp({ store, totpSecrets: DEMO_TOTP_SECRETS })
  return serveLocal(app, port)
}
