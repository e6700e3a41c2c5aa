// After login(), an Express route that writes its own Set-Cookie through writeHead must not drop the
// session cookie (node lets writeHead's headers replace those set before): the user would be logged out.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import express from 'express'
import { listen, type RunningServer } from '@sessionguard/testkit'
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { expressSessions, getSession } from '@sessionguard/session/express'

describe('Express: writeHead with its own Set-Cookie after login', () => {
  let server: RunningServer
  before(async () => {
    const sessions = createSessionManager({ store: new MemoryStore(), cookie: { secure: false } })
    const app = express()
    app.use(expressSessions({ sessions }))
    app.post('/login/object', async (req, res) => {
      await getSession(req).login('alice')
      res.writeHead(303, { Location: '/me', 'Set-Cookie': 'theme=dark; Path=/' })
      res.end()
    })
    app.post('/login/list', async (req, res) => {
      await getSession(req).login('alice')
      res.writeHead(303, 'See Other', { location: '/me', 'set-cookie': ['theme=dark; Path=/', 'lang=en; Path=/'] })
      res.end()
    })
    app.post('/login/flat', async (req, res) => {
      await getSession(req).login('alice')
      res.writeHead(303, ['Location', '/me', 'Set-Cookie', 'theme=dark; Path=/'])
      res.end()
    })
    app.post('/login/plain', async (req, res) => {
      await getSession(req).login('alice')
      res.writeHead(303, { Location: '/me' })
      res.end()
    })
    app.get('/me', (req, res) => void res.send(getSession(req).userId ?? 'nobody'))
    server = await listen(createServer(app))
  })
  after(() => server.close())

  for (const [path, own] of [
    ['/login/object', ['theme=dark']],
    ['/login/list', ['theme=dark', 'lang=en']],
    ['/login/flat', ['theme=dark']],
    ['/login/plain', []],
  ] as const) {
    it(`${path}: the app's cookies and the session cookie both arrive, and the session authenticates`, async () => {
      const res = await fetch(server.url + path, { method: 'POST', redirect: 'manual' })
      assert.equal(res.status, 303)
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!)
      for (const c of own) assert.ok(cookies.includes(c), `${c} kept: ${cookies.join(' | ')}`)
      const sid = cookies.find((c) => c.startsWith('sid='))
      assert.ok(sid, `session cookie present: ${cookies.join(' | ')}`)
      assert.equal(cookies.length, own.length + 1)
      assert.equal(await (await fetch(server.url + '/me', { headers: { cookie: sid! } })).text(), 'alice')
    })
  }
})
