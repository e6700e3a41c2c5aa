// r29br L3: a failed step said "did not happen within N s" whenever Playwright's message held "Timeout"
// anywhere, its call log included, which quotes the attributes of the element acted on: a page that wrote
// the word into an attribute chose the failure's words (one bit per failed step). Only Playwright's own
// first line (or its TimeoutError) says a call ran out of time.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { runSteps, StepFailure } from '../../src/login/browser/steps.js'
import { typedOn } from '../../src/login/browser/page-place.js'

/** A page whose every click fails with `err` (only what runSteps touches of a page). */
function failingPage(err: Error): Page {
  const locator = { first: () => ({ click: () => Promise.reject(err) }) }
  return { url: () => 'http://127.0.0.1:9/login', locator: () => locator } as unknown as Page
}

async function why(err: Error, typed: boolean): Promise<string> {
  const page = failingPage(err)
  if (typed) typedOn(page)
  const account = { username: 'alice', password: 'pw-Hunter2-secret' }
  const failed = await runSteps(page, [{ click: '#go' }], account, 5000, 'http://127.0.0.1:9/', ['http://127.0.0.1:9']).then(
    () => undefined,
    (e: unknown) => e,
  )
  assert.ok(failed instanceof StepFailure, String(failed))
  return failed.why
}

test("'Timeout' a page wrote into the call log does not make a step's failure a timeout", async () => {
  const written = new Error(
    `locator.click: Element is not visible\nCall log:\n  - waiting for locator('#go')\n  - locator resolved to <button id="go" title="Timeout">go</button>`,
  )
  for (const typed of [true, false]) {
    const said = await why(written, typed)
    assert.doesNotMatch(said, /did not happen within/, said)
  }
  assert.match(await why(written, true), /^it failed \(the browser's message is not shown/)
})

test("Playwright's own timeout is still said as one", async () => {
  const own = new Error(`locator.click: Timeout 5000ms exceeded.\nCall log:\n  - waiting for locator('#go')`)
  assert.match(await why(own, true), /^did not happen within 5 s/)
  const named = Object.assign(new Error('waiting failed'), { name: 'TimeoutError' })
  assert.match(await why(named, true), /^did not happen within 5 s/)
})
