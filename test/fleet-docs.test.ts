// docs/fleet.md shows a GitHub Actions matrix workflow and a Kubernetes CronJob for a sharded monitor.
// Both are files this test reads: the snippets must be those files, the workflow must pass GitHub's
// own workflow schema and parser (@actions/workflow-parser), the manifest must be a valid CronJob
// (kubernetes-models), and both must shard consistently with flags the monitor command really has.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { CronJob } from 'kubernetes-models/batch/v1/CronJob'
import { parse } from 'yaml'
import { repoRoot } from '@sessionguard/testkit'
import { buildProgram } from '../packages/cli/src/main.js'

const doc = await readFile(join(repoRoot, 'docs/fleet.md'), 'utf8')
const WORKFLOW = 'examples/fleet/github-matrix.yml'
const MANIFEST = 'examples/fleet/k8s-cronjob.yml'

function snippetAfter(marker: string): string {
  const at = doc.indexOf(`<!-- file: ${marker} -->`)
  assert.ok(at >= 0, `docs/fleet.md has no snippet marked ${marker}`)
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(doc.slice(at))
  assert.ok(m, `no code block after the ${marker} marker`)
  return m[1]!
}

/** Every --flag in a command line must be an option of `sessionguard monitor`, and --shard must read i/n. */
async function assertMonitorArgs(args: string[]): Promise<{ count: number }> {
  const program = await buildProgram(['node', 'sessionguard', 'monitor'])
  const monitor = program.commands.find((c) => c.name() === 'monitor')!
  const known = new Set(monitor.options.map((o) => o.long))
  assert.equal(args[0], 'monitor')
  for (const a of args.filter((x) => x.startsWith('--'))) assert.ok(known.has(a), `monitor has no option ${a}`)
  const shard = args[args.indexOf('--shard') + 1] ?? ''
  const m = /\/(\d+)$/.exec(shard)
  assert.ok(m, `--shard ${shard}`)
  assert.ok(args.includes('--table') && args.includes('--once'))
  return { count: Number(m[1]) }
}

describe('docs/fleet.md', () => {
  for (const file of [WORKFLOW, MANIFEST]) {
    it(`shows ${file} as it is in the repository`, async () => {
      assert.equal(snippetAfter(file), await readFile(join(repoRoot, file), 'utf8'))
    })
  }

  it("the matrix workflow passes GitHub's workflow schema, and its matrix covers every shard once", async () => {
    const content = await readFile(join(repoRoot, WORKFLOW), 'utf8')
    const parsed = parseWorkflow({ name: WORKFLOW, content }, new NoOperationTraceWriter())
    assert.deepEqual(
      parsed.context.errors.getErrors().map((e) => e.message),
      [],
    )
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
    assert.deepEqual(
      (template.errors ?? []).map((e) => e.Message),
      [],
    )

    const wf = parse(content) as { jobs: { monitor: { strategy: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> } } }
    const job = wf.jobs.monitor
    const run = job.steps.map((s) => s.run ?? '').find((r) => r.includes(' monitor '))!
    const args = run
      .replace(/^.*sessionguard\.js\s+/s, '')
      .replace('${{ matrix.shard }}', '0')
      .split(/\s+/)
      .filter(Boolean)
    const { count } = await assertMonitorArgs(args)
    assert.deepEqual(
      job.strategy.matrix.shard,
      Array.from({ length: count }, (_, i) => i),
    )
  })

  it('the Kubernetes manifest is a valid CronJob of an Indexed Job whose indexes are the shards', async () => {
    const manifest = parse(await readFile(join(repoRoot, MANIFEST), 'utf8')) as ConstructorParameters<typeof CronJob>[0]
    const cron = new CronJob(manifest)
    cron.validate()
    const job = cron.spec!.jobTemplate.spec!
    assert.equal(job.completionMode, 'Indexed')
    const container = job.template.spec!.containers[0]!
    const args = container.args!
    const { count } = await assertMonitorArgs(args)
    assert.equal(job.completions, count)
    assert.equal(job.parallelism, count)
    assert.equal(job.template.spec!.restartPolicy, 'Never')
    assert.equal(cron.spec!.concurrencyPolicy, 'Forbid')
    // the shard index reaches the args through a variable the container declares (Kubernetes expands $(NAME))
    const index = /^\$\((\w+)\)\/\d+$/.exec(args[args.indexOf('--shard') + 1]!)?.[1]
    const env = container.env!.find((e) => e.name === index)
    assert.equal(env?.valueFrom?.fieldRef?.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']")
    // the memory limit covers what the monitor states for its concurrency
    const { memoryStatement } = await import('../packages/cli/src/commands/monitor.js')
    const concurrency = Number(args[args.indexOf('--concurrency') + 1])
    const browsers = Number(args[args.indexOf('--browser-concurrency') + 1])
    const mib = Number(/about (\d+) MiB/.exec(memoryStatement({ scans: concurrency, perOrigin: 1, browsers }))![1])
    assert.ok(Number.parseInt(String(container.resources!.limits!.memory), 10) >= mib, `limit under the stated ${mib} MiB`)
  })
})
