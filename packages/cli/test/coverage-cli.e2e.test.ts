import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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
  test('without a login no format shows a letter grade: pretty, json, sarif, junit, markdown and html all say fixation was not tested', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-nograde-'))
    try {
      const files = { json: 'r.json', sarif: 'r.sarif', junit: 'r.xml', markdown: 'r.md', html: 'r.html' }
      const outs = Object.values(files).flatMap((f) => ['-o', join(dir, f)])
      const r = await runCli(['scan', koa.url, '-q', ...outs], { env })
      assert.equal(r.code, 0, r.stderr)
      const label = /— \(incomplete: fixation not tested; \d+ of 18 checks ran\)/
      assert.match(r.stdout, new RegExp(`grade ${label.source}`))
      assert.doesNotMatch(r.stdout, /grade [A-F]\b/)
      const read = (f: string): Promise<string> => readFile(join(dir, f), 'utf8')

      const report = JSON.parse(await read(files.json)) as {
        score: { grade: unknown; value: number }
        gradeLabel: string
        complete: boolean
      }
      assert.equal(report.score.grade, null)
      assert.match(report.gradeLabel, label)
      assert.equal(report.complete, false)
      const schema = JSON.parse(await readFile(join(repoRoot, 'docs/report.schema.json'), 'utf8'))
      const ajv = new Ajv2020({ allErrors: true, strict: false })
      ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
      assert.ok(ajv.validate(schema, report), JSON.stringify(ajv.errors, null, 2))

      const sarif = JSON.parse(await read(files.sarif)) as { runs: Array<{ properties: { grade: unknown; gradeLabel: string } }> }
      assert.equal(sarif.runs[0]!.properties.grade, null)
      assert.match(sarif.runs[0]!.properties.gradeLabel, label)
      const junit = await read(files.junit)
      assert.match(junit, /<property name="grade" value="—"\/>/)
      assert.match(junit, new RegExp(`<property name="gradeLabel" value="${label.source}"/>`))
      const md = await read(files.markdown)
      assert.match(md, /^## ⚪ sessionguard: grade \*\*—\*\* \(fixation not tested\)/m)
      assert.doesNotMatch(md, /grade \*\*[A-F]\*\*/)
      const html = await read(files.html)
      assert.match(html, /<title>sessionguard no grade · /)
      assert.match(html, /<div class="grade g-none" title="no grade: fixation not tested">—<\/div>/)
      assert.doesNotMatch(html, /class="grade g-[A-F]"/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
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
