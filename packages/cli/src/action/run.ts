import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import {
  allowEnvEntries,
  ConfigError,
  assess,
  cutByBudget,
  extensionOf,
  loadConfigFile,
  loadIgnoreFile,
  mergeConfig,
  render,
  resolveConfig,
  type Assessment,
} from '@sessionguard/scanner'
import { exitCodeForError } from '../exit.js'
import { historyKey, historySink } from './history.js'
import { configFromInputs, INPUT_FOR_KEY } from './config.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { LogGuard } from './log-guard.js'
import { annotation, appendSummary, mask, setOutputs } from './workflow-commands.js'

/**
 * SARIF results need a repository file to hang on: the config file when there is one in the workspace,
 * else the workflow file that ran the step (GITHUB_WORKFLOW_REF names it), which always exists.
 */
export function sarifAnchor(inputs: Pick<ActionInputs, 'config'>, workspace: string, env: NodeJS.ProcessEnv = {}): string | undefined {
  const inWorkspace = (absolute: string): string | undefined => {
    const rel = relative(workspace, absolute)
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !existsSync(absolute)) return undefined
    return rel.split(sep).join('/')
  }
  if (inputs.config) {
    // read relative to the working directory, as the config file itself is
    const config = inWorkspace(resolve(inputs.config))
    if (config) return config
  }
  // owner/repo/.github/workflows/ci.yml@refs/heads/main
  const workflow = /^[^/]+\/[^/]+\/(.+?)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')?.[1]
  return workflow ? inWorkspace(join(workspace, workflow)) : undefined
}

