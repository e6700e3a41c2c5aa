import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { checkSource } from '../../../src/source/index.js'

// Each fixture project is a small app written for the test, once with the pattern and once fixed.
// The check must find the vulnerable one at the exact line of the sink, and nothing in the fixed one.

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

async function found(dir: string): Promise<string[]> {
  const r = await checkSource(dir, { cwd: fixtures })
  return r.findings.filter((f) => f.id !== 'SG-SRC-ADVISORY').map((f) => `${f.id} ${f.code!.location.file}:${f.code!.location.line}`)
}

const CASES: Array<{ name: string; vulnerable: string; fixed?: string; expect: string[] }> = [
  {
    name: 'a FastAPI login that put_items request.cookies["session_id"] as the key (and one that goes through a helper of an imported module)',
    vulnerable: 'fastapi-vulnerable',
    fixed: 'fastapi-fixed',
    expect: ['SG-SRC-CLIENT-ID fastapi-vulnerable/main.py:24', 'SG-SRC-CLIENT-ID fastapi-vulnerable/store.py:7'],
  },
  {
    name: 'an Axum login that puts the CookieJar session_id into DynamoDB (also through a function of a `mod`)',
    vulnerable: 'axum-vulnerable',
    fixed: 'axum-fixed',
    expect: ['SG-SRC-CLIENT-ID axum-vulnerable/src/main.rs:23', 'SG-SRC-CLIENT-ID axum-vulnerable/src/store.rs:6'],
  },
  {
    name: 'an express-session login that writes req.session.userId without regenerate()',
    vulnerable: 'express-session-vulnerable',
    fixed: 'express-session-fixed',
    expect: ['SG-SRC-NO-ROTATE express-session-vulnerable/app.js:12'],
  },
  {
    name: 'a NestJS @Post(login) writing into @Session() without regenerate()',
    vulnerable: 'nest-vulnerable',
    expect: ['SG-SRC-NO-ROTATE nest-vulnerable/auth.controller.ts:9'],
  },
  {
    name: 'a koa-session (with a store) login writing ctx.session without regenerate()',
    vulnerable: 'koa-vulnerable',
    fixed: 'koa-fixed',
    expect: ['SG-SRC-NO-ROTATE koa-vulnerable/app.js:12'],
  },
  {
    name: 'a Flask-Session login writing session["user_id"] without a new id',
    vulnerable: 'flask-vulnerable',
    fixed: 'flask-fixed',
    expect: ['SG-SRC-NO-ROTATE flask-vulnerable/app.py:13'],
  },
  {
    name: 'a Django view writing request.session["user_id"] without login()/cycle_key()',
    vulnerable: 'django-vulnerable',
    fixed: 'django-fixed',
    expect: ['SG-SRC-NO-ROTATE django-vulnerable/views.py:10'],
  },
  {
    name: 'an Axum login inserting into a tower-sessions Session without cycle_id()',
    vulnerable: 'axum-tower-vulnerable',
    fixed: 'axum-tower-fixed',
    expect: ['SG-SRC-NO-ROTATE axum-tower-vulnerable/src/main.rs:6'],
  },
  {
    name: 'a Rails SessionsController#create on a server-side store writing session[:user_id] without reset_session',
    vulnerable: 'rails-vulnerable',
    fixed: 'rails-fixed',
    expect: ['SG-SRC-NO-ROTATE rails-vulnerable/app/controllers/sessions_controller.rb:6'],
  },
]

for (const c of CASES) {
  test(`finds ${c.name} at its line${c.fixed ? ', and nothing once fixed' : ''}`, async () => {
    assert.deepEqual((await found(c.vulnerable)).sort(), [...c.expect].sort())
    if (c.fixed) assert.deepEqual(await found(c.fixed), [])
  })
}

test('the flow of a client-id finding starts where the client value is read and ends at the store key', async () => {
  const r = await checkSource('fastapi-vulnerable', { cwd: fixtures })
  const f = r.findings.find((x) => x.code?.location.file === 'fastapi-vulnerable/main.py')!
  const flow = f.code!.flow
  assert.equal(flow[0]!.line, 23)
  assert.match(flow[0]!.note, /cookie session_id/)
  assert.equal(flow.at(-1)!.line, 24)
  assert.match(flow.at(-1)!.note, /session_id, the key of the session item \(put_item\)/)
  assert.deepEqual(f.carrier, { kind: 'cookie', name: 'session_id' })
  assert.equal(f.code!.handler?.name, 'POST /login')
  assert.equal(f.remediation.framework, 'fastapi')
})

test('a handler is only a login by its route or name: the same client-keyed put in a non-login handler without a user is not reported', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const { tmpdir } = await import('node:os')
  const dir = await mkdtemp(join(tmpdir(), 'sg-src-'))
  await writeFile(
    join(dir, 'main.py'),
    [
      'from fastapi import FastAPI, Request',
      'app = FastAPI()',
      '@app.post("/cart")',
      'async def cart(request: Request):',
      '    table.put_item(Item={"session_id": request.cookies.get("session_id"), "items": []})',
      '@app.post("/login")',
      'async def login(request: Request):',
      '    table.put_item(Item={"session_id": request.cookies.get("session_id"), "user_id": "u"})',
      '',
    ].join('\n'),
  )
  const r = await checkSource(dir)
  assert.deepEqual(
    r.findings.map((f) => `${f.code!.handler!.name} ${f.code!.location.line}`),
    ['POST /login 8'],
  )
})

test('a hard-coded password in the excerpt of a finding is masked in every format', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const { tmpdir } = await import('node:os')
  const { render } = await import('../../../src/report/render.js')
  const { FORMATS } = await import('../../../src/report/formats.js')
  const { checkReport } = await import('../../../src/run/check.js')
  const dir = await mkdtemp(join(tmpdir(), 'sg-src-secret-'))
  await writeFile(
    join(dir, 'main.py'),
    [
      'from fastapi import FastAPI, Request',
      'app = FastAPI()',
      '@app.post("/login")',
      'async def login(request: Request):',
      '    if request.headers.get("x-password") != "hunter2-opensesame": return None',
      '    table.put_item(Item={"session_id": request.cookies.get("sid"), "user_id": "u"})',
      '    api_key = "sk-live-zyxw"',
      '',
    ].join('\n'),
  )
  const result = await checkSource(dir)
  assert.equal(result.findings.length, 1)
  const report = checkReport(result, dir, new Date())
  for (const format of FORMATS) {
    const text = render(report, format)
    assert.ok(text.includes('session_id'), `${format} shows the excerpt`)
    assert.ok(!text.includes('hunter2-opensesame'), `${format} masks the compared password`)
    assert.ok(!text.includes('sk-live-zyxw'), `${format} masks the api key`)
  }
})

test('every format shows the code location and the excerpt of a code finding', async () => {
  const { render } = await import('../../../src/report/render.js')
  const { FORMATS } = await import('../../../src/report/formats.js')
  const { checkReport } = await import('../../../src/run/check.js')
  const result = await checkSource('fastapi-vulnerable', { cwd: fixtures })
  const report = checkReport(result, 'fastapi-vulnerable', new Date(), fixtures)
  for (const format of FORMATS) {
    const text = render(report, format)
    assert.match(text, /fastapi-vulnerable\/main\.py/, format)
    assert.match(text, /table\.put_item\(Item=/, `${format} has the excerpt`)
  }
})
