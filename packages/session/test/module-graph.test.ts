// The root entry keeps the manager, Session, MemoryStore and the errors; the AWS SDK (an optional
// peer) is loaded only by the DynamoDB subpath. Each import runs in a child process with a hook that
// makes every @aws-sdk import fail.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const hook = fileURLToPath(new URL('./helpers/forbid-aws-sdk.mjs', import.meta.url))

function importWithoutAwsSdk(specifier: string, probe: string): { status: number | null; stdout: string; stderr: string } {
  const code = `const m = await import(${JSON.stringify(specifier)}); console.log(typeof m.${probe})`
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--import', hook, '--input-type=module', '-e', code], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  })
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }
}

for (const [specifier, probe] of [
  ['@sessionguard/session', 'createSessionManager'],
  ['@sessionguard/session/express', 'expressSessions'],
  ['@sessionguard/session/fastify', 'fastifySessions'],
  ['@sessionguard/session/hono', 'honoSessions'],
  ['@sessionguard/session/store-kit', 'ConditionFailedError'],
  ['@sessionguard/session/express-session', 'default'],
] as const) {
  test(`importing ${specifier} does not load the AWS SDK`, () => {
    const r = importWithoutAwsSdk(specifier, probe)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, 'function')
  })
}

test('the DynamoDB subpath does load it (so the hook above really bites)', () => {
  const r = importWithoutAwsSdk('@sessionguard/session/dynamodb', 'DynamoDBStore')
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /forbidden import: @aws-sdk\/client-dynamodb/)
})

test('the root no longer exports DynamoDBStore', async () => {
  const root = (await import('@sessionguard/session')) as Record<string, unknown>
  assert.equal(root.DynamoDBStore, undefined)
  const sub = await import('@sessionguard/session/dynamodb')
  assert.equal(typeof sub.DynamoDBStore, 'function')
})
