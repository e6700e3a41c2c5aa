// The README's "Run DynamoDB locally" section, for real: its `java` line starts DynamoDB Local, and its
// module, pointed there by DYNAMODB_ENDPOINT, logs a user in and out with transactions.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { dynamoDBLocalDir, startChildServer } from '@sessionguard/testkit'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('### Run DynamoDB locally'))
const shell = /```sh\n([\s\S]*?)```/.exec(section)![1]!

test('the README starts DynamoDB Local with a command that works, and its module runs there with transactions', async () => {
  const java = shell.split('\n').find((l) => l.startsWith('java '))
  assert.ok(java, 'the sh block has a java line')
  assert.match(shell, /amplify-dynamodb-simulator@2\.9\.30/, 'the version the tests install (tools/dynamodb-local)')
  const words = java.split(/\s+/)
  assert.equal(words[words.indexOf('-port') + 1], '8000')
  const server = await startChildServer({
    what: 'DynamoDB Local (README command)',
    command: 'java',
    args: (port) => words.slice(1).map((w, i, all) => (all[i - 1] === '-port' ? String(port) : w)),
    cwd: dynamoDBLocalDir(),
    ready: async (endpoint) =>
      fetch(endpoint).then(
        () => true,
        () => false,
      ),
    timeoutMs: 60_000,
  })
  process.env.DYNAMODB_ENDPOINT = server.url
  const warnings: string[] = []
  const onWarning = (w: Error): void => void warnings.push(w.message)
  process.on('warning', onWarning)
  try {
    const { sessions, stop } = await import('./readme/local-dynamodb.js')
    try {
      const anonymous = await sessions.load(undefined)
      await anonymous.set({ theme: 'dark' })
      const before = anonymous.takeSetCookie()!.split(';')[0]!
      const s = await sessions.load(before)
      await s.login('frank')
      const after = s.takeSetCookie()!.split(';')[0]!
      assert.notEqual(after, before)
      assert.equal((await sessions.load(after)).userId, 'frank')
      assert.equal((await sessions.load(before)).userId, undefined)
    } finally {
      await stop()
    }
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(
      warnings.filter((m) => /TransactWriteItems/.test(m)),
      [],
      'DynamoDB Local has transactions: no fallback',
    )
  } finally {
    process.off('warning', onWarning)
    await server.stop()
  }
})
