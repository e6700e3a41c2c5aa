// One bench app on 127.0.0.1 in its own process, so its CPU time is its own (not the load generator's).
// Forked by capacity.ts: sends { url } once listening, answers 'cpu' with its CPU time, exits on 'stop'.
// Also a profiling aid on its own:
//   node --cpu-prof --conditions=source --import tsx bench/session/child-server.ts fastify|express|bare-fastify|bare-express
// prints "url" on stdout once ready and serves until SIGTERM, so the profile gets written.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { DynamoDBStore } from '@sessionguard/session/dynamodb'
import type { RunningServer } from '@sessionguard/testkit'
import {
  bareExpress,
  bareFastify,
  expressGetItemFloor,
  expressWithSessionguard,
  fastifyGetItemFloor,
  fastifyWithSessionguard,
} from './apps.js'

/** The DynamoDB apps read their engine, table and the floor's session item from here (set by session.bench.ts). */
export interface BenchDynamoDB {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  table: string
  /** The item the floor reads: a real session, stored by a login. */
  pk: string
}

export const APPS = [
  'fastify',
  'express',
  'bare-fastify',
  'bare-express',
  'fastify-mac',
  'express-mac',
  'fastify-dynamodb',
  'express-dynamodb',
  'fastify-floor',
  'express-floor',
] as const
export type AppName = (typeof APPS)[number]

const BENCH_SECRET = 'bench-only-secret-of-at-least-32-bytes'

export interface ChildMessage {
  url?: string
  cpuMicros?: number
}

function start(app: AppName): Promise<RunningServer> {
  const sessions = () => createSessionManager({ store: new MemoryStore(), cookie: { secure: false } })
  const dynamo = (): BenchDynamoDB => JSON.parse(process.env.SG_BENCH_DYNAMODB ?? 'null') ?? usage('SG_BENCH_DYNAMODB is not set')
  const dynamoClient = () => new DynamoDBClient({ endpoint: dynamo().endpoint, region: dynamo().region, credentials: dynamo().credentials })
  const onDynamoDB = () =>
    createSessionManager({ store: new DynamoDBStore({ client: dynamoClient(), tableName: dynamo().table }), cookie: { secure: false } })
  // The same with the cookie MAC on (two secrets, as during a rotation: cookies signed with the first verify first).
  const signed = () =>
    createSessionManager({ store: new MemoryStore(), cookie: { secure: false, secrets: [BENCH_SECRET, `${BENCH_SECRET}-previous`] } })
  switch (app) {
    case 'fastify':
      return fastifyWithSessionguard(sessions())
    case 'express':
      return expressWithSessionguard(sessions())
    case 'bare-fastify':
      return bareFastify()
    case 'bare-express':
      return bareExpress()
    case 'fastify-dynamodb':
      return fastifyWithSessionguard(onDynamoDB())
    case 'express-dynamodb':
      return expressWithSessionguard(onDynamoDB())
    case 'fastify-floor':
      return fastifyGetItemFloor(dynamoClient(), dynamo().table, dynamo().pk)
    case 'express-floor':
      return expressGetItemFloor(dynamoClient(), dynamo().table, dynamo().pk)
    case 'fastify-mac':
      return fastifyWithSessionguard(signed())
    case 'express-mac':
      return expressWithSessionguard(signed())
  }
}

function usage(why: string): never {
  console.error(why)
  process.exit(2)
}

const app = process.argv[2] as AppName
if (!APPS.includes(app)) {
  console.error(`usage: child-server.ts ${APPS.join('|')}`)
  process.exit(2)
}
const server = await start(app)
const stop = (): void => void server.close().then(() => process.exit(0))
if (process.send) {
  process.on('message', (m) => {
    if (m === 'cpu') {
      const used = process.cpuUsage()
      process.send!({ cpuMicros: used.user + used.system } satisfies ChildMessage)
    } else if (m === 'stop') stop()
  })
  process.on('disconnect', stop) // the bench died: do not outlive it
  process.send({ url: server.url } satisfies ChildMessage)
} else {
  console.log(server.url)
  process.once('SIGTERM', stop)
}
