import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { repoRoot, type CliResult } from '../cli.js'

const cliEntry = join(repoRoot, 'packages/cli/src/run.ts')
const preload = fileURLToPath(new URL('./maxrss-preload.mjs', import.meta.url))

export interface MeasuredCliResult extends CliResult {
  /** Peak resident set size of the CLI process, in MiB (getrusage ru_maxrss as the process exits); undefined if it was killed. */
  maxRssMiB: number | undefined
  /** Wall time from spawn to exit. */
  elapsedMs: number
  /** True when the watchdog had to kill it. */
  killed: boolean
}

/** `sessionguard <args>` as runCli runs it, also reporting the child's peak memory and how long it took. */
export async function runCliMeasured(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<MeasuredCliResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-rss-'))
  const rssFile = join(dir, 'maxrss')
  try {
    const started = performance.now()
    const result = await new Promise<CliResult & { killed: boolean }>((ok, fail) => {
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--import', preload, cliEntry, ...args], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1', ...opts.env, SG_MAXRSS_FILE: rssFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      let killed = false
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      const timer = setTimeout(() => {
        killed = true
        child.kill('SIGKILL')
      }, opts.timeoutMs ?? 120_000)
      child.on('error', fail)
      child.on('close', (code) => {
        clearTimeout(timer)
        ok({ code: code ?? -1, stdout, stderr, killed })
      })
    })
    const elapsedMs = performance.now() - started
    const kib = Number(await readFile(rssFile, 'utf8').catch(() => ''))
    return { ...result, elapsedMs, maxRssMiB: kib > 0 ? kib / 1024 : undefined }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
