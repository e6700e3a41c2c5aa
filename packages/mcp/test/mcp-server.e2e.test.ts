import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { CHECKS, configSchema, type ScanReport } from '@sessionguard/scanner'
import { remediationFor } from '@sessionguard/scanner/knowledge'
import { ALICE, repoRoot, startPhpSessions, type TargetApp } from '@sessionguard/testkit'
import type { ScanBrief, ScanListItem } from '@sessionguard/mcp'
import { FileHistoryStore } from '@sessionguard/history/store'

const PASSWORD_VAR = 'SG_MCP_TEST_PASSWORD'

/** The real server, as an assistant's client starts it: a child process speaking MCP on stdio. */
async function connect(extraArgs: string[] = []): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--conditions=source', '--import', 'tsx', resolve(repoRoot, 'packages/cli/src/run.ts'), 'mcp', ...extraArgs],
    cwd: repoRoot,
    env: { ...(process.env as Record<string, string>), [PASSWORD_VAR]: ALICE.password, NO_COLOR: '1' },
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const client = new Client({ name: 'sessionguard-test', version: '0.0.0' })
  await client.connect(transport)
  return { client, stderr: () => stderr }
}

const call = async (client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
  (await client.callTool({ name, arguments: args })) as CallToolResult

/** The text inside the untrusted-data fence every report-carrying result is wrapped in (the fence must be there). */
function unfenced(text: string): string {
  const m = /<<<untrusted-target-data ([0-9a-f]{16})\n([\s\S]*)\nuntrusted-target-data \1>>>$/.exec(text)
  assert.ok(m, `fenced: ${text.slice(0, 200)}`)
  return m[2]!
}

function texts(result: CallToolResult): string[] {
  return result.content.map((c) => (c.type === 'text' ? c.text : ''))
}

/** The PHP app's scan config, with the password replaced by the name of the server's variable. */
function scanArgs(app: TargetApp, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const config = structuredClone(app.config) as { login: { credentials: Record<string, unknown> } }
  config.login.credentials = { username: ALICE.username, password_env: PASSWORD_VAR }
  return { ...config, ...extra }
}

describe('sessionguard mcp over stdio', () => {
  let app: TargetApp
  let client: Client
  let serverStderr: () => string

  before(async () => {
    app = await startPhpSessions({ mode: 'lax' })
    ;({ client, stderr: serverStderr } = await connect())
  })
  after(async () => {
    await client?.close()
    await app?.close()
  })

  it('lists the four tools, scan_target taking the scanner config keys plus format and password_env', async () => {
    const { tools } = await client.listTools()
    assert.deepEqual(tools.map((t) => t.name).sort(), ['explain_finding', 'get_scan', 'list_scans', 'scan_target'])
    const scanTool = tools.find((t) => t.name === 'scan_target')!
    const props = Object.keys(scanTool.inputSchema.properties ?? {})
    // spec and baseline name files on the server's machine: not part of the tool
    for (const key of Object.keys(configSchema.shape).filter((k) => k !== 'spec' && k !== 'baseline' && k !== 'source'))
      assert.ok(props.includes(key), `missing ${key}`)
    assert.ok(!props.includes('spec') && !props.includes('baseline'))
    assert.ok(props.includes('format'))
    assert.deepEqual(scanTool.inputSchema.required, ['target'])
    assert.match(JSON.stringify(scanTool.inputSchema), /"password_env"/)
    assert.match(scanTool.description ?? '', /127\.0\.0\.0\/8, ::1, localhost/)
  })

  it('a scan without a login earns no letter: the brief, its text and list_scans say fixation was not tested', async () => {
    const result = await call(client, 'scan_target', { target: `${app.url}/login.php`, fail_on: 'none' })
    assert.equal(result.isError, undefined, `${texts(result).join('\n')}\n${serverStderr()}`)
    const brief = result.structuredContent as unknown as ScanBrief
    assert.equal(brief.score.grade, null)
    assert.match(brief.gradeLabel, /^— \(incomplete: fixation not tested; \d+ of 21 checks ran\)$/)
    assert.match(texts(result)[0]!, /grade — \(incomplete: fixation not tested;.*no letter: no fixation check ran/)
    const scans = ((await call(client, 'list_scans', {})).structuredContent as { scans: ScanListItem[] }).scans
    assert.equal(scans.find((s) => s.scanId === brief.scanId)?.grade, null)
  })

  describe('a scan of the lax PHP app', () => {
    let result: CallToolResult
    let brief: ScanBrief

    before(async () => {
      result = await call(client, 'scan_target', scanArgs(app, { format: 'sarif', fail_on: 'high' }))
      assert.equal(result.isError, undefined, `${texts(result).join('\n')}\n${serverStderr()}`)
      brief = result.structuredContent as unknown as ScanBrief
    })

    it('proves SG-FIX-ADOPT through the planted cookie and says so in the summary', () => {
      const adopt = brief.findings.find((f) => f.id === 'SG-FIX-ADOPT')
      assert.ok(adopt, JSON.stringify(brief.findings.map((f) => f.id)))
      assert.equal(adopt.confidence, 'confirmed')
      assert.equal(adopt.severity, 'critical')
      assert.match(texts(result)[0]!, /SG-FIX-ADOPT critical \(confirmed\)/)
      assert.match(texts(result)[0]!, new RegExp(`grade ${brief.score.grade}`))
    })

    it('reports the gate it was asked for', () => {
      assert.equal(brief.gate?.passed, false)
      assert.match(brief.gate?.reasons.join(' ') ?? '', /SG-FIX-ADOPT/)
    })

    it('attaches the report in the requested format', () => {
      const sarif = JSON.parse(unfenced(texts(result)[1]!)) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> }
      assert.equal(sarif.version, '2.1.0')
      assert.ok(sarif.runs[0]!.results.some((r) => r.ruleId === 'SG-FIX-ADOPT'))
    })

    it('a budget that runs out mid-scan still returns the scan: what was proven, the cut checks not tested with the budget, and the summary says so', async () => {
      const max = brief.requestCount - 1
      const cut = await call(client, 'scan_target', scanArgs(app, { fail_on: 'high', scope: { max_requests: max } }))
      assert.equal(cut.isError, undefined, `${texts(cut).join('\n')}\n${serverStderr()}`)
      const b = cut.structuredContent as unknown as ScanBrief
      assert.equal(b.budgetExhausted, `request budget of ${max} used up`)
      assert.ok(
        b.findings.some((f) => f.id === 'SG-FIX-ADOPT'),
        'the critical finding proven before the cut stands',
      )
      assert.deepEqual(
        b.notTested.find((c) => c.id === 'SG-LOGOUT'),
        {
          id: 'SG-LOGOUT',
          reason: `the scan's budget ran out (request budget of ${max} used up)`,
          enableWith: 'scope: { budget: 10m, max_requests: 5000 } in the config file (or --budget 10m / --max-requests 5000)',
        },
      )
      assert.match(texts(cut)[0]!, new RegExp(`The scan's budget ran out \\(request budget of ${max} used up\\)`))
      assert.equal(b.gate?.passed, false, 'the gate judges what was proven')
    })

    it('a budget that runs out before any verdict is a tool error with its code', async () => {
      const failed = await call(client, 'scan_target', scanArgs(app, { scope: { max_requests: 3 } }))
      assert.equal(failed.isError, true)
      assert.equal((failed.structuredContent as { error: { code: string } }).error.code, 'SG_BUDGET_EXHAUSTED')
    })

    it('never sends the password back, although the login used it', () => {
      assert.equal(JSON.stringify(result).includes(ALICE.password), false)
    })

    it('get_scan returns the full report with the evidence, and without it on request', async () => {
      const full = await call(client, 'get_scan', { scan_id: brief.scanId })
      const report = (full.structuredContent as { report: ScanReport }).report
      assert.equal(report.scanId, brief.scanId)
      assert.deepEqual(report.score, brief.score)
      const adopt = report.findings.find((f) => f.id === 'SG-FIX-ADOPT')!
      assert.ok(adopt.evidence.length > 0)
      assert.equal(JSON.stringify(full).includes(ALICE.password), false)

      const lean = await call(client, 'get_scan', { scan_id: brief.scanId, evidence: false })
      const leanReport = (lean.structuredContent as { report: ScanReport }).report
      assert.ok(leanReport.findings.every((f) => f.evidence.length === 0))
      assert.equal(leanReport.findings.length, report.findings.length)
    })

    it('get_scan of an unknown id is a tool error that points at list_scans', async () => {
      const missing = await call(client, 'get_scan', { scan_id: 'no-such-scan' })
      assert.equal(missing.isError, true)
      assert.match(texts(missing)[0]!, /list_scans/)
    })

    it('list_scans shows the scan with its score and grade', async () => {
      const listed = await call(client, 'list_scans', {})
      const scans = (listed.structuredContent as { scans: ScanListItem[] }).scans
      const mine = scans.find((s) => s.scanId === brief.scanId)
      assert.ok(mine)
      assert.equal(mine.score, brief.score.value)
      assert.equal(mine.grade, brief.score.grade)
      assert.equal(mine.findings, brief.findings.length)
    })

    it('explain_finding writes the fix for the framework detected in the scan, with the references', async () => {
      const explained = await call(client, 'explain_finding', { check_id: 'SG-FIX-ADOPT', scan_id: brief.scanId })
      const body = explained.structuredContent as { remediation: unknown; references: unknown }
      assert.deepEqual(body.remediation, remediationFor('SG-FIX-ADOPT', brief.framework.id as never))
      assert.deepEqual(body.references, { ...CHECKS['SG-FIX-ADOPT'].references })
      assert.match(texts(explained)[0]!, /CWE-384/)
    })
  })

  it('explain_finding without a scan falls back to the framework given, else generic', async () => {
    const express = await call(client, 'explain_finding', { check_id: 'SG-FIX-LOGIN', framework: 'express' })
    assert.deepEqual((express.structuredContent as { remediation: unknown }).remediation, remediationFor('SG-FIX-LOGIN', 'express'))
    const generic = await call(client, 'explain_finding', { check_id: 'SG-LOGOUT' })
    assert.deepEqual((generic.structuredContent as { remediation: unknown }).remediation, remediationFor('SG-LOGOUT', 'generic'))
  })

  it('refuses targets off the allow-list and says how to allow them', async () => {
    for (const target of ['http://scan-me.invalid', 'http://intranet.invalid:8080/', 'https://staging.invalid/']) {
      const refused = await call(client, 'scan_target', { target })
      assert.equal(refused.isError, true, target)
      assert.match(texts(refused)[0]!, /not on this server's allow-list/)
      assert.match(texts(refused)[0]!, /sessionguard mcp --allow /)
      assert.equal((refused.structuredContent as { error: { code: string } }).error.code, 'SG_MCP_NOT_ALLOWED')
    }
  })

  it('a second factor reaches nothing the server did not allow: code_url off the allow-list and totp_secret_env outside the prefix are refused', async () => {
    const mfaArgs = (mfa: Record<string, unknown>, creds: Record<string, unknown> = {}) => {
      const args = scanArgs(app)
      const login = args.login as { credentials: Record<string, unknown>; mfa?: unknown }
      login.credentials = { ...login.credentials, ...creds }
      login.mfa = mfa
      return args
    }
    const offList = await call(
      client,
      'scan_target',
      mfaArgs({ type: 'url', code_url: 'http://mail.invalid/api/latest', pattern: '(\\d{6})' }),
    )
    assert.equal(offList.isError, true)
    assert.match(texts(offList)[0]!, /mail\.invalid.*not on this server's allow-list/)
    const outside = await call(client, 'scan_target', mfaArgs({ type: 'totp' }, { totp_secret_env: 'GITHUB_TOKEN' }))
    assert.equal(outside.isError, true)
    assert.match(
      texts(outside)[0]!,
      /totp_secret_env: GITHUB_TOKEN is not one of the variables this server may read; only names starting with SG_/,
    )
  })

  it('names the variable when password_env is not set in the server process', async () => {
    const args = scanArgs(app)
    ;(args.login as { credentials: Record<string, unknown> }).credentials = {
      username: ALICE.username,
      password_env: 'SG_MCP_TEST_UNSET_VAR',
    }
    const failed = await call(client, 'scan_target', args)
    assert.equal(failed.isError, true)
    assert.match(texts(failed)[0]!, /SG_MCP_TEST_UNSET_VAR/)
  })

  it('reports a config mistake as a tool error, not a crash', async () => {
    const failed = await call(client, 'scan_target', { target: app.url, scope: { timeout: 'soon' } })
    assert.equal(failed.isError, true)
    assert.match(texts(failed)[0]!, /scope\.timeout/)
    // the server is still serving
    const listed = await call(client, 'list_scans', {})
    assert.equal(listed.isError, undefined)
  })
})

describe('sessionguard mcp --allow --data-dir', () => {
  let client: Client
  let app: TargetApp
  let dataDir: string
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sg-mcp-history-'))
    app = await startPhpSessions({ mode: 'lax' })
    ;({ client } = await connect(['--allow', 'https://staging.invalid', '--allow', '127.64.0.0/16', '--data-dir', dataDir]))
  })
  after(async () => {
    await client?.close()
    await app?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('adds the given origins to loopback in what the assistant is told and in refusals', async () => {
    const { tools } = await client.listTools()
    assert.match(tools.find((t) => t.name === 'scan_target')!.description ?? '', /localhost, https:\/\/staging\.invalid, 127\.64\.0\.0\/16/)
    const refused = await call(client, 'scan_target', { target: 'https://prod.invalid' })
    assert.equal(refused.isError, true)
    assert.match(texts(refused)[0]!, /https:\/\/staging\.invalid/)
  })

  it('records each scan in the history, marked as coming from mcp', async () => {
    const result = await call(client, 'scan_target', scanArgs(app))
    assert.equal(result.isError, undefined, texts(result).join('\n'))
    const scanId = (result.structuredContent as unknown as ScanBrief).scanId
    const store = new FileHistoryStore(dataDir)
    try {
      const stored = await store.get(scanId)
      assert.equal(stored?.summary.source, 'mcp')
      assert.equal(stored?.report.scanId, scanId)
    } finally {
      await store.close()
    }
  })
})
