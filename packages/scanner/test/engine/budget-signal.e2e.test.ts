import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

// A caller's signal (the MCP server's, Ctrl-C) is combined with the scan's time budget. Node holds the
// sources of AbortSignal.any() weakly, so a budget signal that only the combination referenced could be
// collected and never fire: the scan then ran past its budget until the per-request timeout.
test('the time budget still ends a request when the caller passes its own signal and the heap is collected', () => {
  const child = fileURLToPath(new URL('./budget-signal-child.ts', import.meta.url))
  const r = spawnSync(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), 'BudgetExhaustedError', r.stderr)
})
