import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { parse } from 'yaml'
import { ConfigError, resolveConfig } from '@sessionguard/scanner'
import { ordersOpenApi, notesBoardSwagger } from '@sessionguard/testkit'
import { applyProposals, enforcementNotes, proposeEndpoints, readSpec, schemeNotes } from '../../src/openapi/index.js'
import { dereference, externalRefs } from '../../src/openapi/refs.js'
import { loadSpec } from '../../src/openapi/load.js'
import type { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'

const resolved = (doc: unknown, uri = 'file:///spec.json'): unknown => dereference(new Map([[uri, doc]]), uri)

describe('$ref resolution', () => {
  test('local pointers are replaced by their target, escaped names included', () => {
    const doc = { a: { $ref: '#/defs/x~1y' }, defs: { 'x/y': { type: 'string' } } }
    assert.deepEqual((resolved(doc) as { a: unknown }).a, { type: 'string' })
  })

  test('a schema that contains itself becomes a cycle, not endless recursion', () => {
    const doc = { root: { $ref: '#/defs/Node' }, defs: { Node: { type: 'object', properties: { next: { $ref: '#/defs/Node' } } } } }
    const out = resolved(doc) as { root: { properties: { next: unknown } } }
    assert.equal(out.root.properties.next, out.root)
  })

  test('a reference to nothing is a configuration error that names it', () => {
    assert.throws(
      () => resolved({ a: { $ref: '#/defs/Missing' }, defs: {} }),
      (e: unknown) => e instanceof ConfigError && /#\/defs\/Missing/.test((e as Error).message),
    )
  })

  test('references to other documents are listed relative to the document that makes them', () => {
    const refs = externalRefs({ a: { $ref: 'schemas/order.yaml#/Order' }, b: { $ref: '#/local' } }, 'file:///specs/api.yaml')
    assert.deepEqual(refs, ['file:///specs/schemas/order.yaml'])
  })
})

describe('reading OpenAPI 3.x and Swagger 2.0', () => {
  test('OpenAPI 3.1: server path prefixes every operation, path-level parameters and security are read through $refs', () => {
    const spec = readSpec(resolved(ordersOpenApi()), 'orders')
    const ops = spec.operations.map((o) => `${o.method} ${o.path} ${o.security}`)
    assert.deepEqual(ops, [
      'POST /api/login public',
      'POST /api/logout secured',
      'GET /api/me secured',
      'GET /api/orders secured',
      'GET /api/orders/{order_id} secured',
      'DELETE /api/orders/{order_id} secured',
    ])
    assert.deepEqual(spec.operations.find((o) => o.operationId === 'getOrder')!.pathParams, ['order_id'])
    assert.deepEqual(spec.operations.find((o) => o.operationId === 'login')!.body, { type: 'json', fields: ['username', 'password'] })
    assert.deepEqual(spec.schemes, [{ name: 'sessionCookie', type: 'apiKey', in: 'cookie', paramName: 'sid' }])
  })

  test('Swagger 2.0: basePath, formData login fields, no security declared means unspecified', () => {
    const spec = readSpec(resolved(notesBoardSwagger()), 'board')
    assert.equal(spec.version, '2.0')
    const login = spec.operations.find((o) => o.operationId === 'signIn')!
    assert.deepEqual(login.body, { type: 'form', fields: ['username', 'password'] })
    assert.deepEqual(
      spec.operations.filter((o) => o.pathParams.length).map((o) => `${o.method} ${o.path} ${o.security}`),
      ['GET /notes/{noteId} unspecified', 'GET /announcements/{announcementId} unspecified'],
    )
  })

  test('Swagger 2.0 with a basePath and a body parameter schema', () => {
    const spec = readSpec(
      resolved({
        swagger: '2.0',
        basePath: '/v2/',
        securityDefinitions: { token: { type: 'apiKey', in: 'header', name: 'X-Session-Id' } },
        security: [{ token: [] }],
        paths: {
          '/auth': { post: { parameters: [{ in: 'body', name: 'b', schema: { $ref: '#/definitions/Login' } }], security: [] } },
          '/items/{itemId}': { get: {} },
        },
        definitions: { Login: { properties: { email: {}, password: {} } } },
      }),
      's',
    )
    assert.deepEqual(
      spec.operations.map((o) => `${o.method} ${o.path} ${o.security}`),
      ['POST /v2/auth public', 'GET /v2/items/{itemId} secured'],
    )
    assert.deepEqual(spec.operations[0]!.body, { type: 'json', fields: ['email', 'password'] })
  })

  test('OpenAPI 3.0 with an empty security requirement: authentication is optional, so public', () => {
    const spec = readSpec({ openapi: '3.0.3', paths: { '/feed': { get: { security: [{}, { bearer: [] }] } } } }, 's')
    assert.equal(spec.operations[0]!.security, 'public')
  })

  test('anything else is refused with what was expected', () => {
    assert.throws(
      () => readSpec({ info: {} }, 'x.json'),
      (e: unknown) => e instanceof ConfigError && /OpenAPI 3\.x or Swagger 2\.0/.test((e as Error).message),
    )
  })
})

describe('spec proposals for login, check and logout', () => {
  test('an operation that takes a password, one that returns the current user, one that signs out', () => {
    const p = proposeEndpoints(readSpec(resolved(ordersOpenApi()), 'o'))
    assert.equal(p.login?.op.path, '/api/login')
    assert.deepEqual(p.login?.fields, { username: 'username', password: 'password' })
    assert.equal(p.check?.path, '/api/me')
    assert.equal(p.logout?.path, '/api/logout')
  })

  test('configured values win; proposals fill only what is missing and use the accounts as credentials', () => {
    const spec = readSpec(resolved(notesBoardSwagger()), 'board.json')
    const base = resolveConfig({
      target: 'http://127.0.0.1:1',
      accounts: [
        { name: 'a', username: 'a', password: 'pa' },
        { name: 'b', username: 'b', password: 'pb' },
      ],
    })
    const { config, notes } = applyProposals(base, spec)
    assert.equal(config.login?.url, '/login')
    assert.equal(config.login?.type, 'form')
    assert.equal(config.login?.check.url, '/account')
    assert.deepEqual(config.login?.credentials, [
      { username: 'a', password: 'pa', name: 'a' },
      { username: 'b', password: 'pb', name: 'b' },
    ])
    assert.deepEqual(config.logout, { url: '/logout', method: 'POST' })
    assert.equal(notes.length, 2)
    const configured = resolveConfig({
      target: 'http://127.0.0.1:1',
      login: { url: '/in', credentials: { username: 'a', password: 'p' }, check: { url: '/me' } },
      logout: { url: '/out', method: 'GET' },
    })
    const kept = applyProposals(configured, spec)
    assert.equal(kept.config, configured)
    assert.deepEqual(kept.notes, [])
  })

  test('without accounts nothing can log in, and the spec is not asked to invent credentials', () => {
    const spec = readSpec(resolved(ordersOpenApi()), 'o')
    const { config } = applyProposals(resolveConfig({ target: 'http://127.0.0.1:1' }), spec)
    assert.equal(config.login, undefined)
    assert.equal(config.logout, undefined)
  })
})

describe('declared security against what the app does', () => {
  const spec = readSpec(resolved(ordersOpenApi()), 'o')
  const carrier = (kind: 'cookie' | 'header', name: string) => ({
    primary: { kind, name },
    required: [{ kind, name }],
    accepted: [],
    provenBy: '',
    evidence: [],
  })
  test('the proven carrier matches a declared scheme, or the disagreement is said', () => {
    assert.match(schemeNotes(spec, carrier('cookie', 'sid'))[0]!, /matches/)
    assert.match(schemeNotes(spec, carrier('header', 'X-Session-Id'))[0]!, /carried by header X-Session-Id.*disagree/)
  })
  test('a secured operation answered without a session, and a public one refused, are both named', () => {
    const notes = enforcementNotes(spec, [
      { path: '/api/orders/1001', status: 200, served: true },
      { path: '/api/login', status: 401, served: false },
    ])
    assert.ok(
      notes.some((n) => /GET \/api\/orders\/\{order_id\} as requiring authentication.*\/api\/orders\/1001 \(200\)/.test(n)),
      notes.join('\n'),
    )
    assert.ok(!notes.some((n) => n.includes('/api/login')), 'POST /api/login is not the GET that was replayed')
  })
})

describe('loading a spec', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-spec-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const noHttp = {
    send: () => {
      throw new Error('no request may be sent for a file spec')
    },
  } as unknown as HttpEngine
  const scope = new Scope('http://127.0.0.1:9')

  test('YAML split over files, $refs across them resolved', async () => {
    await writeFile(
      join(dir, 'api.yaml'),
      [
        'openapi: 3.0.3',
        'info: { title: Split, version: "1" }',
        'paths:',
        '  /things/{thingId}:',
        '    get:',
        '      parameters: [{ $ref: "parts/params.yaml#/ThingId" }]',
        '      responses:',
        '        "200": { description: ok, content: { application/json: { schema: { $ref: "parts/schemas.yaml#/Thing" } } } }',
      ].join('\n'),
    )
    await (await import('node:fs/promises')).mkdir(join(dir, 'parts'), { recursive: true })
    await writeFile(join(dir, 'parts/params.yaml'), 'ThingId: { name: thingId, in: path, required: true, schema: { type: string } }\n')
    await writeFile(
      join(dir, 'parts/schemas.yaml'),
      'Thing: { type: object, properties: { owner: { $ref: "#/Owner" } } }\nOwner: { type: string }\n',
    )
    const spec = await loadSpec(join(dir, 'api.yaml'), noHttp, scope)
    assert.equal(spec.title, 'Split')
    assert.deepEqual(
      spec.operations.map((o) => [o.path, o.pathParams]),
      [['/things/{thingId}', ['thingId']]],
    )
    assert.ok(parse('a: 1'), 'yaml available')
  })

  test('a missing file is a configuration error naming it', async () => {
    const missing = join(dir, 'nope.json')
    await assert.rejects(
      loadSpec(missing, noHttp, scope),
      (e: unknown) => e instanceof ConfigError && (e as Error).message.includes(missing),
    )
  })

  test('a file: URL works like a path; broken JSON is reported as JSON', async () => {
    await writeFile(join(dir, 'broken.json'), '{"openapi": "3.0.0", ')
    await assert.rejects(loadSpec(pathToFileURL(join(dir, 'broken.json')).href, noHttp, scope), /invalid JSON/)
  })

  test('a file that is not JSON is refused by place, never quoting its text (V8 would quote it)', async () => {
    await writeFile(join(dir, 'secret.json'), '{"auths": {"registry": {"auth": c2VjcmV0LXRva2Vu}}}')
    await writeFile(join(dir, 'comma.json'), '{"auth": "c2VjcmV0LXRva2Vu",}')
    await writeFile(join(dir, 'alias.yaml'), 'openapi: *s3cr3t-anchor-name\n')
    await assert.rejects(loadSpec(join(dir, 'secret.json'), noHttp, scope), (e: Error) => {
      assert.match(e.message, /secret\.json: invalid JSON$/)
      assert.ok(!e.message.includes('c2Vj'), e.message)
      return true
    })
    await assert.rejects(loadSpec(join(dir, 'comma.json'), noHttp, scope), (e: Error) => {
      assert.match(e.message, /comma\.json: invalid JSON at line 1, column 29$/)
      assert.ok(!e.message.includes('c2Vj'), e.message)
      return true
    })
    await assert.rejects(
      loadSpec(join(dir, 'alias.yaml'), noHttp, scope),
      (e: Error) => !e.message.includes('s3cr3t') || assert.fail(e.message),
    )
  })
})