/** The credentials of a proxy URL, as written and percent-decoded (the runner masks each form it is given). */
function proxySecrets(proxy: string | undefined): string[] {
  if (!proxy) return []
  try {
    const u = new URL(proxy)
    const raw = [u.password, u.username && u.password ? `${u.username}:${u.password}` : ''].filter(Boolean)
    return [...new Set(raw.flatMap((v) => [v, safeDecode(v)]))]
  } catch {
    // an unparsable value is refused by the config's validation, with the value left out
    return []
  }
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/** An error as one readable line with its stable code, the way the CLI prints it. */
function errorLine(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && code.startsWith('SG_') ? `${message} [${code}]` : message
}

/** Inputs (over the config file, as CLI flags are) → the scanner's validated config. */
async function configFor(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<ReturnType<typeof resolveConfig>> {
  // the config file is the repository's: it reads SG_* variables and those the workflow allows, never the runner's tokens
  const access = { allowEnv: allowEnvEntries(inputs.allowEnv ?? [], 'input allow-env') }
  const file = inputs.config ? await loadConfigFile(inputs.config, env, access) : undefined
  const given = configFromInputs(inputs, env)
  const merged = mergeConfig(file?.input ?? {}, given)
  // the ignore file adds to the config file's ignore: list, as --ignore-file does for the CLI
  if (inputs.ignoreFile)
    merged.ignore = [...((merged.ignore as unknown[] | undefined) ?? []), ...(await loadIgnoreFile(inputs.ignoreFile, env, access))]
  if (merged.target === undefined)
    throw new ConfigError('no target: give the input target (e.g. http://127.0.0.1:3000) or set target: in the config file')
  return resolveConfig(merged, {
    ...(file ? { positionOf: file.positionOf, source: file.source } : {}),
    flags: { values: given, names: INPUT_FOR_KEY },
  })
}

/** The line of the anchor file that names the scan: the config's target:, or the workflow step that uses this Action (else 1). */
export async function anchorLine(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n')
  const at = lines.findIndex((l) => /^\s*target\s*:/.test(l) || /uses:\s*['"]?sessionguard\/sessionguard@/.test(l))
  return at >= 0 ? at + 1 : 1
}

/**
 * The Action: inputs → assess() → report file, outputs, job summary, annotations. Resolves to the
 * exit code the CLI would give (0 passed, 1 gate failed, 2 configuration, 3 scan error), which fails
 * the step when it is not 0.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string): void => void process.stdout.write(s)
  let inputs: ActionInputs
  try {
    inputs = readInputs(env)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    out(annotation('error', message))
    const code = exitCodeForError(err)
    await setOutputs(env.GITHUB_OUTPUT, { 'exit-code': String(code) })
    await appendSummary(env.GITHUB_STEP_SUMMARY, `## sessionguard: not run\n\n${message}\n`)
    return code
  }
  if (inputs.password) out(mask(inputs.password))
  // the runner hides what it is told to: a proxy's password too, as written and as decoded
  for (const secret of proxySecrets(inputs.proxy)) out(mask(secret))

  let assessment: Assessment
  try {
    // fail-on (default high) becomes the config's fail_on; `none` leaves the gate to the config file's
    // fail_on, and without one there findings do not fail the job
    const config = await configFor(inputs, env)
    const history = inputs.historyTable ? historySink(inputs.historyTable, historyKey(inputs, config.target, env)) : undefined
    assessment = await assess(config, {
      defaultFailOn: 'none',
      ...(history ? { history } : {}),
      // the workflow's choice of browser (or SESSIONGUARD_BROWSER in the step's env); a config file only names a system one
      ...(inputs.browser ? { browser: inputs.browser } : {}),
      ...(inputs.screenshots ? { screenshots: true } : {}),
    })
  } catch (err) {
    const code = exitCodeForError(err)
    const line = errorLine(err)
    out(annotation('error', line))
    await setOutputs(env.GITHUB_OUTPUT, { 'exit-code': String(code) })
    await appendSummary(env.GITHUB_STEP_SUMMARY, `## sessionguard: no result\n\nThe scan did not complete (exit code ${code}): ${line}\n`)
    return code
  }

  const { report, verdict } = assessment
  // the step log shows the report as the CLI prints it, inside a stop-commands block: the report quotes
  // the target, and nothing the target wrote may act as a workflow command. The job summary carries
  // the Markdown version (a file the runner renders, never parses for commands).
  const guard = new LogGuard()
  out(guard.start)
  try {
    out(guard.filter(render(report, 'pretty', { color: false })))
  } finally {
    out(guard.end)
  }
  const code = verdict.exitCode
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const reportPath = resolve(inputs.output ?? `sessionguard-report${extensionOf(inputs.format)}`)
  const anchor = inputs.format === 'sarif' ? sarifAnchor(inputs, workspace, env) : undefined
  const artifact = anchor ? { artifactUri: anchor, artifactLine: await anchorLine(join(workspace, anchor)) } : {}
  await mkdir(dirname(reportPath), { recursive: true })
  await writeFile(reportPath, render(report, inputs.format, { color: false, ...artifact }))
  const reasons = verdict.reasons.join('; ')
  const headline = verdict.passed ? '> ✅ **sessionguard passed this job.**' : `> ❌ **sessionguard failed this job:** ${reasons}`
  if (!verdict.passed) out(annotation('error', `gate failed: ${reasons}`))
  // a clean-looking score from a scan that never attacked the login must not pass for a grade
  if (report.score.grade === null)
    out(
      annotation(
        'warning',
        `no grade: fixation not tested (${report.gradeLabel}); configure a login (login-url, username, password, check-url) so the takeover checks run`,
      ),
    )
  // the report stands on what ran before the budget ended the scan: say so where the job is read
  if (report.budgetExhausted)
    out(
      annotation(
        'warning',
        `the scan's budget ran out (${report.budgetExhausted}): ${cutByBudget(report).length} check(s) it cut are not tested, the findings proven before it stand; raise scope.budget / scope.max_requests in the config file`,
      ),
    )
  await setOutputs(env.GITHUB_OUTPUT, {
    'exit-code': String(code),
    score: String(report.score.value),
    // 'none': the scan ran but earned no letter (no fixation check ran); empty still means it did not complete
    grade: report.score.grade ?? 'none',
    report: reportPath,
    findings: String(report.findings.length),
  })
  await appendSummary(env.GITHUB_STEP_SUMMARY, `${headline}\n\n${render(report, 'markdown', { color: false })}`)
  // as `scan --save` does: the report is out, but a team that asked for its history must hear it was not kept
  if (assessment.historyError !== undefined) {
    const line = `the scan was not recorded in the history table ${inputs.historyTable}: ${errorLine(assessment.historyError)}`
    out(annotation('error', line))
    await setOutputs(env.GITHUB_OUTPUT, { 'exit-code': '3' })
    await appendSummary(env.GITHUB_STEP_SUMMARY, `\n> ❌ ${line}\n`)
    return 3
  }
  return code
}
