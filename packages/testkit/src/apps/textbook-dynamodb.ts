// The textbook pattern: a hand-written JSON API on node:http that uses the session id as the
// DynamoDB key (@aws-sdk/client-dynamodb, table `app_sessions_<suffix>` created on start).
//
// fixed: false — VULNERABLE. POST /login takes `session_id` from the cookie or the X-Session-Id
//   header the client sent (else randomUUID()) and PutItems {session_id, user_id}: a planted id
//   becomes the victim's session (SG-FIX-ADOPT via cookie and via header). POST /logout only clears
//   the cookie; the item stays and still authenticates (SG-LOGOUT). Cookie `session_id=<id>` without
//   any attribute (SG-COOKIE-HTTPONLY, SG-COOKIE-SAMESITE, and -SECURE/-PREFIX per policy). No
//   pre-auth id is issued, so SG-FIX-LOGIN / SG-FIX-OLDID do not apply. Ids are UUIDv4 (122 bits:
//   the lower SG-TOKEN-ENTROPY finding when tokens are sampled).
// fixed: true — SAFE. Login ignores any client id, generates a fresh 256-bit id, deletes the old
//   item, sets `HttpOnly; SameSite=Lax; Path=/`; logout deletes the item. No fixation, no
//   SG-LOGOUT; only -SECURE/-PREFIX per policy.
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb'
import { scanConfig } from './config.js'
import { addCookie, header, json, methodNotAllowed, notFound, parseCookies, readFields, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import { dropTable } from './dynamo-teardown.js'
import type { TargetApp } from './types.js'
import { checkCredentials } from './users.js'

export interface TextbookApiOptions {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  fixed?: boolean
}

async function createTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'session_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'session_id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }))
    if (Table?.TableStatus === 'ACTIVE') return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`table ${table} did not become ACTIVE`)
}

/** The id the client presents: the cookie first, then the header. */
function clientSessionId(req: IncomingMessage): string | undefined {
  return parseCookies(req).get('session_id') || header(req, 'x-session-id')
}

export async function startTextbookApi(opts: TextbookApiOptions): Promise<TargetApp> {
  const fixed = opts.fixed ?? false
  const client = new DynamoDBClient({ endpoint: opts.endpoint, region: opts.region, credentials: opts.credentials })
  const table = `app_sessions_${randomBytes(6).toString('hex')}`
  await createTable(client, table)

  const cookieAttrs = fixed ? '; HttpOnly; SameSite=Lax; Path=/' : ''

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    if (pathname === '/login') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return json(res, 401, { error: 'invalid credentials' })
      let sessionId: string
      if (fixed) {
        const old = clientSessionId(req)
        if (old) await client.send(new DeleteItemCommand({ TableName: table, Key: { session_id: { S: old } } }))
        sessionId = randomBytes(32).toString('base64url')
      } else {
        // The bug under test: whatever id the client brought becomes the key of the logged-in session.
        sessionId = clientSessionId(req) ?? randomUUID()
      }
      await client.send(new PutItemCommand({ TableName: table, Item: { session_id: { S: sessionId }, user_id: { S: user } } }))
      addCookie(res, `session_id=${sessionId}${cookieAttrs}`)
      res.setHeader('x-session-id', sessionId)
      return json(res, 200, { ok: true, user })
    }
    if (pathname === '/me') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET')
      const sessionId = clientSessionId(req)
      if (!sessionId) return json(res, 401, { error: 'not logged in' })
      const { Item } = await client.send(
        new GetItemCommand({ TableName: table, Key: { session_id: { S: sessionId } }, ConsistentRead: true }),
      )
      const user = Item?.user_id?.S
      if (!user) return json(res, 401, { error: 'not logged in' })
      return json(res, 200, { user })
    }
    if (pathname === '/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST')
      const sessionId = clientSessionId(req)
      if (fixed && sessionId) await client.send(new DeleteItemCommand({ TableName: table, Key: { session_id: { S: sessionId } } }))
      addCookie(res, `session_id=; Max-Age=0${cookieAttrs}`)
      return json(res, 200, { ok: true })
    }
    return notFound(res)
  }

  return serveHandler(
    fixed ? 'textbook-dynamodb-fixed' : 'textbook-dynamodb',
    handler,
    (url) =>
      scanConfig(
        url,
        { url: '/login', type: 'json', fields: { username: 'username', password: 'password' }, check: { url: '/me' } },
        { url: '/logout', method: 'POST' },
      ),
    () => dropTable(client, table),
  )
}
