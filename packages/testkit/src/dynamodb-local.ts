import { startChildServer } from './child-server.js'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './net.js'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** Where the DynamoDB Local jar lives: $DYNAMODB_LOCAL_DIR, or tools/dynamodb-local installed by scripts/ensure-tools.mjs. */
export function dynamoDBLocalDir(): string {
  const candidates = [
    process.env.DYNAMODB_LOCAL_DIR,
    join(repoRoot, 'tools/dynamodb-local/node_modules/amplify-dynamodb-simulator/emulator'),
  ].filter((p): p is string => Boolean(p))
  for (const dir of candidates) if (existsSync(join(dir, 'DynamoDBLocal.jar'))) return dir
  throw new Error(
    'DynamoDB Local is not installed: run `node scripts/ensure-tools.mjs` (or `npm test`, which runs it first), or set DYNAMODB_LOCAL_DIR',
  )
}

export interface RunningDynamoDB {
  endpoint: string
  /** Credentials that the local engines accept; never real ones. */
  credentials: { accessKeyId: string; secretAccessKey: string }
  region: string
  stop(): Promise<void>
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' }

async function dynamoAnswers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    })
    return res.status === 200
  } catch {
    return false
  }
}

/** Starts the official DynamoDB Local engine (Java) in memory on a free loopback port. */
export async function startDynamoDBLocal(): Promise<RunningDynamoDB> {
  const dir = dynamoDBLocalDir()
  const server = await startChildServer({
    what: 'DynamoDB Local',
    command: 'java',
    args: (port) => [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    cwd: dir,
    ready: dynamoAnswers,
    timeoutMs: 60_000,
  })
  return { endpoint: server.url, credentials: localCredentials, region: 'us-east-1', stop: () => server.stop() }
}

/** Starts dynalite, the in-process DynamoDB-compatible server, in memory on a free loopback port. */
export async function startDynalite(): Promise<RunningDynamoDB> {
  const { default: dynalite } = await import('dynalite')
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  const port = await freePort()
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => ok())
  })
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: localCredentials,
    region: 'us-east-1',
    stop: () => new Promise<void>((done) => server.close(() => done())),
  }
}

export type DynamoEngine = 'dynamodb-local' | 'dynalite'

export function startDynamo(engine: DynamoEngine): Promise<RunningDynamoDB> {
  return engine === 'dynamodb-local' ? startDynamoDBLocal() : startDynalite()
}
