import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { checkSource } from '../../../src/source/index.js'

// The repository's own examples and real session libraries the project does not control.

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))

test("examples/vulnerable-api: the seed's pattern is reported at the PutItem line, from the cookie through its helpers", async () => {
  const r = await checkSource('examples/vulnerable-api', { cwd: repo })
  assert.deepEqual(
    r.findings.map((f) => `${f.id} ${f.code!.location.file}:${f.code!.location.line}`),
    ['SG-SRC-CLIENT-ID examples/vulnerable-api/src/app.ts:40'],
  )
  const flow = r.findings[0]!.code!.flow
  assert.equal(flow[0]!.line, 12, 'the raw Cookie header read in cookie()')
  assert.ok(flow.some((s) => /clientSessionId/.test(s.note)))
  assert.equal(r.findings[0]!.code!.handler?.name, 'POST /login')
})

test('examples/secure-api reports nothing', async () => {
  const r = await checkSource('examples/secure-api', { cwd: repo })
  assert.deepEqual(r.findings, [])
  assert.ok(
    r.handlers.some((h) => h.name === 'POST /login'),
    'its login handler was found and followed',
  )
})

// real code of session libraries installed in the workspace: correct code, no finding
// (a package whose code is only in dist/ is checked from there: the walk skips build folders below the root)
const LIBRARIES = ['express-session', 'passport', 'koa-session', '@fastify/session', 'koa', 'express', 'fastify', 'hono/dist']
for (const lib of LIBRARIES) {
  test(`the installed ${lib} package reports no code finding (precision on real code)`, async (t) => {
    const dir = join(repo, 'node_modules', lib)
    try {
      readdirSync(dir)
    } catch {
      t.skip(`${lib} is not installed`)
      return
    }
    const r = await checkSource(dir)
    assert.deepEqual(
      r.findings.filter((f) => f.id !== 'SG-SRC-ADVISORY').map((f) => `${f.id} ${f.code!.location.file}:${f.code!.location.line}`),
      [],
    )
    assert.ok(r.summary.files > 0, 'its files were read')
  })
}

test("the whole repository (its fixtures left out) reports only the example's seed: the test apps on @sessionguard/session's express-session middleware are not express-session apps", async () => {
  // Besides the check's own fixtures, the browser e2e targets that keep the session id at login on
  // purpose (real express-session apps whose fixation finding's evidence is what those tests read):
  // the check finds each of them, which is right, and they are not the repository's code.
  const fixableOnPurpose = ['stored-echo-carry', 'url-pair-names', 'discovery-replay-body'].map(
    (name) => `packages/scanner/test/browser/${name}.e2e.test.ts`,
  )
  const r = await checkSource('.', { cwd: repo, exclude: ['packages/scanner/test/checks/source/fixtures', ...fixableOnPurpose] })
  assert.deepEqual(
    r.findings.map((f) => `${f.id} ${f.code!.location.file}:${f.code!.location.line}`),
    ['SG-SRC-CLIENT-ID examples/vulnerable-api/src/app.ts:40'],
  )
  assert.ok(r.summary.handlers > 50, `${r.summary.handlers} handlers followed`)
})
