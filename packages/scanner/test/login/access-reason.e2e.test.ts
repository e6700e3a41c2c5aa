// Why a session was judged logged out is printed during the scan ("scanner session lost (status 401
// after redirect to …)"), before the report learns every id: the URL it names shows no parameter value.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { resolveConfig } from '@sessionguard/scanner'
import { listen } from '@sessionguard/testkit'
import { ActorSession } from '../../src/actors/session.js'
import { HttpEngine } from '../../src/http/client.js'
import { mask } from '../../src/http/redact.js'
import { Scope } from '../../src/http/scope.js'
import { LoginFlow } from '../../src/login/flow.js'
import { engineOptions } from '../engine/engine-options.js'

const SID = 'Qw7_Er5tYu-Io9pAs4dFg6hJ'
const JSID = '7D41A9C0E2B84F61'

test("a check URL that redirects to a page with an id in its query or ';jsessionid=' names that page with the values masked", async () => {
  const server = await listen(
    createServer((req, res) => {
      if (req.url === '/account') return void res.writeHead(302, { location: `/expired;jsessionid=${JSID}?sid=${SID}&why=gone` }).end()
      res.writeHead(401).end('logged out')
    }),
  )
  const http = new HttpEngine(new Scope(server.url), engineOptions())
  try {
    const config = resolveConfig({
      target: server.url,
      login: { url: '/login', credentials: { username: 'a', password: 'b' }, check: { url: '/account' } },
    })
    const flow = new LoginFlow(http, config.login!)
    const access = await flow.access(new ActorSession('scanner'), 'is the scanner still logged in?')
    assert.equal(access.authenticated, false)
    assert.equal(access.reason, `status 401 after redirect to /expired;jsessionid=${mask(JSID)}?sid=${mask(SID)}&why=gone`)
  } finally {
    await http.close()
    await server.close()
  }
})
