// The driver's close() ends even when a context's close never settles: the browser-budget e2e once
// waited past its 180 s limit with the scan held in a Promise.all, on a machine at load 10-17.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CLOSE_WAIT_MS } from '../../src/login/browser/driver.js'
import { bareDriver } from './bare-driver.js'

test('close() goes on when a context never finishes closing, and closes the browser anyway', { timeout: 4 * CLOSE_WAIT_MS }, async () => {
  const closers: Array<() => Promise<unknown>> = []
  const { driver } = bareDriver('http://127.0.0.1:9', closers)
  let browserClosed = false
  const internals = driver as unknown as { contexts: Set<unknown>; launching: Promise<unknown> | undefined }
  internals.contexts.add({ close: () => new Promise(() => undefined) })
  internals.launching = Promise.resolve({
    close: async () => {
      browserClosed = true
    },
  })
  // the driver's wait does not hold the process open (a scan's own work does): this test's does
  const alive = setInterval(() => undefined, 1000)
  try {
    await driver.close()
  } finally {
    clearInterval(alive)
  }
  assert.equal(browserClosed, true)
  for (const close of closers.reverse()) await close()
})
