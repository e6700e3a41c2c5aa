import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'

/** Drops an app's table and its client at close. The engine may already be gone at teardown; the table lived in memory anyway. */
export async function dropTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: table }))
  } catch {
    // nothing to clean up where the engine is already stopped
  }
  client.destroy()
}
