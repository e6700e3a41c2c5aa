import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { repoRoot, runCli, startKoaSessionApp, type TargetApp } from '@sessionguard/testkit'

// Coverage on the command line: a scan that could run little says so next to its grade, --require
// turns "could not run" into a failed gate, and the pre-login discovery flags reach the scanner.

let koa: TargetApp
before(async () => {
  koa = await startKoaSessionApp({ regenerate: false })
})
after(async () => {
  await koa?.close()
})

const env = { SG_PASSWORD: 'alice-password-1' }
const loginFlags = (url: string): string[] => [
  url,
  '--login-url',
  '/login',
  '--username',
  'alice',
  '--password-env',
  'SG_PASSWORD',
  '--check-url',
  '/account',
  '--check-contains',
  'alice',
  '-q',
]

describe('sessionguard scan: coverage', () => {
  test('without a login the grade is shown as incomplete with its coverage, and the exit code stays 0', async () => {
    const r = await runCli(['scan', koa.url, '-q'], { env })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /grade [A-F] \(incomplete: \d+ of 18 checks ran\)/)
  })

  test('--require fixation fails the gate (exit 1) when the fixation checks could not run, and says which', async () => {
    const r = await runCli(['scan', koa.url, '-q', '--require', 'fixation'], { env })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /gate failed: required check\(s\) did not run: SG-FIX-ADOPT/)
    assert.match(r.stderr, /SG-FIX-LOGIN/)
  })

  test('--require with an unknown family is a usage error (exit 2)', async () => {
    const r = await runCli(['scan', koa.url, '-q', '--require', 'fixaton'], { env })
    assert.equal(r.code, 2)
    assert.match(r.stderr, /fixaton/)
  })

  test('--pre-login names the page that starts the session; --require fixation then passes and the JSON follows the schema', async () => {
    const r = await runCli(
      [
        'scan',
        ...loginFlags(koa.url),
        '--pre-login',
        '/',
        '--discovery-budget',
        '0',
        '--require',
        'fixation',
        '--fail-on',
        'none',
        '-f',
        'json',
      ],
      { env },
    )
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as {
      complete: boolean
      gradeLabel: string
      session: { preLogin: { issuedBy: { path: string; via: string }; budget: number } }
      findings: Array<{ id: string }>
    }
    assert.deepEqual(
      { path: report.session.preLogin.issuedBy.path, via: report.session.preLogin.issuedBy.via },
      { path: '/', via: 'named page' },
    )
    assert.equal(report.session.preLogin.budget, 0)
    assert.equal(report.complete, true)
    assert.ok(report.findings.some((f) => f.id === 'SG-FIX-LOGIN'))
    const schema = JSON.parse(await readFile(join(repoRoot, 'docs/report.schema.json'), 'utf8'))
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    assert.ok(ajv.validate(schema, report), JSON.stringify(ajv.errors, null, 2))
  })
})
