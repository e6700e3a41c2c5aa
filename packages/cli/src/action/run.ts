import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { render, type Format, type ScanReport } from '@sessionguard/scanner'
import { main } from '../main.js'
import { exitCodeForError } from '../exit.js'
import { PASSWORD_VAR, cliArgs } from './cli-args.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { LogGuard } from './log-guard.js'
import { annotation, appendSummary, mask, setOutputs } from './workflow-commands.js'

const EXTENSION: Record<Format, string> = { pretty: 'txt', json: 'json', sarif: 'sarif', junit: 'xml', markdown: 'md', html: 'html' }

/** SARIF results need a repository file to hang on: the config file when there is one in the workspace. */
function sarifAnchor(inputs: ActionInputs, workspace: string): string | undefined {
  if (!inputs.config) return undefined
  const rel = relative(workspace, resolve(inputs.config))
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined
  return rel.split(sep).join('/')
}

/**
 * Runs the CLI in this process, keeping a copy of what it says on stderr for annotations. Both
 * streams reach the job log through `guard`: nothing the target wrote can act as a workflow command.
 */
async function runCli(args: string[], guard: LogGuard): Promise<{ code: number; stderr: string }> {
  let stderr = ''
  const write = process.stderr.write.bind(process.stderr)
  const writeOut = process.stdout.write.bind(process.stdout)
  const text = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr += text(chunk)
    return (write as (...a: unknown[]) => boolean)(guard.filter(text(chunk)), ...rest)
  }) as typeof process.stderr.write
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    (writeOut as (...a: unknown[]) => boolean)(guard.filter(text(chunk)), ...rest)) as typeof process.stdout.write
  try {
    const code = await main(['node', 'sessionguard', ...args])
    return { code, stderr }
  } finally {
    process.stderr.write = write
    process.stdout.write = writeOut
  }
}

const said = (stderr: string, what: 'error' | 'gate failed'): string | undefined =>
  stderr.match(new RegExp(`^sessionguard: ${what}: (.*)$`, 'm'))?.[1]

/**
 * The Action: inputs → `sessionguard scan` → report file, outputs, job summary, annotations. Resolves
 * to the CLI's exit code, which fails the step when it is not 0.
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
  if (inputs.password) {
    out(mask(inputs.password))
    process.env[PASSWORD_VAR] = inputs.password
  }

  const work = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'sessionguard-'))
  try {
    const jsonPath = join(work, 'report.json')
    const guard = new LogGuard()
    out(guard.start)
    let result: { code: number; stderr: string }
    try {
      result = await runCli(cliArgs(inputs, jsonPath), guard)
    } finally {
      out(guard.end)
    }
    const { code, stderr } = result
    let report: ScanReport | undefined
    try {
      report = JSON.parse(await readFile(jsonPath, 'utf8')) as ScanReport
    } catch {
      report = undefined
    }
    const outputs: Record<string, string> = { 'exit-code': String(code) }
    let summary: string
    if (report) {
      const workspace = env.GITHUB_WORKSPACE || process.cwd()
      const reportPath = resolve(inputs.output ?? `sessionguard-report.${EXTENSION[inputs.format]}`)
      const anchor = inputs.format === 'sarif' ? sarifAnchor(inputs, workspace) : undefined
      await mkdir(dirname(reportPath), { recursive: true })
      await writeFile(reportPath, render(report, inputs.format, { color: false, ...(anchor ? { artifactUri: anchor } : {}) }))
      Object.assign(outputs, { score: String(report.score.value), grade: report.score.grade, report: reportPath, findings: String(report.findings.length) })
      const verdict =
        code === 0 ? '> ✅ **sessionguard passed this job.**' : `> ❌ **sessionguard failed this job:** ${said(stderr, 'gate failed') ?? `exit code ${code}`}`
      summary = `${verdict}\n\n${render(report, 'markdown', { color: false })}`
    } else {
      summary = `## sessionguard: no result\n\nThe scan did not complete (exit code ${code}): ${said(stderr, 'error') ?? 'see the step log'}\n`
    }
    if (code === 1) out(annotation('error', `gate failed: ${said(stderr, 'gate failed') ?? 'see the step log'}`))
    else if (code !== 0) out(annotation('error', said(stderr, 'error') ?? `sessionguard exited with code ${code}`))
    await setOutputs(env.GITHUB_OUTPUT, outputs)
    await appendSummary(env.GITHUB_STEP_SUMMARY, summary)
    return code
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
