import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ConfigError, render, scan, type Finding, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// Two accounts against apps whose object access is known from their code (see the header of each
// app module): the authorization findings must be exactly what the code does.

const AUTHZ = ['SG-IDOR', 'SG-AUTH-MISSING', 'SG-IDOR-ENUM']
/** What these apps' sessions earn over plain http whatever their object access: nothing else may appear. */
const HTTP_COOKIE = ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE']

/** "SG-IDOR GET /api/orders/{order_id}": the id and what the finding is about. */
const label = (f: Finding): string => `${f.id} ${f.title.slice(f.title.lastIndexOf(' (') + 2, -1)}`
const authz = (r: ScanReport): string[] =>
  r.findings
    .filter((f) => AUTHZ.includes(f.id))
    .map(label)
    .sort()
const others = (r: ScanReport): string[] => [...new Set(r.findings.filter((f) => !AUTHZ.includes(f.id)).map((f) => f.id))].sort()
const outcome = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id)!

let db: apps.RunningDynamoDB
let dir: string
before(async () => {
  db = await apps.startDynalite()
  dir = await mkdtemp(join(tmpdir(), 'sg-authz-'))
})
after(async () => {
  await db?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const dynamo = () => ({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
const twoAccounts = (app: apps.TargetApp, extra: Record<string, unknown> = {}) => ({ ...app.config, accounts: [apps.BOB], ...extra })
const ORDERS = '/api/orders/{order_id}'

async function withApp<T extends apps.TargetApp>(start: () => Promise<T>, body: (app: T) => Promise<void>): Promise<void> {
  const app = await start()
  try {
    await body(app)
  } finally {
    await app.close()
  }
}

describe('cross-account replay on DynamoDB orders', () => {
  test("textbook GetItem by order_id from the path: each account reads the other's orders, ids are a counter", async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'none' }),
      async (app) => {
        const report = await scan(twoAccounts(app, { objects: [ORDERS] }) as never)
        assert.deepEqual(authz(report), [`SG-IDOR GET ${ORDERS}`, `SG-IDOR-ENUM ${ORDERS}`], render(report, 'pretty'))
        assert.deepEqual(others(report), HTTP_COOKIE)
        const idor = report.findings.find((f) => f.id === 'SG-IDOR')!
        assert.equal(idor.confidence, 'confirmed')
        assert.equal(idor.severity, 'high')
        // the proof is the owner's exchange and the other account's replay of the very same URL, with the same body
        const [own, replay] = idor.evidence
        assert.equal(own!.actor, 'alice')
        assert.equal(replay!.actor, 'bob')
        assert.equal(replay!.request.url, own!.request.url)
        assert.match(own!.request.url, new RegExp(`/api/orders/(${app.orders.alice!.join('|')})$`))
        assert.equal(replay!.response!.status, 200)
        assert.equal(replay!.response!.body, own!.response!.body)
        assert.ok(
          idor.evidence.some((x) => x.actor === 'alice' && x.request.url.endsWith(`/api/orders/${app.orders.bob![0]}`)),
          'both directions are shown',
        )
        for (const id of [...app.orders.alice!, ...app.orders.bob!])
          assert.ok(idor.summary.includes(`/api/orders/${id}`), `every leaked order is named: ${id}`)
        const enumeration = report.findings.find((f) => f.id === 'SG-IDOR-ENUM')!
        assert.equal(enumeration.severity, 'low')
        assert.match(enumeration.summary, /counter/)
        assert.equal(outcome(report, 'SG-AUTH-MISSING').status, 'passed')
        assert.ok(!render(report, 'json').includes(apps.BOB.password), "the second account's password never appears")
      },
    )
  })

  test('owner in the key and random ids: nothing to report, and every check says what it replayed', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'key' }),
      async (app) => {
        const report = await scan(twoAccounts(app, { objects: [ORDERS] }) as never)
        assert.deepEqual(authz(report), [], render(report, 'pretty'))
        assert.deepEqual(others(report), HTTP_COOKIE)
        assert.equal(outcome(report, 'SG-IDOR').status, 'passed')
        assert.match(outcome(report, 'SG-IDOR').reason!, /replayed 3 of alice's objects and 3 of bob's objects/)
        assert.equal(outcome(report, 'SG-AUTH-MISSING').status, 'passed')
        assert.equal(outcome(report, 'SG-IDOR-ENUM').status, 'passed')
        // the replays really happened: bob asked for alice's orders
        const seen = app.requests.filter((r) => app.orders.alice!.some((id) => r.path === `/api/orders/${id}`))
        assert.ok(seen.length >= 4, `alice's orders requested by alice, bob and no session (${seen.length})`)
      },
    )
  })

  test('a condition on the owner with sequential ids: no IDOR; the guessable ids are reported as info only', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'condition', ids: 'sequential' }),
      async (app) => {
        const report = await scan(twoAccounts(app, { objects: [ORDERS] }) as never)
        assert.deepEqual(authz(report), [`SG-IDOR-ENUM ${ORDERS}`], render(report, 'pretty'))
        const f = report.findings.find((x) => x.id === 'SG-IDOR-ENUM')!
        assert.equal(f.severity, 'info')
        assert.match(f.summary, /was refused/)
        assert.equal(outcome(report, 'SG-IDOR').status, 'passed')
      },
    )
  })

  test('an order endpoint that needs no session: served to the other account and to nobody at all', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'none', auth: false }),
      async (app) => {
        const report = await scan(twoAccounts(app, { objects: [ORDERS] }) as never)
        assert.deepEqual(
          authz(report),
          [`SG-AUTH-MISSING GET ${ORDERS}`, `SG-IDOR GET ${ORDERS}`, `SG-IDOR-ENUM ${ORDERS}`],
          render(report, 'pretty'),
        )
        const missing = report.findings.find((f) => f.id === 'SG-AUTH-MISSING')!
        assert.equal(missing.confidence, 'confirmed')
        const last = missing.evidence.at(-1)!
        assert.equal(last.actor, 'anonymous')
        assert.equal(last.response!.status, 200)
        assert.ok(!('cookie' in last.request.headers), 'the replay carried no session')
        assert.equal(last.response!.body, missing.evidence.at(-2)!.response!.body, "the owner's own response, byte for byte")
      },
    )
  })

  test('one account only: the three checks are not tested, say what to configure, and send nothing', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'none' }),
      async (app) => {
        const report = await scan({ ...app.config, objects: [ORDERS] } as never)
        assert.deepEqual(authz(report), [])
        for (const id of AUTHZ) {
          const o = outcome(report, id)
          assert.equal(o.status, 'not-tested')
          assert.match(o.enableWith!, /--account/)
        }
        assert.ok(!app.requests.some((r) => r.path.startsWith('/api/orders')), 'no object was requested')
      },
    )
  })
})

