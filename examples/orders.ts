import { CreateTableCommand, GetItemCommand, PutItemCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ORDERS } from './users.js'

export const ORDERS_TABLE = 'app_orders'

export async function createTableIfMissing(db: DynamoDBClient, name: string, key: string): Promise<void> {
  try {
    await db.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err
  }
}

/** The orders both example APIs serve: the object a session protects. */
export async function seedOrders(db: DynamoDBClient): Promise<void> {
  await createTableIfMissing(db, ORDERS_TABLE, 'order_id')
  for (const o of ORDERS) {
    await db.send(
      new PutItemCommand({
        TableName: ORDERS_TABLE,
        Item: { order_id: { S: o.order_id }, owner: { S: o.owner }, item: { S: o.item }, total: { N: String(o.total) } },
      }),
    )
  }
}

export interface Order {
  order_id: string
  owner: string
  item: string
  total: number
}

export async function getOrder(db: DynamoDBClient, id: string): Promise<Order | undefined> {
  const { Item } = await db.send(new GetItemCommand({ TableName: ORDERS_TABLE, Key: { order_id: { S: id } } }))
  if (!Item) return undefined
  return { order_id: Item.order_id!.S!, owner: Item.owner!.S!, item: Item.item!.S!, total: Number(Item.total!.N) }
}
