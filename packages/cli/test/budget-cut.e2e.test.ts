import assert from 'node:assert/strict'
import { access, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { ScanReport } from '@sessionguard/scanner'
import { repoRoot, runCli, startExpressSession, type TargetApp } from '@sessionguard/testkit'

// --max-requests that runs out mid-scan: the report of what was proven is written in every requested
// format, the cut checks are not tested with the budget, a warning says so, and the gate decides the
// exit code. One that runs out before any verdict: exit 3, SG_BUDGET_EXHAUSTED, no report.

const env = { SG_PASSWORD: 'alice-password-1' }
const flags = (): string[] => {
  const cfg = app.config as { login: { url: string; page?: string; check: { url: string; contains?: string } }; logout: { url: string } }
  return [
    app.url,
    '--login-url',
    cfg.login.url,
    ...(cfg.login.page ? ['--login-page', cfg.login.page] : []),
    '--username',
    'alice',
    '--password-env',
    'SG_PASSWORD',
    '--check-url',
    cfg.login.check.url,
    ...(cfg.login.check.contains ? ['--check-contains', cfg.login.check.contains] : []),
    '--logout-url',
    cfg.logout.url,
    '-q',
  ]
}

let app: TargetApp
let dir: string
/** The whole scan, through the same flags: how many requests it takes. */
let whole: ScanReport
before(async () => {
  app = await startExpressSession({ regenerate: false })
  dir = await mkdtemp(join(tmpdir(), 'sg-budget-cut-'))
  const probe = await runCli(['scan', ...flags(), '-f', 'json', '--fail-on', 'none'], { env })
  assert.equal(probe.code, 0, probe.stderr)
  whole = JSON.parse(probe.stdout) as ScanReport
})
after(async () => {
  await app?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('sessionguard scan: the request budget runs out', () => {
  test('mid-scan: the report is written in every format with the finding proven before the cut, a warning, and the exit code from the gate', async () => {
    assert.equal(whole.checks.find((c) => c.id === 'SG-LOGOUT')!.status, 'passed')
    const max = whole.requestCount - 1

    const out = ['json', 'sarif', 'md', 'html', 'xml'].map((ext) => join(dir, `report.${ext}`))
    const r = await runCli(['scan', ...flags(), '--max-requests', String(max), ...out.flatMap((o) => ['-o', o])], { env })
    // SG-FIX-LOGIN (high) was proven before the budget ran out: the default gate fails on it
    assert.equal(r.code, 1, `${r.stderr}\n${r.stdout}`)
    assert.match(
      r.stderr,
      new RegExp(
        `sessionguard: warning: the scan's budget ran out \\(request budget of ${max} used up\\): 1 check\\(s\\) it cut are not tested`,
      ),
    )
    assert.match(r.stderr, /gate failed: .*SG-FIX-LOGIN/)
    assert.match(r.stdout, /HIGH\s+SG-FIX-LOGIN/)
    for (const o of out) await access(o)

    const report = JSON.parse(await readFile(out[0]!, 'utf8')) as ScanReport
    assert.equal(report.budgetExhausted, `request budget of ${max} used up`)
    assert.ok(report.findings.some((f) => f.id === 'SG-FIX-LOGIN'))
    const logout = report.checks.find((c) => c.id === 'SG-LOGOUT')!
    assert.equal(logout.status, 'not-tested')
    assert.equal(logout.reason, `the scan's budget ran out (request budget of ${max} used up)`)
    assert.match(logout.enableWith ?? '', /--max-requests/)
    const schema = JSON.parse(await readFile(join(repoRoot, 'docs/report.schema.json'), 'utf8'))
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    assert.ok(ajv.validate(schema, report), JSON.stringify(ajv.errors, null, 2))
    // (markdown escapes the parentheses)
    assert.match(await readFile(out[2]!, 'utf8'), new RegExp(`SG-LOGOUT.*budget ran out .{1,2}request budget of ${max} used up`))
  })

  test('--require lifecycle fails the gate when the budget cut SG-LOGOUT', async () => {
    const r = await runCli(
      ['scan', ...flags(), '--max-requests', String(whole.requestCount - 1), '--fail-on', 'none', '--require', 'lifecycle'],
      { env },
    )
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /gate failed: required check\(s\) did not run: .*SG-LOGOUT/)
  })

  test('before any check gave a verdict: exit 3 with SG_BUDGET_EXHAUSTED and no report written', async () => {
    const json = join(dir, 'none.json')
    const r = await runCli(['scan', ...flags(), '--max-requests', '3', '-o', json], { env })
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /sessionguard: error: request budget of 3 used up \[SG_BUDGET_EXHAUSTED\]/)
    await assert.rejects(access(json))
  })
})
