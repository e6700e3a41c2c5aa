// Owned objects on DynamoDB: a JSON API where every user has orders, for the authorization checks.
// Sessions are done right (random 256-bit ids, rotated at login, deleted at logout) so that only the
// object access differs between variants.
//
// ownerCheck 'none' — VULNERABLE, the textbook pattern: GET /api/orders/{order_id} is a GetItem by the
//   order_id from the path, with no owner check: any session reads any order (SG-IDOR); DELETE is a
//   DeleteItem by order_id, same bug. With sequential ids (default here) they are guessable (SG-IDOR-ENUM).
// ownerCheck 'key' — SAFE: the table's key is (owner, order_id) and the owner comes from the session,
//   so another user's id finds nothing (404).
// ownerCheck 'condition' — SAFE: key order_id, but the read compares the item's owner with the session's
//   user and the delete has ConditionExpression owner = :me.
// auth false — the order endpoint needs no session at all (SG-AUTH-MISSING).
// ids 'random' (default for the safe variants) — 96-bit random ids; 'sequential' — 1001, 1002, …
//
// GET /openapi.json describes the API (OpenAPI 3.1 with $refs); `requests` records what was received.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { scanConfig } from './config.js'
import { addCookie, json, notFound, parseCookies, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { dropTable } from './dynamo-teardown.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB, checkCredentials } from './users.js'

export interface OrdersApiOptions {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  ownerCheck: 'none' | 'key' | 'condition'
  /** Does GET /api/orders/{id} need a session? Default true. */
  auth?: boolean
  /** Default: sequential for ownerCheck 'none', random otherwise. */
  ids?: 'sequential' | 'random'
}

export interface OrdersApp extends TargetApp {
  /** Every request received: method and path. */
  requests: Array<{ method: string; path: string }>
  /** The seeded orders by owner. */
  orders: Record<string, string[]>
  /** Is this order still in the table? */
  exists(orderId: string): Promise<boolean>
}

const SEED: Array<{ owner: string; item: string; total: number; address: string }> = [
  { owner: ALICE.username, item: 'Noise-cancelling headphones', total: 249, address: '12 Rue des Lilas, Lyon' },
  { owner: ALICE.username, item: 'Espresso machine', total: 410, address: '12 Rue des Lilas, Lyon' },
  { owner: BOB.username, item: 'Mountain bike helmet', total: 89, address: '7 Harbour Road, Cork' },
  { owner: BOB.username, item: 'Trail running shoes', total: 135, address: '7 Harbour Road, Cork' },
]

/** The OpenAPI 3.1 description of this API, with its schemas, parameters and bodies behind $refs. */
export function ordersOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Orders API', version: '1.0.0' },
    servers: [{ url: '/api' }],
    security: [{ sessionCookie: [] }],
    paths: {
      '/login': {
        post: {
          operationId: 'login',
          security: [],
          requestBody: { $ref: '#/components/requestBodies/Credentials' },
          responses: { '200': { description: 'logged in' }, '401': { $ref: '#/components/responses/Unauthorized' } },
        },
      },
      '/logout': { post: { operationId: 'logout', responses: { '200': { description: 'logged out' } } } },
      '/me': {
        get: {
          operationId: 'getMe',
          responses: { '200': { description: 'the current user' }, '401': { $ref: '#/components/responses/Unauthorized' } },
        },
      },
      '/orders': {
        get: {
          operationId: 'listOrders',
          responses: {
            '200': { description: 'my orders', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderList' } } } },
          },
        },
      },
      '/orders/{order_id}': {
        parameters: [{ $ref: '#/components/parameters/OrderId' }],
        get: {
          operationId: 'getOrder',
          responses: {
            '200': { description: 'one order', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
            '404': { $ref: '#/components/responses/NotFound' },
          },
        },
        delete: {
          operationId: 'deleteOrder',
          responses: { '204': { description: 'deleted' }, '404': { $ref: '#/components/responses/NotFound' } },
        },
      },
    },
    components: {
      securitySchemes: { sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sid' } },
      parameters: { OrderId: { name: 'order_id', in: 'path', required: true, schema: { type: 'string' } } },
      requestBodies: {
        Credentials: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginRequest' } } } },
      },
      responses: {
        NotFound: { description: 'no such object', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Unauthorized: { description: 'not logged in', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      schemas: {
        LoginRequest: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } },
        },
        Order: {
          type: 'object',
          properties: {
            order_id: { type: 'string' },
            item: { type: 'string' },
            total: { type: 'number' },
            shipping_address: { type: 'string' },
          },
        },
        OrderList: { type: 'object', properties: { orders: { type: 'array', items: { $ref: '#/components/schemas/Order' } } } },
        Error: { type: 'object', properties: { error: { type: 'string' } } },
      },
    },
  }
}

async function waitActive(client: DynamoDBClient, table: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }))
    if (Table?.TableStatus === 'ACTIVE') return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`table ${table} did not become ACTIVE`)
}

