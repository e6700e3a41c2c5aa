// Issue 15 item 1: an API description served by the target must not make the scanner read local
// files (and then send them to the target in request paths or write them into the report), nor
// leave the target's origin, nor run past the scan's bounds.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { ConfigError, scan } from '@sessionguard/scanner'
import { startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { loadSpec } from '../../src/openapi/load.js'
import type { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'

const CANARY = 'sg-canary-6f1d0c3a9e'
let dir: string
let secretFile: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-spec-hostile-'))
  secretFile = join(dir, 'secret.env')
  await writeFile(secretFile, `GITHUB_TOKEN=${CANARY}\n`)
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A target whose /openapi.json is `doc`, and which answers everything else with a page. */
async function serving(doc: unknown): Promise<HostileApp> {
  return startHostileApp((req, res) => {
    if (req.url === '/openapi.json') {
      res.setHeader('content-type', 'application/json')
      res.end(typeof doc === 'string' ? doc : JSON.stringify(doc))
    } else res.end('<html><body>ok</body></html>')
  })
}

const swagger = (over: Record<string, unknown>): Record<string, unknown> => ({
  swagger: '2.0',
  info: { title: 'Hostile', version: '1' },
  basePath: '/api',
  paths: {
    '/login': {
      post: {
        parameters: [
          { in: 'formData', name: 'username' },
          { in: 'formData', name: 'password' },
        ],
      },
    },
  },
  ...over,
})

async function expectRefused(doc: unknown, message: RegExp, extra: (app: HostileApp) => void = () => undefined): Promise<void> {
  const app = await serving(doc)
  try {
    await assert.rejects(
      scan({ target: app.url, spec: `${app.url}/openapi.json`, scope: { timeout: 2000, budget: 10_000 } }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, `${(err as Error)?.name}: ${(err as Error)?.message}`)
        assert.match((err as Error).message, message)
        assert.ok(!(err as Error).message.includes(CANARY))
        return true
      },
    )
    assert.ok(!app.sent().includes(CANARY), 'the file never reached the target')
    extra(app)
  } finally {
    await app.close()
  }
}

describe('a remote API description follows only references on its own origin', () => {
  test('basePath and info.title as $ref: file:///… to a .env file are refused, nothing of it is sent', async () => {
    await expectRefused(
      swagger({
        basePath: { $ref: pathToFileURL(secretFile).href },
        info: { title: { $ref: pathToFileURL(secretFile).href }, version: '1' },
      }),
      /a remote description may refer only to documents on http:\/\/127\.0\.0\.1/,
    )
  })

  test('file:///dev/zero is refused before anything is read', async () => {
    const started = Date.now()
    await expectRefused(swagger({ definitions: { Z: { $ref: 'file:///dev/zero' } } }), /refer only to documents on/)
    assert.ok(Date.now() - started < 5000, 'refused before reading anything')
  })

  test('another origin (a second loopback port) is refused and never contacted', async () => {
    const other = await serving({ X: { type: 'string' } })
    try {
      await expectRefused(swagger({ definitions: { X: { $ref: `${other.url}/openapi.json#/X` } } }), /refer only to documents on/)
      assert.equal(other.requests.length, 0)
    } finally {
      await other.close()
    }
  })

  test('other schemes (data:, ftp:) are refused', async () => {
    await expectRefused(swagger({ definitions: { X: { $ref: 'data:application/json,{}' } } }), /refer only to documents on/)
  })

  test('a reference on its own origin is followed through the scan engine', async () => {
    const app = await startHostileApp((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/openapi.json') res.end(JSON.stringify(swagger({ info: { title: { $ref: 'parts/title.json#/t' }, version: '1' } })))
      else if (req.url === '/parts/title.json') res.end(JSON.stringify({ t: 'Same origin' }))
      else res.end('{}')
    })
    try {
      const report = await scan({ target: app.url, spec: `${app.url}/openapi.json`, scope: { timeout: 2000, budget: 10_000 } })
      assert.ok(
        report.notes.some((n) => n.includes('Same origin')),
        report.notes.join('\n'),
      )
      assert.ok(app.requests.some((r) => r.url === '/parts/title.json'))
    } finally {
      await app.close()
    }
  })

  test('a reference chain or nesting deeper than the cap is a configuration error, not a stack overflow', async () => {
    // written as text: the document is too deep for JSON.stringify itself
    const deep = `${'{"items":'.repeat(5000)}{}${'}'.repeat(5000)}`
    await expectRefused(JSON.stringify(swagger({ definitions: { D: 'DEEP' } })).replace('"DEEP"', deep), /levels deep/)
  })
})

describe('a local description refers only to files in its own directory', () => {
  const noHttp = {
    send: () => {
      throw new Error('no request may be sent for a file spec')
    },
  } as unknown as HttpEngine
  const scope = new Scope('http://127.0.0.1:9')

  async function local(name: string, doc: unknown): Promise<string> {
    const root = join(dir, 'specs', name)
    await mkdir(root, { recursive: true })
    await writeFile(join(root, 'api.json'), JSON.stringify(doc))
    return join(root, 'api.json')
  }

  test('../ out of the directory, an absolute path and a file: URL elsewhere are refused', async () => {
    for (const ref of ['../../secret.env', secretFile, pathToFileURL(secretFile).href]) {
      const path = await local('escape', swagger({ basePath: { $ref: ref } }))
      await assert.rejects(
        loadSpec(path, noHttp, scope),
        (e: unknown) => e instanceof ConfigError && /outside .*own directory/.test((e as Error).message),
        ref,
      )
    }
  })

  test('a symlink inside the directory that points out of it is refused', async () => {
    const path = await local('symlink', swagger({ basePath: { $ref: 'link.env' } }))
    await symlink(secretFile, join(dir, 'specs', 'symlink', 'link.env'))
    await assert.rejects(loadSpec(path, noHttp, scope), /outside .*own directory/)
  })

  test('a device or a directory inside the directory is refused; http references from a file are refused', async () => {
    const path = await local('dev', swagger({ basePath: { $ref: 'sub' } }))
    await mkdir(join(dir, 'specs', 'dev', 'sub'), { recursive: true })
    await assert.rejects(loadSpec(path, noHttp, scope), /not a regular file/)
    const http = await local('http', swagger({ basePath: { $ref: 'http://127.0.0.1:9/x' } }))
    await assert.rejects(loadSpec(http, noHttp, scope), /may refer only to other files/)
  })

  test('a file in a subdirectory is still followed', async () => {
    const path = await local('ok', swagger({ info: { title: { $ref: 'parts/t.json#/t' }, version: '1' } }))
    await mkdir(join(dir, 'specs', 'ok', 'parts'), { recursive: true })
    await writeFile(join(dir, 'specs', 'ok', 'parts', 't.json'), JSON.stringify({ t: 'Inside' }))
    assert.equal((await loadSpec(path, noHttp, scope)).title, 'Inside')
  })
})

describe('an API description error is masked with every configured secret', () => {
  test('a $ref quoting the supplied API key, the request cookie and the password is reported with each masked', async () => {
    const key = 'Sup3rSecretApiKey1'
    const cookie = 'Cookie0Secret9876'
    const password = 'Zq7Vx-Horse-Battery9'
    // the target echoes what it was sent; the password it knows (it is the test account's own server)
    const app = await startHostileApp((req, res) => {
      if (req.url === '/openapi.json') {
        const sent = `${String(req.headers['x-api-key'] ?? '')}-${String(req.headers.cookie ?? '').replace(/^sid=/, '')}-${password}`
        res.setHeader('content-type', 'application/json')
        res.end(
          JSON.stringify({
            openapi: '3.0.0',
            info: { title: 't', version: '1' },
            paths: {
              '/x': { get: { parameters: [{ $ref: `#/components/parameters/${sent}` }], responses: { 200: { description: 'ok' } } } },
            },
          }),
        )
      } else res.end('ok')
    })
    try {
      await assert.rejects(
        scan({
          target: app.url,
          spec: `${app.url}/openapi.json`,
          request: { headers: { 'X-Api-Key': key }, cookies: { sid: cookie } },
          login: { url: '/login', credentials: { username: 'alice', password }, check: { url: '/x' } },
          scope: { timeout: 2000, budget: 10_000 },
        }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError, `${(err as Error)?.name}: ${(err as Error)?.message}`)
          const message = (err as Error).message
          assert.match(message, /points to nothing/)
          assert.ok(app.sent().includes(key), 'the target was sent the key it quotes')
          for (const secret of [key, cookie, password]) assert.ok(!message.includes(secret), message)
          return true
        },
      )
    } finally {
      await app.close()
    }
  })
})
