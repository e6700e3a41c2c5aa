import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { listen } from '@sessionguard/testkit'
import { ActorSession } from '../../../src/actors/session.js'
import { discover, neverFetched } from '../../../src/checks/authorization/index.js'
import type { ProbeContext } from '../../../src/checks/types.js'
import { resolveConfig } from '../../../src/config/load.js'
import { HttpEngine } from '../../../src/http/client.js'
import { Scope } from '../../../src/http/scope.js'
import { engineOptions } from '../../engine/engine-options.js'

// The cross-account crawl follows what an account is shown after login; it must never follow what
// ends the session or changes data, however the page spells it (the same list as the pre-login
// discovery's, target/destructive.ts).

const DESTRUCTIVE = [
  '/account/log%6Fut',
  '/Sign-Out',
  '/notes/2/%2564elete',
  '/notes/3/remove',
  '/notes?action=clear',
  '/account/close',
  '/admin/reset-db',
  '/account/ｌｏｇｏｕｔ',
]
const SAFE = ['/notes/1', '/notes?sort=closest', '/catalog/outdoor']

function contextFor(url: string): ProbeContext {
  const config = resolveConfig({
    target: url,
    login: { url: '/login', credentials: { username: 'a', password: 'b' }, check: { url: '/home' } },
    logout: { url: '/bye', method: 'POST' },
  })
  return { config, scope: new Scope(url), login: { flow: { login: config.login! } } } as unknown as ProbeContext
}

test('the crawl never requests a link that names a destructive action, in any spelling, nor the login and logout URLs', async () => {
  const hits: string[] = []
  const links = [...DESTRUCTIVE, ...SAFE, '/login', '/bye'].map((l) => `<a href="${l}">x</a>`).join('\n')
  const server = await listen(
    createServer((req, res) => {
      hits.push(req.url!)
      res.writeHead(200, { 'content-type': 'text/html' }).end(req.url === '/home' ? links : '<p>ok</p>')
    }),
  )
  const http = new HttpEngine(new Scope(server.url), engineOptions())
  try {
    const ctx = contextFor(server.url)
    const session = new ActorSession('alice')
    await discover(http, ctx.scope, { account: { name: 'alice', username: 'a', password: 'b' }, session } as never, {
      starts: ['/home'],
      templates: [],
      exclude: neverFetched(ctx, undefined),
      maxPages: 30,
      maxObjects: 10,
    })
    assert.deepEqual(hits.sort(), ['/home', ...SAFE].sort())
  } finally {
    await http.close()
    await server.close()
  }
})

test('the check URL stays reachable even when it is also the login page', () => {
  const ctx = contextFor('http://127.0.0.1:9/')
  ctx.config.login!.check.url = '/login'
  const never = neverFetched(ctx, undefined)
  assert.equal(never('/login'), false)
  assert.equal(never('/bye'), true)
})