export async function startOrdersApi(opts: OrdersApiOptions): Promise<OrdersApp> {
  const { ownerCheck } = opts
  const auth = opts.auth ?? true
  const ids = opts.ids ?? (ownerCheck === 'none' ? 'sequential' : 'random')
  const client = new DynamoDBClient({ endpoint: opts.endpoint, region: opts.region, credentials: opts.credentials })
  const table = `orders_${randomBytes(6).toString('hex')}`
  const ownerKey = ownerCheck === 'key'
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: ownerKey
        ? [
            { AttributeName: 'owner', AttributeType: 'S' },
            { AttributeName: 'order_id', AttributeType: 'S' },
          ]
        : [{ AttributeName: 'order_id', AttributeType: 'S' }],
      KeySchema: ownerKey
        ? [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'order_id', KeyType: 'RANGE' },
          ]
        : [{ AttributeName: 'order_id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  await waitActive(client, table)
  const orders: Record<string, string[]> = {}
  for (const [i, o] of SEED.entries()) {
    const id = ids === 'sequential' ? String(1001 + i) : randomBytes(12).toString('hex')
    ;(orders[o.owner] ??= []).push(id)
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          order_id: { S: id },
          owner: { S: o.owner },
          item: { S: o.item },
          total: { N: String(o.total) },
          shipping_address: { S: o.address },
        },
      }),
    )
  }
  const ownerOf = new Map(Object.entries(orders).flatMap(([owner, list]) => list.map((id) => [id, owner] as const)))

  const sessions = new Map<string, string>()
  const requests: OrdersApp['requests'] = []
  const userOf = (req: IncomingMessage): string | undefined => {
    const sid = parseCookies(req).get('sid')
    return sid ? sessions.get(sid) : undefined
  }
  const keyFor = (id: string, user: string | undefined): Record<string, AttributeValue> =>
    ownerKey ? { owner: { S: user ?? '' }, order_id: { S: id } } : { order_id: { S: id } }
  const view = (item: Record<string, AttributeValue>) => ({
    order_id: item.order_id!.S,
    item: item.item!.S,
    total: Number(item.total!.N),
    shipping_address: item.shipping_address!.S,
  })

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    const method = req.method ?? 'GET'
    requests.push({ method, path: pathname })
    if (pathname === '/openapi.json' && method === 'GET') return json(res, 200, ordersOpenApi())
    if (pathname === '/api/login' && method === 'POST') {
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      const old = parseCookies(req).get('sid')
      if (old) sessions.delete(old)
      const sid = randomBytes(32).toString('base64url')
      sessions.set(sid, user)
      addCookie(res, `sid=${sid}; HttpOnly; SameSite=Lax; Path=/`)
      return json(res, 200, { ok: true, user })
    }
    if (pathname === '/api/logout' && method === 'POST') {
      const sid = parseCookies(req).get('sid')
      if (sid) sessions.delete(sid)
      addCookie(res, 'sid=; Max-Age=0; HttpOnly; SameSite=Lax; Path=/')
      return json(res, 200, { ok: true })
    }
    const user = userOf(req)
    if (pathname === '/api/me' && method === 'GET') return user ? json(res, 200, { user }) : json(res, 401, { error: 'not logged in' })
    if (pathname === '/api/orders' && method === 'GET') {
      if (!user) return json(res, 401, { error: 'not logged in' })
      const found = ownerKey
        ? await client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: '#o = :me',
              ExpressionAttributeNames: { '#o': 'owner' },
              ExpressionAttributeValues: { ':me': { S: user } },
            }),
          )
        : await client.send(
            new ScanCommand({
              TableName: table,
              FilterExpression: '#o = :me',
              ExpressionAttributeNames: { '#o': 'owner' },
              ExpressionAttributeValues: { ':me': { S: user } },
            }),
          )
      const list = (found.Items ?? []).map(view).sort((a, b) => String(a.order_id).localeCompare(String(b.order_id)))
      return json(res, 200, { orders: list.map((o) => ({ ...o, href: `/api/orders/${o.order_id}` })) })
    }
    const m = pathname.match(/^\/api\/orders\/([^/]+)$/)
    if (m) {
      const id = decodeURIComponent(m[1]!)
      if (method === 'GET') {
        if (auth && !user) return json(res, 401, { error: 'not logged in' })
        // ownerCheck 'none': the textbook bug, the key comes from the path and nothing ties it to the session
        const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: keyFor(id, user), ConsistentRead: true }))
        if (!Item) return json(res, 404, { error: 'no such order' })
        if (ownerCheck === 'condition' && Item.owner?.S !== user) return json(res, 404, { error: 'no such order' })
        return json(res, 200, view(Item))
      }
      if (method === 'DELETE') {
        if (!user) return json(res, 401, { error: 'not logged in' })
        try {
          await client.send(
            new DeleteItemCommand({
              TableName: table,
              Key: keyFor(id, user),
              ...(ownerCheck === 'none'
                ? {}
                : ownerCheck === 'condition'
                  ? {
                      ConditionExpression: '#o = :me',
                      ExpressionAttributeNames: { '#o': 'owner' },
                      ExpressionAttributeValues: { ':me': { S: user } },
                    }
                  : { ConditionExpression: 'attribute_exists(order_id)' }),
            }),
          )
        } catch (err) {
          if (err instanceof ConditionalCheckFailedException) return json(res, 404, { error: 'no such order' })
          throw err
        }
        res.writeHead(204)
        res.end()
        return
      }
    }
    return notFound(res)
  }

  const app = await serveHandler(
    `orders-dynamodb-${ownerCheck}${auth ? '' : '-noauth'}`,
    handler,
    (url) =>
      scanConfig(
        url,
        { url: '/api/login', type: 'json', fields: { username: 'username', password: 'password' }, check: { url: '/api/me' } },
        { url: '/api/logout', method: 'POST' },
      ),
    () => dropTable(client, table),
  )
  return {
    ...app,
    requests,
    orders,
    async exists(orderId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: table, Key: keyFor(orderId, ownerOf.get(orderId)), ConsistentRead: true }),
      )
      return Item !== undefined
    },
  }
}
