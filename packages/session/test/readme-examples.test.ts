// The README's code blocks are these files, byte for byte; this test proves it and then runs them.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { createAdaptorServer } from '@hono/node-server'
import { listen, startDynalite, type RunningDynamoDB, type RunningServer } from '@sessionguard/testkit'

const here = new URL('.', import.meta.url)
const readme = readFileSync(new URL('../README.md', here), 'utf8')
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
const example = (name: string): string => readFileSync(new URL(`readme/${name}.ts`, here), 'utf8').trim()

async function send(
  server: RunningServer,
  method: string,
  path: string,
  opts: { cookie?: string | undefined; form?: string; json?: unknown } = {},
) {
  const headers: Record<string, string> = {}
  if (opts.cookie) headers.cookie = opts.cookie
  let body: string | undefined
  if (opts.form !== undefined) ((headers['content-type'] = 'application/x-www-form-urlencoded'), (body = opts.form))
  if (opts.json !== undefined) ((headers['content-type'] = 'application/json'), (body = JSON.stringify(opts.json)))
  const res = await fetch(server.url + path, { method, headers, body: body ?? null, redirect: 'manual' })
  return { status: res.status, text: await res.text(), cookie: res.headers.getSetCookie()[0]?.split(';')[0] }
}

describe('README examples', () => {
  const servers: RunningServer[] = []
  after(async () => {
    for (const s of servers) await s.close()
  })

  for (const name of [
    'express',
    'fastify',
    'hono',
    'dynamodb',
    'express-session',
    'local-dynamodb',
    'mfa-express',
    'mfa-fastify',
    'mfa-hono',
  ])
    it(`the ${name} example appears verbatim in the README`, () => {
      assert.ok(blocks.includes(example(name)), `README.md lacks a \`\`\`ts block equal to test/readme/${name}.ts`)
    })

  it('the Express example logs in with a fresh __Host- cookie and refuses the pre-login one', async () => {
    const { default: app } = await import('./readme/express.js')
    const server = await listen(createServer(app))
    servers.push(server)
    assert.equal((await send(server, 'POST', '/login', { form: 'email=alice@example.com&password=nope' })).status, 401)
    const login = await send(server, 'POST', '/login', { form: 'email=alice@example.com&password=wonderland' })
    assert.equal(login.status, 303)
    assert.match(login.cookie ?? '', /^__Host-sid=/)
    assert.equal((await send(server, 'GET', '/account', { cookie: login.cookie })).text, 'hello alice')
    await send(server, 'POST', '/logout', { cookie: login.cookie })
    assert.equal((await send(server, 'GET', '/account', { cookie: login.cookie })).status, 401)
  })

  it('the Fastify example carries the cart across login under a new id', async () => {
    const { default: app } = await import('./readme/fastify.js')
    await app.ready()
    const server = await listen(app.server)
    servers.push(server)
    const anon = await send(server, 'POST', '/cart/tea')
    const login = await send(server, 'POST', '/login', { cookie: anon.cookie, json: { userId: 'bob' } })
    assert.ok(login.cookie && login.cookie !== anon.cookie)
    assert.deepEqual(JSON.parse((await send(server, 'GET', '/account', { cookie: login.cookie })).text), { userId: 'bob', cart: ['tea'] })
  })

  it('the Hono example revokes every session of a user', async () => {
    const { default: app } = await import('./readme/hono.js')
    const server = await listen(createAdaptorServer({ fetch: app.fetch }) as Server)
    servers.push(server)
    const a = (await send(server, 'POST', '/login/carol')).cookie
    const b = (await send(server, 'POST', '/login/carol')).cookie
    assert.equal((await send(server, 'GET', '/account', { cookie: a })).status, 200)
    assert.deepEqual(JSON.parse((await send(server, 'POST', '/admin/revoke/carol')).text), { revoked: 2 })
    assert.equal((await send(server, 'GET', '/account', { cookie: a })).status, 401)
    assert.equal((await send(server, 'GET', '/account', { cookie: b })).status, 401)
  })

  it('the Express second-factor example: the id of the password step reaches nothing and dies at the code; step-up rotates again', async () => {
    const { default: app } = await import('./readme/mfa-express.js')
    const server = await listen(createServer(app))
    servers.push(server)
    assert.equal((await send(server, 'POST', '/login', { form: 'username=alice&password=nope' })).status, 401)
    const half = (await send(server, 'POST', '/login', { form: 'username=alice&password=wonderland' })).cookie
    assert.equal((await send(server, 'GET', '/account', { cookie: half })).status, 401, 'the password alone logs nobody in')
    assert.equal((await send(server, 'POST', '/2fa', { cookie: half, form: 'code=000000' })).status, 401)
    const code = await send(server, 'POST', '/2fa', { cookie: half, form: 'code=123456' })
    assert.equal(code.status, 303)
    assert.ok(code.cookie && code.cookie !== half, 'the second factor issues a new id')
    assert.equal((await send(server, 'GET', '/account', { cookie: code.cookie })).text, 'hello alice (pwd+otp)')
    assert.equal((await send(server, 'GET', '/account', { cookie: half })).status, 401, "the attacker's copy from between the steps")
    assert.equal((await send(server, 'POST', '/sudo', { cookie: code.cookie, form: 'password=nope' })).status, 401)
    const sudo = await send(server, 'POST', '/sudo', { cookie: code.cookie, form: 'password=wonderland' })
    assert.equal(sudo.status, 303)
    assert.ok(sudo.cookie && sudo.cookie !== code.cookie, 'the step-up issues a new id')
    assert.match((await send(server, 'GET', '/settings/security', { cookie: sudo.cookie })).text, /^Elevated/)
    assert.equal((await send(server, 'GET', '/settings/security', { cookie: code.cookie })).status, 401, 'the pre-step-up id')
  })

  it('the Fastify second-factor example: a wrong code changes nothing, the right one a new id', async () => {
    const { default: app } = await import('./readme/mfa-fastify.js')
    await app.ready()
    const server = await listen(app.server)
    servers.push(server)
    const half = (await send(server, 'POST', '/login', { json: { userId: 'bob' } })).cookie
    assert.equal((await send(server, 'GET', '/account', { cookie: half })).status, 401)
    const wrong = await send(server, 'POST', '/2fa', { cookie: half, json: { code: '000000' } })
    assert.equal(wrong.status, 401)
    assert.equal(wrong.cookie, undefined)
    const right = await send(server, 'POST', '/2fa', { cookie: half, json: { code: '654321' } })
    assert.deepEqual(JSON.parse(right.text), { userId: 'bob', amr: ['pwd', 'otp'] })
    assert.ok(right.cookie && right.cookie !== half)
    assert.equal(JSON.parse((await send(server, 'GET', '/account', { cookie: right.cookie })).text).userId, 'bob')
    assert.equal((await send(server, 'GET', '/account', { cookie: half })).status, 401)
  })

  it('the Hono step-up example: the id from before the step-up loses its rights', async () => {
    const { default: app } = await import('./readme/mfa-hono.js')
    const server = await listen(createAdaptorServer({ fetch: app.fetch }) as Server)
    servers.push(server)
    const before = (await send(server, 'POST', '/login/carol')).cookie
    const sudo = await send(server, 'POST', '/sudo', { cookie: before })
    assert.ok(sudo.cookie && sudo.cookie !== before)
    assert.equal((await send(server, 'DELETE', '/account', { cookie: before })).status, 401)
    assert.deepEqual(JSON.parse((await send(server, 'DELETE', '/account', { cookie: sudo.cookie })).text), { deleted: 'carol' })
  })

  it('the express-session migration example: passport logs in under a new id and out again', async () => {
    const { default: app } = await import('./readme/express-session.js')
    const server = await listen(createServer(app))
    servers.push(server)
    const failed = await send(server, 'POST', '/login', { form: 'username=alice&password=nope' })
    assert.equal(failed.status, 302)
    const login = await send(server, 'POST', '/login', { form: 'username=alice&password=wonderland' })
    assert.equal(login.status, 302)
    assert.match(login.cookie ?? '', /^sid=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, 'a library-minted id, signed with the secret')
    assert.equal((await send(server, 'GET', '/account', { cookie: login.cookie })).text, 'hello alice')
    assert.equal((await send(server, 'POST', '/logout', { cookie: login.cookie })).status, 303)
    assert.equal((await send(server, 'GET', '/account', { cookie: login.cookie })).status, 401)
  })

  it('the local DynamoDB example runs on dynalite in the process when no endpoint is set', async () => {
    const saved = process.env.DYNAMODB_ENDPOINT
    delete process.env.DYNAMODB_ENDPOINT
    const { sessions, stop } = await import('./readme/local-dynamodb.js')
    if (saved !== undefined) process.env.DYNAMODB_ENDPOINT = saved
    try {
      const s = await sessions.load(undefined)
      await s.login('erin')
      const cookie = s.takeSetCookie()!.split(';')[0]!
      assert.equal((await sessions.load(cookie)).userId, 'erin')
      await (await sessions.load(cookie)).logout()
      assert.equal((await sessions.load(cookie)).userId, undefined)
    } finally {
      await stop()
    }
  })

  describe('the DynamoDB example', () => {
    let db: RunningDynamoDB
    before(async () => {
      db = await startDynalite()
      Object.assign(process.env, {
        DYNAMODB_ENDPOINT: db.endpoint,
        AWS_REGION: db.region,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      })
    })
    after(async () => {
      await db?.stop()
    })

    it('creates the table and logs a user out everywhere', async () => {
      const { sessions, logOutEverywhere } = await import('./readme/dynamodb.js')
      const s = await sessions.load(undefined)
      await s.login('dana')
      const cookie = s.takeSetCookie()!.split(';')[0]!
      assert.match(cookie, /^sid=/, 'plain name outside production')
      assert.equal((await sessions.load(cookie)).userId, 'dana')
      await logOutEverywhere('dana')
      assert.equal((await sessions.load(cookie)).userId, undefined)
    })
  })
})
