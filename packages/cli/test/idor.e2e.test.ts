import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { runCli, startDynalite, startOrdersApi, type OrdersApp, type RunningDynamoDB } from '@sessionguard/testkit'
import { flagsToConfig } from '../src/commands/scan.js'

interface JsonReport {
  findings: Array<{ id: string; title: string; confidence: string }>
  checks: Array<{ id: string; status: string; reason?: string }>
  notes: string[]
}

const env = { SG_ALICE: 'alice-password-1', SG_BOB: 'bob-password-2' }
const base = { header: [], cookie: [], format: 'pretty' as const, output: [], account: [], object: [], public: [] }

describe('scan flags for the authorization checks', () => {
  test('--account reads each password from the environment and the accounts log in through the login flags', () => {
    const cfg = flagsToConfig(
      'http://127.0.0.1:1',
      { ...base, loginUrl: '/api/login', checkUrl: '/api/me', account: ['alice:alice:SG_ALICE', 'bob:bob:SG_BOB'] },
      env,
    )
    const accounts = [
      { name: 'alice', username: 'alice', password: 'alice-password-1' },
      { name: 'bob', username: 'bob', password: 'bob-password-2' },
    ]
    assert.deepEqual(cfg.accounts, accounts)
    assert.deepEqual((cfg.login as { credentials: unknown }).credentials, accounts)
  })

  test('--username stays the main account when given; --object, --public, --spec and --allow-unsafe-methods map to their keys', () => {
    const cfg = flagsToConfig(
      'http://127.0.0.1:1',
      {
        ...base,
        loginUrl: '/login',
        username: 'alice',
        passwordEnv: 'SG_ALICE',
        account: ['bob:bob:SG_BOB'],
        object: ['/orders/{id}'],
        public: ['/news/*'],
        spec: 'api.yaml',
        allowUnsafeMethods: true,
      },
      env,
    )
    assert.deepEqual((cfg.login as { credentials: unknown }).credentials, { username: 'alice', password: 'alice-password-1' })
    assert.deepEqual(cfg.objects, ['/orders/{id}'])
    assert.deepEqual(cfg.public, ['/news/*'])
    assert.equal(cfg.spec, 'api.yaml')
    assert.equal(cfg.allow_unsafe_methods, true)
  })

  test('a malformed --account or an unset variable is a usage error that says which', () => {
    assert.throws(() => flagsToConfig(undefined, { ...base, account: ['bob:SG_BOB'] }, env), /NAME:USERNAME:PASSWORD_ENV/)
    assert.throws(() => flagsToConfig(undefined, { ...base, account: ['bob:bob:SG_NOPE'] }, env), /SG_NOPE is not set/)
  })
})

describe('sessionguard scan with two accounts', () => {
  let db: RunningDynamoDB
  let app: OrdersApp
  before(async () => {
    db = await startDynalite()
    app = await startOrdersApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials, ownerCheck: 'none' })
  })
  after(async () => {
    await app?.close()
    await db?.stop()
  })

  test('--account twice and --object find the textbook IDOR; --fail-on high fails the gate', async () => {
    const r = await runCli(
      [
        'scan',
        app.url,
        '--login-url',
        '/api/login',
        '--login-type',
        'json',
        '--check-url',
        '/api/me',
        '--account',
        'alice:alice:SG_ALICE',
        '--account',
        'bob:bob:SG_BOB',
        '--object',
        '/api/orders/{order_id}',
        '-f',
        'json',
        '-q',
        '--fail-on',
        'high',
      ],
      { env },
    )
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /gate failed: .*SG-IDOR/)
    const report = JSON.parse(r.stdout) as JsonReport
    assert.ok(
      report.findings.some((f) => f.id === 'SG-IDOR' && f.confidence === 'confirmed' && f.title.endsWith('(GET /api/orders/{order_id})')),
    )
    assert.ok(!r.stdout.includes('bob-password-2'))
  })

  test('--spec URL alone (no login flags) with two accounts; unsafe methods only with --allow-unsafe-methods, said in the report', async () => {
    const args = [
      'scan',
      app.url,
      '--spec',
      `${app.url}/openapi.json`,
      '--account',
      'alice:alice:SG_ALICE',
      '--account',
      'bob:bob:SG_BOB',
      '-f',
      'json',
      '-q',
      '--fail-on',
      'none',
    ]
    const before = app.requests.filter((x) => x.method === 'DELETE').length
    const ro = await runCli(args, { env })
    assert.equal(ro.code, 0, ro.stderr)
    const readOnly = JSON.parse(ro.stdout) as JsonReport
    assert.ok(readOnly.notes.some((n) => n.startsWith('Login taken from the spec')))
    assert.ok(readOnly.notes.some((n) => n.startsWith('Read-only scan')))
    assert.equal(app.requests.filter((x) => x.method === 'DELETE').length, before, 'nothing unsafe was sent')

    const unsafe = await runCli([...args, '--allow-unsafe-methods'], { env })
    assert.equal(unsafe.code, 0, unsafe.stderr)
    const report = JSON.parse(unsafe.stdout) as JsonReport
    assert.ok(report.findings.some((f) => f.id === 'SG-IDOR' && f.title.endsWith('(DELETE /api/orders/{order_id})')))
    assert.ok(report.notes.some((n) => n.startsWith('UNSAFE METHODS WERE SENT')))
    assert.equal(app.requests.filter((x) => x.method === 'DELETE').length, before + 1)
  })
})
