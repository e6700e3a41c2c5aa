import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createSessionManager } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'

const client = new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) // no endpoint on AWS

// Once, at deploy time (or use the CloudFormation snippet below): table, user index, TTL.
await DynamoDBStore.createTable({ client, tableName: 'sessions' })

export const sessions = createSessionManager({
  store: new DynamoDBStore({ client, tableName: 'sessions' }),
  idleTimeout: '30m',
  absoluteTimeout: '12h',
  cookie: { secure: process.env.NODE_ENV === 'production' }, // 'sid' on http://localhost, '__Host-sid' in production
})

// "Log me out everywhere" (password change, account takeover):
export async function logOutEverywhere(userId: string): Promise<void> {
  await sessions.revokeUser(userId)
}