describe('OpenAPI-driven discovery', () => {
  test('the spec alone proposes login, check and logout, and its object paths are replayed; DELETE is not sent in a read-only scan', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'none' }),
      async (app) => {
        const report = await scan({ target: app.url, spec: `${app.url}/openapi.json`, accounts: [apps.ALICE, apps.BOB] } as never)
        assert.equal(report.session.loginConfigured, true)
        assert.ok(
          report.notes.some((n) => n.includes('Login taken from the spec') && n.includes('POST /api/login') && n.includes('GET /api/me')),
          report.notes.join('\n'),
        )
        assert.ok(report.notes.some((n) => n.includes('Logout taken from the spec: POST /api/logout')))
        assert.deepEqual(authz(report), [`SG-IDOR GET ${ORDERS}`, `SG-IDOR-ENUM ${ORDERS}`], render(report, 'pretty'))
        assert.equal(outcome(report, 'SG-LOGOUT').status, 'passed', 'the proposed logout was exercised')
        assert.ok(!app.requests.some((r) => r.method === 'DELETE'), 'no DELETE reached the app')
        assert.match(outcome(report, 'SG-IDOR').reason!, /not replayed \(unsafe, read-only scan\): DELETE \/api\/orders\/\{order_id\}/)
        assert.ok(report.notes.some((n) => n.startsWith('Read-only scan') && n.includes('allow_unsafe_methods')))
        assert.ok(
          report.notes.some((n) => n.includes('sessionCookie (cookie sid) matches')),
          'declared scheme cross-checked against the proven carrier',
        )
        assert.ok(
          report.notes.some((n) => n.includes('declares as secured') && n.includes('was refused')),
          report.notes.join('\n'),
        )
      },
    )
  })

  test('a spec file split over two files ($ref to another document) drives the scan of the fixed app: no finding', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'key' }),
      async (app) => {
        const spec = apps.ordersOpenApi() as { components: { schemas: Record<string, unknown> } }
        const schemas = spec.components.schemas
        await writeFile(join(dir, 'schemas.json'), JSON.stringify(schemas).replaceAll('#/components/schemas/', '#/'))
        spec.components.schemas = Object.fromEntries(Object.keys(schemas).map((k) => [k, { $ref: `schemas.json#/${k}` }]))
        const file = join(dir, 'orders.json')
        await writeFile(file, JSON.stringify(spec))
        const report = await scan({ ...app.config, accounts: [apps.BOB], spec: file } as never)
        assert.deepEqual(authz(report), [], render(report, 'pretty'))
        assert.equal(outcome(report, 'SG-IDOR').status, 'passed')
        assert.ok(
          report.notes.some((n) => n.includes('OpenAPI 3.1.0, 6 operations')),
          report.notes.join('\n'),
        )
      },
    )
  })

  test("with allow_unsafe_methods the other account's DELETE removes an order on the vulnerable app, and is refused on the fixed one", async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'none' }),
      async (app) => {
        const report = await scan(twoAccounts(app, { spec: `${app.url}/openapi.json`, allow_unsafe_methods: true }) as never)
        assert.deepEqual(
          authz(report),
          [`SG-IDOR DELETE ${ORDERS}`, `SG-IDOR GET ${ORDERS}`, `SG-IDOR-ENUM ${ORDERS}`],
          render(report, 'pretty'),
        )
        const deletes = app.requests.filter((r) => r.method === 'DELETE')
        assert.equal(deletes.length, 1, 'one object, one DELETE')
        const victim = deletes[0]!.path.split('/').at(-1)!
        assert.ok(app.orders.alice!.includes(victim))
        assert.equal(await app.exists(victim), false)
        const f = report.findings.find((x) => label(x) === `SG-IDOR DELETE ${ORDERS}`)!
        assert.deepEqual(
          f.evidence.map((x) => `${x.actor} ${x.request.method} ${x.response?.status}`),
          ['alice GET 200', 'bob DELETE 204', 'alice GET 404'],
        )
        assert.ok(
          report.notes.some((n) => n.startsWith('UNSAFE METHODS WERE SENT')),
          report.notes.join('\n'),
        )
      },
    )
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'condition' }),
      async (app) => {
        const report = await scan(twoAccounts(app, { spec: `${app.url}/openapi.json`, allow_unsafe_methods: true }) as never)
        assert.deepEqual(authz(report), [], render(report, 'pretty'))
        const deletes = app.requests.filter((r) => r.method === 'DELETE')
        assert.equal(deletes.length, 1)
        assert.equal(await app.exists(deletes[0]!.path.split('/').at(-1)!), true, "alice's order survived bob's DELETE")
        assert.ok(report.notes.some((n) => n.startsWith('UNSAFE METHODS WERE SENT')))
      },
    )
  })

  test('a spec URL on another origin is refused before anything is sent', async () => {
    await withApp(
      () => apps.startOrdersApi({ ...dynamo(), ownerCheck: 'key' }),
      async (app) => {
        const port = Number(new URL(app.url).port)
        const elsewhere = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/openapi.json`
        await assert.rejects(
          scan(twoAccounts(app, { spec: elsewhere }) as never),
          (err: unknown) => err instanceof ConfigError && /outside the target's origin/.test((err as Error).message),
        )
        assert.equal(app.requests.length, 0)
      },
    )
  })
})

describe('server-rendered pages and a public resource (Swagger 2.0)', () => {
  const PUBLIC = ['/announcements/*']
  test('private notes shown to any logged-in user: SG-IDOR on the notes, the allow-listed announcement is not reported', async () => {
    await withApp(
      () => apps.startNotesBoard({ fixed: false }),
      async (app) => {
        const report = await scan(twoAccounts(app, { spec: `${app.url}/swagger.json`, public: PUBLIC }) as never)
        assert.deepEqual(authz(report), ['SG-IDOR GET /notes/{noteId}'], render(report, 'pretty'))
        assert.deepEqual(others(report), HTTP_COOKIE)
        const f = report.findings[0]!
        // each page greets its viewer: the content matched once the greeting is set aside
        const replay = f.evidence.find((x) => x.actor === 'bob')!
        assert.match(replay.response!.body!, /Signed in as bob/)
        assert.match(replay.response!.body!, /Note by alice/)
        assert.ok(
          report.notes.some((n) => n.startsWith('Public allow-list') && n.includes(`/announcements/${app.announcements.alice![0]}`)),
        )
      },
    )
  })

  test('notes checked against their owner: no finding at all', async () => {
    await withApp(
      () => apps.startNotesBoard({ fixed: true }),
      async (app) => {
        const report = await scan(twoAccounts(app, { spec: `${app.url}/swagger.json`, public: PUBLIC }) as never)
        assert.deepEqual(authz(report), [], render(report, 'pretty'))
        assert.equal(outcome(report, 'SG-IDOR').status, 'passed')
        assert.equal(outcome(report, 'SG-AUTH-MISSING').status, 'passed')
      },
    )
  })

  test('without the allow-list the public announcement naming alice is what gets reported, nothing else', async () => {
    await withApp(
      () => apps.startNotesBoard({ fixed: true }),
      async (app) => {
        const report = await scan(twoAccounts(app, { spec: `${app.url}/swagger.json` }) as never)
        assert.deepEqual(
          authz(report),
          ['SG-AUTH-MISSING GET /announcements/{announcementId}', 'SG-IDOR GET /announcements/{announcementId}'],
          render(report, 'pretty'),
        )
      },
    )
  })
})
