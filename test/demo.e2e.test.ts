import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { startDynamoDBLocal } from '@sessionguard/testkit'
import { runDemo, demoConfig } from '../examples/demo.js'
import { connectDynamo } from '../examples/embedded-dynamodb.js'
import { startVulnerableApi } from '../examples/vulnerable-api/src/index.js'
import { startSecureApi } from '../examples/secure-api/src/index.js'

test('npm run demo: the vulnerable API gets F with SG-FIX-ADOPT confirmed, the secure one A, reports written', async () => {
  // scripts/test.mjs silences the SDK's Node-version notice for every test process: the demo must do it itself
  delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
  const out = await mkdtemp(join(tmpdir(), 'sg-demo-'))
  const lines: string[] = []
  const progress: string[] = []
  const warnings: Error[] = []
  const onWarning = (w: Error): void => void warnings.push(w)
  process.on('warning', onWarning)
  try {
    const { vulnerable, secure } = await runDemo({
      outDir: out,
      samples: 100,
      log: (s) => lines.push(s),
      progress: (s) => progress.push(s),
    })
    // each phase once, no SDK notice about Node versions, and no store warning about transactions
    // (the demo tells the secure API that its embedded engine has none)
    assert.ok(progress.length >= 6, progress.join(''))
    assert.equal(new Set(progress).size, progress.length, progress.join(''))
    assert.ok(progress.some((p) => /vulnerable-api: login/.test(p)))
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(
      warnings.map((w) => w.message).filter((m) => /NodeVersionSupport|AWS SDK|TransactWriteItems/.test(m)),
      [],
    )
    assert.equal(vulnerable.score.grade, 'F')
    const adopt = vulnerable.findings.filter((f) => f.id === 'SG-FIX-ADOPT')
    assert.deepEqual(adopt.map((f) => f.carrier?.kind).sort(), ['cookie', 'header'])
    assert.ok(adopt.every((f) => f.confidence === 'confirmed'))
    assert.ok(vulnerable.findings.some((f) => f.id === 'SG-LOGOUT'))
    assert.equal(secure.score.grade, 'A')
    assert.deepEqual(
      secure.findings.map((f) => f.id),
      [],
    )
    assert.ok(secure.tokens && secure.tokens.effectiveBits >= 128, 'the library issues at least 128 effective bits')
    const printed = lines.join('\n')
    assert.match(printed, /grade F[\s\S]*grade A|grade A[\s\S]*grade F/)
    assert.match(printed, /attacker replays only the planted id/)
    for (const f of ['vulnerable-api.json', 'vulnerable-api.html', 'secure-api.json', 'secure-api.html']) {
      const text = await readFile(join(out, f), 'utf8')
      assert.ok(text.length > 1000, `${f} written`)
      assert.ok(!text.includes('alice-demo-password'), `${f} has no password`)
    }
  } finally {
    process.off('warning', onWarning)
    await rm(out, { recursive: true, force: true })
  }
})

test('both example APIs behave the same on the official DynamoDB engine (DynamoDB Local)', async () => {
  const local = await startDynamoDBLocal()
  const dynamo = await connectDynamo(local.endpoint)
  const vulnerableApi = await startVulnerableApi(dynamo.client)
  const secureApi = await startSecureApi(dynamo.client)
  try {
    const vulnerable = await scan(demoConfig(vulnerableApi.url, 0))
    const secure = await scan(demoConfig(secureApi.url, 0))
    assert.ok(vulnerable.findings.some((f) => f.id === 'SG-FIX-ADOPT' && f.confidence === 'confirmed'))
    assert.equal(vulnerable.score.grade, 'F')
    assert.deepEqual(
      secure.findings.map((f) => f.id),
      [],
    )
    assert.equal(secure.score.grade, 'A')
  } finally {
    await vulnerableApi.close()
    await secureApi.close()
    await dynamo.close()
    await local.stop()
  }
})

test('the examples started on their own (npm start -w …) print no AWS SDK notice about Node versions either', async () => {
  const { spawn } = await import('node:child_process')
  const { freePort, repoRoot } = await import('@sessionguard/testkit')
  const port = await freePort()
  const env = { ...process.env, PORT: String(port) }
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/vulnerable-api/src/main.ts'], {
    cwd: repoRoot,
    env,
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`not started: ${out} ${err}`)), 60_000)
      child.stdout.on('data', () => {
        if (out.includes(`on http://127.0.0.1:${port}`)) {
          clearTimeout(timer)
          ok()
        }
      })
      child.once('exit', () => fail(new Error(`exited: ${err}`)))
    })
    // the client is made at start; a request makes sure it has been used
    await fetch(`http://127.0.0.1:${port}/me`)
    assert.doesNotMatch(err, /NodeVersionSupportWarning|January 2027/)
  } finally {
    child.kill('SIGTERM')
  }
})
