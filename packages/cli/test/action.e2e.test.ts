import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALICE, freePort, startPhpSessions, type TargetApp } from '@sessionguard/testkit'
import type { ScanReport } from '@sessionguard/scanner'
import { INPUT_DEFAULTS } from '../src/action/inputs.js'
import { buildActionBundle } from '../src/action/build.js'

interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
}

/** Parses the GITHUB_OUTPUT file: name<<DELIM / value / DELIM blocks (and plain name=value lines). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = line.match(/^([^=<]+)<<(.+)$/)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1)
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
  }
  return outputs
}

describe('the GitHub Action, run as the runner runs it', () => {
  let dir: string
  let bundle: string
  let lax: TargetApp
  let safe: TargetApp

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-action-'))
    // A fresh bundle far from any node_modules: it must run with nothing installed, as on a runner.
    bundle = (await buildActionBundle(join(dir, 'action', 'index.mjs'))).outfile
    lax = await startPhpSessions({ mode: 'lax' })
    safe = await startPhpSessions({ mode: 'correct' })
  })
  after(async () => {
    await lax?.close()
    await safe?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  let runs = 0
  /** node <main> in a fresh workspace, with every declared input set (defaults included) as INPUT_<NAME>. */
  async function runAction(
    inputs: Record<string, string>,
    env: Record<string, string> = {},
    prepare?: (ws: string) => Promise<void>,
  ): Promise<ActionRun> {
    const workspace = join(dir, `ws-${++runs}`)
    await mkdir(join(workspace, '.runner-temp'), { recursive: true })
    await prepare?.(workspace)
    const outputFile = join(workspace, '.github_output')
    const summaryFile = join(workspace, '.step_summary')
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    const inputEnv = Object.fromEntries(
      Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
    )
    const child = spawn(process.execPath, [bundle], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workspace,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: join(workspace, '.runner-temp'),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...inputEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number>((ok, fail) => {
      child.on('error', fail)
      child.on('close', (c) => ok(c ?? -1))
    })
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
      workspace,
    }
  }

  const loginInputs = (app: TargetApp): Record<string, string> => ({
    target: app.url,
    'login-url': '/login.php',
    'check-url': '/account.php',
    'check-contains': ALICE.username,
    username: ALICE.username,
    password: ALICE.password,
  })

  it('fails the job on the vulnerable app, with outputs, a SARIF report and a job summary', async () => {
    const run = await runAction(loginInputs(lax))
    assert.equal(run.code, 1, run.stderr)
    assert.equal(run.outputs['exit-code'], '1')
    assert.match(run.outputs.grade ?? '', /^[A-F]$/)
    assert.match(run.outputs.score ?? '', /^\d+$/)
    assert.equal(run.outputs.report, join(run.workspace, 'sessionguard-report.sarif'))

    const sarif = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as {
      version: string
      runs: Array<{ results: Array<{ ruleId: string; level: string }> }>
    }
    assert.equal(sarif.version, '2.1.0')
    const ruleIds = sarif.runs[0]!.results.map((r) => r.ruleId)
    assert.ok(ruleIds.includes('SG-FIX-ADOPT'), ruleIds.join(' '))
    assert.equal(run.outputs.findings, String(sarif.runs[0]!.results.length))

    assert.match(run.summary, /failed this job/)
    assert.match(run.summary, /SG-FIX-ADOPT/)
    assert.match(run.summary, new RegExp(`grade \\*\\*${run.outputs.grade}\\*\\*`))
    assert.match(run.stdout, /^::error title=sessionguard::gate failed: .*SG-FIX-ADOPT/m)
  })

  it('without a login: grade output none, no letter in the log or the summary, and a warning annotation that says why', async () => {
    const run = await runAction({ target: `${lax.url}/login.php`, format: 'json', 'fail-on': 'none' })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.outputs.grade, 'none')
    const report = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as ScanReport
    assert.equal(report.score.grade, null)
    assert.equal(run.outputs.score, String(report.score.value))
    assert.match(run.stdout, /grade — \(incomplete: fixation not tested; \d+ of 21 checks ran\)/)
    assert.match(run.stdout, /^::warning title=sessionguard::no grade: fixation not tested/m)
    assert.match(run.summary, /grade \*\*—\*\* \(fixation not tested\)/)
    assert.doesNotMatch(run.summary, /grade \*\*[A-F]\*\*/)
  })

  it('masks the password and never writes it to the report, the summary or the outputs', async () => {
    const run = await runAction({ ...loginInputs(lax), format: 'json', 'fail-on': 'none' })
    assert.match(run.stdout, new RegExp(`^::add-mask::${ALICE.password}$`, 'm'))
    const everything = [run.summary, JSON.stringify(run.outputs), await readFile(run.outputs.report!, 'utf8')].join('\n')
    assert.equal(everything.includes(ALICE.password), false)
  })

  it('passes the job on the safe app, with the score output matching the report file', async () => {
    const run = await runAction({ ...loginInputs(safe), format: 'json', output: 'reports/sessionguard.json' })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.outputs.report, join(run.workspace, 'reports', 'sessionguard.json'))
    const report = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as ScanReport
    assert.equal(run.outputs.score, String(report.score.value))
    assert.equal(run.outputs.grade, report.score.grade)
    assert.ok(report.findings.every((f) => f.severity !== 'critical' && f.severity !== 'high'))
    assert.match(run.summary, /passed this job/)
    assert.doesNotMatch(run.stdout, /^::error/m)
  })

  it('takes the scan from a config file, reads its ${ENV} password from the step env, and gates on threshold', async () => {
    const yaml = (app: TargetApp): string =>
      [
        `target: ${app.url}`,
        'login:',
        '  url: /login.php',
        '  credentials: { username: alice, password: "${SG_TEST_PASSWORD}" }',
        '  check: { url: /account.php, contains: alice }',
        '',
      ].join('\n')
    const prepare = (ws: string) =>
      mkdir(join(ws, 'ci'), { recursive: true }).then(() => writeFile(join(ws, 'ci', 'sessionguard.yml'), yaml(lax)))
    const env = { SG_TEST_PASSWORD: ALICE.password }

    const ungated = await runAction({ config: 'ci/sessionguard.yml', 'fail-on': 'none' }, env, prepare)
    assert.equal(ungated.code, 0, ungated.stderr)
    const score = Number(ungated.outputs.score)
    const sarif = await readFile(ungated.outputs.report!, 'utf8')
    assert.match(sarif, /"uri":\s*"ci\/sessionguard\.yml"/, 'SARIF results are anchored to the config file')

    const gated = await runAction({ config: 'ci/sessionguard.yml', 'fail-on': 'none', threshold: String(score + 1) }, env, prepare)
    assert.equal(gated.code, 1)
    assert.match(gated.summary, new RegExp(`score ${score} is under the threshold ${score + 1}`))
  })

  it('when the scan budget runs out mid-scan: the report is written, a warning annotation names the budget, exit-code follows the gate', async () => {
    const yaml = (scope: string): string =>
      [
        `target: ${lax.url}`,
        'login:',
        '  url: /login.php',
        '  credentials: { username: alice, password: "${SG_TEST_PASSWORD}" }',
        '  check: { url: /account.php, contains: alice }',
        scope,
        '',
      ].join('\n')
    const env = { SG_TEST_PASSWORD: ALICE.password }
    const withConfig = (scope: string) => (ws: string) =>
      mkdir(join(ws, 'ci'), { recursive: true }).then(() => writeFile(join(ws, 'ci', 'sessionguard.yml'), yaml(scope)))
    const whole = await runAction({ config: 'ci/sessionguard.yml', format: 'json', 'fail-on': 'none' }, env, withConfig(''))
    assert.equal(whole.code, 0, whole.stderr)
    const max = (JSON.parse(await readFile(whole.outputs.report!, 'utf8')) as ScanReport).requestCount - 1

    const run = await runAction(
      { config: 'ci/sessionguard.yml', format: 'json', 'fail-on': 'high' },
      env,
      withConfig(`scope: { max_requests: ${max} }`),
    )
    assert.equal(run.code, 1, run.stderr)
    assert.equal(run.outputs['exit-code'], '1', 'the critical SG-FIX-ADOPT proven before the cut fails the gate')
    const report = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as ScanReport
    assert.equal(report.budgetExhausted, `request budget of ${max} used up`)
    assert.ok(report.findings.some((f) => f.id === 'SG-FIX-ADOPT'))
    assert.match(
      run.stdout,
      new RegExp(
        `^::warning title=sessionguard::the scan's budget ran out \\(request budget of ${max} used up\\): \\d+ check\\(s\\) it cut are not tested`,
        'm',
      ),
    )
    assert.match(run.stdout, /^::error title=sessionguard::gate failed: .*SG-FIX-ADOPT/m)
  })

  it('ends with exit code 2 and an annotation on a bad input, without scanning', async () => {
    const run = await runAction({ target: lax.url, 'fail-on': 'severe' })
    assert.equal(run.code, 2)
    assert.equal(run.outputs['exit-code'], '2')
    assert.equal(run.outputs.score, undefined)
    assert.match(run.stdout, /^::error title=sessionguard::input fail-on/m)
    assert.match(run.summary, /not run/)
  })

  it("a mistyped target's annotation and summary quote no value of its credential parameters (r23y Y-M11)", async () => {
    const key = 'Zq7vN2kLp9xWc4rT8mYb3dHs6fJg1aEu'
    const run = await runAction({ target: `http//127.0.0.1:1/app?a=1;token=${key}` })
    assert.equal(run.code, 2)
    assert.match(run.stdout, /^::error title=sessionguard::.*not a valid URL/m)
    assert.ok(!`${run.stdout}${run.stderr}${run.summary}`.includes(key.slice(0, 5)), run.stdout)
  })

  it('ends with exit code 3 and says why when the target is unreachable', async () => {
    const port = await freePort()
    const run = await runAction({ target: `http://127.0.0.1:${port}` })
    assert.equal(run.code, 3)
    assert.equal(run.outputs['exit-code'], '3')
    assert.match(run.summary, /did not complete \(exit code 3\)/)
    assert.match(run.stdout, /^::error title=sessionguard::.*SG_TARGET_UNREACHABLE/m)
  })
})
