import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DashboardError } from '../../src/index.js'
import { FileHistoryStore } from '../../src/store/index.js'
import { startDashboard } from '../../src/server/index.js'

test('a busy port is a one-line error naming the port and the flag to change it (exit 2)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-dash-port-'))
  const taken: Server = createServer()
  await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok))
  const port = (taken.address() as { port: number }).port
  try {
    await assert.rejects(
      startDashboard({ store: new FileHistoryStore(dir), host: '127.0.0.1', port }),
      (e: unknown) =>
        e instanceof DashboardError &&
        e.code === 'SG_DASHBOARD_PORT' &&
        e.exitCode === 2 &&
        !e.message.includes('\n') &&
        e.message.includes(`port ${port} on 127.0.0.1 is already in use`) &&
        /--port \d+, or --port 0/.test(e.message),
    )
  } finally {
    await new Promise((ok) => taken.close(ok))
    await rm(dir, { recursive: true, force: true })
  }
})
